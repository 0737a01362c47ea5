/**
 * Tag filters: the tags a target's instances must carry, all of them, to be selected. A config
 * file writes them as a map (`tags: { team: payments }`); the CLI (`--tag team=payments`,
 * repeatable) and the Action (`tags`, key=value lines or comma-separated) hand over `key=value`
 * items. Either becomes one map, checked against RDS's tag rules so a typo fails before any call.
 */
import { z } from "zod";
import { parseListText } from "./schema-inputs.js";

/** The tags a target requires, key to value; empty when the target has no tag filter. */
export type TagFilter = Readonly<Record<string, string>>;

// RDS's rules for a tag (the RDS API reference, data type Tag): a key of 1 to 128 characters and a
// value of 0 to 256, each only Unicode letters, digits, white space and _ . : / = + - @. A comma is
// never part of a tag, which is why key=value items may be comma-separated.
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_RULE = "may hold only letters, digits, spaces and _ . : / = + - @ (RDS's tag rules)";

/** Why a tag is not one RDS could hold, or undefined. */
function tagProblem(key: string, value: string): string | undefined {
  if (key === "") return `tag "=${value}" has an empty key: write key=value, e.g. team=payments`;
  if (key.length > 128) return `tag key "${key.slice(0, 20)}…" is longer than 128 characters`;
  if (value.length > 256) return `the value of tag ${key} is longer than 256 characters`;
  if (!TAG_TEXT.test(key)) return `tag key "${key}" ${TAG_RULE}`;
  if (!TAG_TEXT.test(value)) return `the value of tag ${key} ${TAG_RULE}`;
  return undefined;
}

/**
 * The schema of a target's `tags`: a map of strings, `key=value` items (a list, or one string of
 * them separated by commas or lines). The first `=` ends the key, so a value may hold one; an
 * empty value is a tag whose value is empty, as RDS allows. A key given twice with two values is
 * an error: no instance could match both.
 */
export function tagsInput() {
  return z
    .union([z.record(z.string(), z.string()), z.array(z.string()), z.string()], {
      // A map whose value YAML read as a number or a boolean (`version: 2`) is the likely mistake.
      error: (issue) =>
        typeof issue.input === "object" && issue.input !== null && !Array.isArray(issue.input)
          ? 'a tag value must be a string: quote it (version: "2")'
          : "expected a map of tag keys to values, or key=value items (a list, or comma-separated)",
    })
    .transform((value, ctx) => {
      const pairs: [string, string][] = [];
      if (typeof value === "object" && !Array.isArray(value)) pairs.push(...Object.entries(value));
      else {
        const items = typeof value === "string" ? parseListText(value, { newlines: true }) : value;
        for (const item of items.flatMap((text) => parseListText(text))) {
          const at = item.indexOf("=");
          if (at < 0) {
            ctx.addIssue({
              code: "custom",
              message: `"${item}" is not key=value: write the tag as key=value, e.g. team=payments`,
              input: item,
            });
          } else pairs.push([item.slice(0, at).trim(), item.slice(at + 1).trim()]);
        }
      }
      const tags: Record<string, string> = {};
      for (const [key, tagValue] of pairs) {
        const problem = tagProblem(key, tagValue);
        if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem, input: key });
        else if (key in tags && tags[key] !== tagValue)
          ctx.addIssue({
            code: "custom",
            message: `tag ${key} is given twice (${tags[key]}, ${tagValue}): an instance has one value per key`,
            input: key,
          });
        else tags[key] = tagValue;
      }
      return tags as TagFilter;
    });
}

/** True when `tags` (an instance's) carry every tag of `filter`, with the same value; keys are case-sensitive, as RDS's are. */
export function matchesTags(tags: TagFilter | undefined, filter: TagFilter): boolean {
  return Object.entries(filter).every(([key, value]) => tags !== undefined && tags[key] === value);
}

/** True when the filter requires at least one tag. */
export function hasTagFilter(filter: TagFilter | undefined): filter is TagFilter {
  return filter !== undefined && Object.keys(filter).length > 0;
}

/** `team=payments, env=prod`: a filter as the surfaces write it. */
export function renderTagFilter(filter: TagFilter): string {
  return Object.entries(filter)
    .map(([key, value]) => `${key}=${value}`)
    .join(", ");
}
