/**
 * Renders the destination key of one source version from the configured key template.
 *
 * A key is a pure function of the source version (instance, name, size, LastWritten), so:
 * - the same version always renders the same key: re-runs and overlapping runs collide on purpose,
 *   and the no-overwrite write detects it;
 * - two different versions never share a key: a file that grew, a `mysql-slowquery.log.7` name
 *   repeating the next day, a name reused after rotation;
 * - a renamed copy of content already archived (`server_audit.log.1` becoming `.2`) renders the key
 *   it already has, because the name's part of the key is its rename family.
 * `{file}` carries this: the family's base name, `_`, then a version discriminator built from
 * LastWritten (UTC, to the millisecond) and the size: `postgresql.log.2026-11-20-10_20261120T105959000Z_6278`.
 * A source that is already gzip loses its `.gz` there, so a template ending in `.gz` never renders
 * `.gz.gz`; its bytes are stored as they are.
 *
 * Every value that comes from RDS becomes exactly one key segment: `%`, `/`, `\` and control
 * characters are percent-encoded, `.` and `..` become `%2E` and `%2E%2E`, an empty value becomes
 * `_` (and a value that is exactly `_` becomes `%5F`). The encoding is injective, so distinct values
 * stay distinct. Spaces and non-ASCII text are kept as they are.
 */

import { KEY_PLACEHOLDERS, type KeyPlaceholder } from "../config/key-placeholders.js";
import { ArchiverError } from "../errors.js";
import { parseLogName } from "./parse-log-name.js";

/** One source version and where it comes from: everything a key template can refer to. */
export interface KeyInput {
  /** The configured key prefix, inserted as written (it may contain `/`). */
  prefix: string;
  /** The DB cluster id, or the instance id for a standalone instance. */
  cluster: string;
  instance: string;
  region: string;
  engine: string;
  /** The log file name as `DescribeDBLogFiles` lists it, e.g. `error/postgresql.log.2026-11-20-10`. */
  logFileName: string;
  /** Size in bytes as listed. */
  size: number;
  /** LastWritten as listed, epoch milliseconds. */
  lastWritten: number;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;
/** Years 1970 through 9999, so the discriminator always has the same shape. */
const MAX_EPOCH_MS = 253_402_300_799_999;

/**
 * Fills `template` for one source version; see the file header for the guarantees. Throws a
 * `CONFIG_INVALID` {@link ArchiverError} for an unknown placeholder, an unbalanced brace, or a
 * template and prefix that render a key starting with `/` or holding an empty, `.` or `..` segment.
 */
export function renderKey(template: string, input: KeyInput): string {
  checkTemplate(template);
  const { size, lastWritten } = input;
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new ArchiverError(
      "INTERNAL",
      `cannot render a key for ${input.logFileName}: size ${size} is not a byte count`,
    );
  }
  if (!Number.isSafeInteger(lastWritten) || lastWritten < 0 || lastWritten > MAX_EPOCH_MS) {
    throw new ArchiverError(
      "INTERNAL",
      `cannot render a key for ${input.logFileName}: LastWritten ${lastWritten} is not an epoch time in milliseconds`,
    );
  }

  const parsed = parseLogName(input.logFileName, lastWritten);
  // The name below the log type folder: the base name for every RDS name (one folder deep), and
  // the deeper path, encoded into this one segment, for anything deeper, so it stays distinct.
  let stem = parsed.logType === "" ? parsed.family : parsed.family.slice(parsed.logType.length + 1);
  if (parsed.compressed) stem = stem.slice(0, -".gz".length);
  const version = `${new Date(lastWritten).toISOString().replace(/[-:.]/g, "")}_${size}`;
  const hour = parsed.contentHour;

  const values: Record<KeyPlaceholder, string> = {
    prefix: input.prefix,
    cluster: toKeySegment(input.cluster),
    instance: toKeySegment(input.instance),
    region: toKeySegment(input.region),
    engine: toKeySegment(input.engine),
    logType: toKeySegment(parsed.logType),
    file: `${encodeUnsafe(stem)}_${version}`,
    yyyy: String(hour.getUTCFullYear()).padStart(4, "0"),
    mm: String(hour.getUTCMonth() + 1).padStart(2, "0"),
    dd: String(hour.getUTCDate()).padStart(2, "0"),
    hh: String(hour.getUTCHours()).padStart(2, "0"),
  };
  const key = template.replace(PLACEHOLDER, (_, name: string) => values[name as KeyPlaceholder]);
  checkKey(key, template, input.prefix);
  return key;
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
function toKeySegment(value: string): string {
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
