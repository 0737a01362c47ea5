/**
 * Renders a destination key from the configured key template. Every source fills the same
 * placeholders: where the data comes from (cluster, instance, region, engine), what kind it is
 * (`logType`: a log folder such as `error`, or `events` / `activity`), the UTC hour its contents
 * belong to, and `file`, a name that the source makes unique per version of what it archives.
 *
 * Every value that comes from RDS becomes exactly one key segment: `%`, `/`, `\` and control
 * characters are percent-encoded, `.` and `..` become `%2E` and `%2E%2E`, an empty value becomes
 * `_` (and a value that is exactly `_` becomes `%5F`). The encoding is injective, so distinct values
 * stay distinct. Spaces and non-ASCII text are kept as they are. A segment too long for a file
 * system is shortened, injectively too (fit-key-segments.ts).
 */

import { ArchiverError } from "../errors.js";
import { fitKeySegments } from "./fit-key-segments.js";
import { KEY_PLACEHOLDERS, type KeyPlaceholder } from "./key-placeholders.js";

/** Everything a key template can refer to, for one object. */
export interface KeyFields {
  /** The configured key prefix, inserted as written (it may contain `/`). */
  prefix: string;
  /** The DB cluster id, or the instance id for a standalone instance. */
  cluster: string;
  instance: string;
  region: string;
  engine: string;
  /** The kind of data: a log folder (`error`, `audit`, …), `events` or `activity`. */
  logType: string;
  /** The object's name below its folders, unique per archived version; encoded as one segment. */
  file: string;
  /** The UTC hour the contents belong to. */
  hour: Date;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;

/**
 * Fills `template` for one object; see the file header for the encoding. Throws a
 * `CONFIG_INVALID` {@link ArchiverError} for an unknown placeholder, an unbalanced brace, or a
 * template and prefix that render a key starting with `/` or holding an empty, `.` or `..` segment.
 */
export function renderKey(template: string, fields: KeyFields): string {
  checkTemplate(template);
  const { hour } = fields;
  const values: Record<KeyPlaceholder, string> = {
    prefix: fields.prefix,
    cluster: toKeySegment(fields.cluster),
    instance: toKeySegment(fields.instance),
    region: toKeySegment(fields.region),
    engine: toKeySegment(fields.engine),
    logType: toKeySegment(fields.logType),
    file: toKeySegment(fields.file),
    yyyy: String(hour.getUTCFullYear()).padStart(4, "0"),
    mm: String(hour.getUTCMonth() + 1).padStart(2, "0"),
    dd: String(hour.getUTCDate()).padStart(2, "0"),
    hh: String(hour.getUTCHours()).padStart(2, "0"),
  };
  const key = template.replace(PLACEHOLDER, (_, name: string) => values[name as KeyPlaceholder]);
  checkKey(key, template, fields.prefix);
  return fitKeySegments(key, fields.prefix);
}

function checkTemplate(template: string): void {
  for (const [, name] of template.matchAll(PLACEHOLDER)) {
    if (!(KEY_PLACEHOLDERS as readonly string[]).includes(name as string)) {
      throw new ArchiverError(
        "CONFIG_INVALID",
        `key template ${JSON.stringify(template)} uses unknown placeholder {${name}}; known placeholders: ${known()}`,
        { hint: `use only ${known()}` },
      );
    }
  }
  if (/[{}]/.test(template.replace(PLACEHOLDER, ""))) {
    throw new ArchiverError(
      "CONFIG_INVALID",
      `key template ${JSON.stringify(template)} has an unbalanced brace`,
      {
        hint: `placeholders are written in braces: ${known()}`,
      },
    );
  }
}

/** Values from RDS cannot cause these, so they come from the template or the prefix. */
function checkKey(key: string, template: string, prefix: string): void {
  const bad = key.split("/").find((segment) => segment === "" || segment === "." || segment === "..");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we reject
  if (bad === undefined && !/[\u0000-\u001f\u007f-\u009f]/.test(key)) return;
  throw new ArchiverError(
    "CONFIG_INVALID",
    `key template ${JSON.stringify(template)} with prefix ${JSON.stringify(prefix)} renders ${JSON.stringify(key)}, which ${
      bad === undefined
        ? "holds a control character"
        : "starts with /, holds // or a . or .. segment, or ends with /"
    }`,
    {
      hint: 'write the prefix without a leading "/" and with one trailing "/" (or empty), and no "//" in the template',
    },
  );
}

function known(): string {
  return KEY_PLACEHOLDERS.map((p) => `{${p}}`).join(" ");
}

/** One key segment from a value that may hold anything; injective. */
export function toKeySegment(value: string): string {
  if (value === "") return "_";
  if (value === "_") return "%5F";
  if (value === ".") return "%2E";
  if (value === "..") return "%2E%2E";
  return encodeUnsafe(value);
}

/** Percent-encodes `%`, `/`, `\`, control characters and lone surrogates (as their UTF-8/WTF-8 bytes). */
function encodeUnsafe(value: string): string {
  return value.replace(/[%/\\\p{Cc}\uD800-\uDFFF]/gu, (c) =>
    utf8Bytes(c.charCodeAt(0)).map(percent).join(""),
  );
}

function utf8Bytes(code: number): number[] {
  if (code < 0x80) return [code];
  if (code < 0x800) return [0xc0 | (code >> 6), 0x80 | (code & 0x3f)];
  return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
}

function percent(byte: number): string {
  return `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
}
