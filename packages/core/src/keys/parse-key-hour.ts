/**
 * The UTC hour a key's folders name, read back through the key template: what `verify` uses to
 * leave objects outside its window unread, and to place an object whose metadata is missing.
 */
import { KEY_PLACEHOLDERS } from "./key-placeholders.js";

const PLACEHOLDER = /\{([^{}]*)\}/g;
const HOUR_PARTS = ["yyyy", "mm", "dd", "hh"] as const;

/**
 * A reader of keys rendered from `template` under `prefix`: the key's hour, or undefined when the
 * template has no year, month and day or the key does not fit it. Without `{hh}` the hour is the
 * day's first. Pure.
 */
export function parseKeyHour(template: string, prefix: string): (key: string) => Date | undefined {
  const groups: string[] = [];
  let pattern = "";
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    pattern += escapeRegExp(template.slice(last, match.index));
    const name = match[1] ?? "";
    if (name === "prefix") pattern += escapeRegExp(prefix);
    else if ((HOUR_PARTS as readonly string[]).includes(name)) {
      groups.push(name);
      pattern += name === "yyyy" ? "(\\d{4})" : "(\\d{2})";
    } else if ((KEY_PLACEHOLDERS as readonly string[]).includes(name)) pattern += "[^/]*";
    last = (match.index ?? 0) + match[0].length;
  }
  pattern += escapeRegExp(template.slice(last));
  if (!["yyyy", "mm", "dd"].every((part) => groups.includes(part))) return () => undefined;
  const regex = new RegExp(`^${pattern}$`, "u");
  return (key) => {
    const found = regex.exec(key);
    if (!found) return undefined;
    const value = (part: string) => Number(found[groups.indexOf(part) + 1] ?? "0");
    const date = new Date(Date.UTC(value("yyyy"), value("mm") - 1, value("dd"), value("hh")));
    return Number.isNaN(date.getTime()) ? undefined : date;
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
