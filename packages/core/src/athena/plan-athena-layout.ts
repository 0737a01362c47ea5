/**
 * How Athena sees the archive that a key template writes: the table root, the partition folder
 * template (`storage.location.template`) with a partition-projection setting per column, and the
 * rest of the key below it. Pure: the same template always plans the same layout.
 *
 * The Athena facts it relies on (Athena user guide, "Partition projection" pages):
 * - projection types are `enum`, `integer`, `date` and `injected`; `storage.location.template`
 *   must hold a `${column}` for every partition column and end with `/`;
 * - the `date` type needs the whole date in one column, written with a Java date format such as
 *   `yyyy/MM/dd/HH` (AWS's own Firehose example), so `{yyyy}`…`{hh}` must be adjacent;
 * - an `injected` column takes its values from the query, which must name at least one value
 *   (`WHERE cluster = 'prod'`); used for cluster, region and engine, whose values no DDL knows;
 * - Athena reads every object below a partition's location, sub-folders included (as the
 *   CloudTrail tables Athena documents read the region/year/month/day folders below
 *   `…/CloudTrail/`). So folders below the last partition column need no column: `{instance}`
 *   there is read from `"$path"` instead of being an injected column every query must name;
 * - gzip is recognised by a lowercase `.gz` extension only; without it Athena reads the bytes as
 *   plain text. Text compressed with zstd is read too, recognised by its `.zst` extension (Athena
 *   user guide, "Use compression in Athena"), which is what `compression: zstd` makes of the
 *   template's `.gz`: the table reads both alike, and the view's `"$path"` pattern takes either.
 */
import { ArchiverError } from "../errors.js";
import type { KeyPlaceholder } from "../keys/key-placeholders.js";
import { toKeySegment } from "../keys/render-key.js";

/** A partition column and its `projection.<name>.*` table properties (without that prefix). */
export interface AthenaPartition {
  name: string;
  projection: Readonly<Record<string, string>>;
}

/** How one table reads the keys of one kind of data. */
export interface AthenaLayout {
  /** Key text of the table root, after the bucket: the prefix and the literal folders, `""` or ending in `/`. */
  root: string;
  /** The partition folders below the root with `${column}` placeholders, ending in `/`; `""` without partitions. */
  partitionTemplate: string;
  partitions: AthenaPartition[];
  /**
   * A regular expression (Java and JavaScript syntax alike) that matches the end of an object's
   * path below its partition folder, from a `/`, capturing `captures` in order.
   */
  pathPattern: string;
  /** The placeholders `pathPattern` captures: `instance` (when it is no partition column) and `file`. */
  captures: ("instance" | "file")[];
}

/** What the layout is planned for. */
export interface AthenaLayoutOptions {
  /** The configured key prefix (`""` or ending in `/`). */
  prefix: string;
  /**
   * `{logType}` as an `enum` partition column `log_type` of these values (as they appear in keys),
   * or fixed (`events`, `activity`).
   */
  logType: { values: readonly string[] } | { fixed: string };
  /** First hour the `date` projection covers; it ends at `NOW`. */
  rangeStart: Date;
}

type Token =
  | { kind: "text"; text: string }
  | { kind: "slash" }
  | { kind: "placeholder"; name: KeyPlaceholder }
  | { kind: "date"; format: string; unit: DateUnit };

type DateUnit = "YEARS" | "MONTHS" | "DAYS" | "HOURS";

const DATE_PARTS = [
  { name: "yyyy", pattern: "yyyy", unit: "YEARS", column: "year" },
  { name: "mm", pattern: "MM", unit: "MONTHS", column: "month" },
  { name: "dd", pattern: "dd", unit: "DAYS", column: "day" },
  { name: "hh", pattern: "HH", unit: "HOURS", column: "hour" },
] as const;

/** Placeholders that become a partition column wherever they are in the folders. */
const COLUMN_OF: Partial<Record<KeyPlaceholder, string>> = {
  cluster: "cluster",
  logType: "log_type",
  region: "region",
  engine: "engine",
};

/**
 * The layout of one table over keys rendered from `template`. Throws a `CONFIG_INVALID`
 * {@link ArchiverError} naming `destination.keyTemplate` for a template Athena cannot project.
 */
export function planAthenaLayout(template: string, options: AthenaLayoutOptions): AthenaLayout {
  const body = template.startsWith("{prefix}") ? template.slice("{prefix}".length) : template;
  if (body.includes("{prefix}")) refuse(template, "{prefix} is not at its start", "begin it with {prefix}");
  let tokens = tokenize(body);
  const lastSlash = tokens.findLastIndex((token) => token.kind === "slash");
  const fileTokens = tokens.slice(lastSlash + 1);
  const folderTokens = tokens.slice(0, lastSlash + 1);
  const inFolders = (name: KeyPlaceholder) =>
    folderTokens.some((t) => t.kind === "placeholder" && t.name === name);
  if (inFolders("file") || !fileTokens.some((t) => t.kind === "placeholder" && t.name === "file"))
    refuse(template, "{file} is not in its last part", "end it with /{file}.gz");
  const last = fileTokens.at(-1);
  if (last?.kind !== "text" || !last.text.endsWith(".gz"))
    refuse(
      template,
      'does not end with ".gz"',
      "end it with {file}.gz: Athena gunzips only objects named .gz",
    );
  if (!inFolders("logType"))
    refuse(template, "{logType} is not in a folder", "put {logType} in a folder of its own, as {logType}/");

  const { logType } = options;
  if ("fixed" in logType) {
    tokens = tokens.map((t) =>
      t.kind === "placeholder" && t.name === "logType"
        ? { kind: "text", text: toKeySegment(logType.fixed) }
        : t,
    );
  }
  tokens = mergeDateRun(tokens, lastSlash, template);
  const segments = splitSegments(tokens);
  const folders = segments.slice(0, -1);
  const isPartition = (t: Token) =>
    t.kind === "date" || (t.kind === "placeholder" && COLUMN_OF[t.name] !== undefined);
  const cut = folders.findLastIndex((segment) => segment.some(isPartition));
  const firstVarying = folders.findIndex((segment) => segment.some((t) => t.kind !== "text"));
  const rootEnd = cut < 0 ? (firstVarying < 0 ? folders.length : firstVarying) : firstVarying;
  const root = options.prefix + folders.slice(0, rootEnd).map(renderLiteral).join("");

  const partitions = new Map<string, AthenaPartition>();
  let partitionTemplate = "";
  for (const segment of folders.slice(rootEnd, cut + 1)) {
    for (const token of segment) {
      if (token.kind === "text") {
        partitionTemplate += token.text;
        continue;
      }
      const partition = partitionOf(token as Exclude<Token, { kind: "text" | "slash" }>, options);
      partitions.set(partition.name, partition);
      partitionTemplate += `\${${partition.name}}`;
    }
    partitionTemplate += "/";
  }
  const below = segments.slice(cut < 0 ? rootEnd : cut + 1);
  const captures: AthenaLayout["captures"] = [];
  const pathPattern = below
    .map((segment) =>
      segment
        .map((token) => {
          // The template's final `.gz` is `.zst` in the keys of an archive written with zstd.
          if (token === last) return `${escapeRegExp(token.text.slice(0, -".gz".length))}\\.(?:gz|zst)`;
          if (token.kind === "text") return escapeRegExp(token.text);
          const name = token.kind === "placeholder" ? token.name : "";
          if ((name === "instance" || name === "file") && !captures.includes(name)) {
            captures.push(name);
            return "([^/]+)";
          }
          return "[^/]+";
        })
        .join(""),
    )
    .join("/");
  return {
    root,
    partitionTemplate,
    partitions: [...partitions.values()],
    pathPattern: `/${pathPattern}$`,
    captures,
  };
}

function partitionOf(
  token: Exclude<Token, { kind: "text" | "slash" }>,
  options: AthenaLayoutOptions,
): AthenaPartition {
  if (token.kind === "date") {
    const column = DATE_PARTS.find((part) => part.unit === token.unit)?.column ?? "hour";
    return {
      name: column,
      projection: {
        type: "date",
        format: token.format,
        range: `${renderDate(options.rangeStart, token.format)},NOW`,
        interval: "1",
        "interval.unit": token.unit,
      },
    };
  }
  if (token.name === "logType" && "values" in options.logType) {
    return {
      name: "log_type",
      projection: { type: "enum", values: options.logType.values.join(",") },
    };
  }
  // An instance folder above a partition folder must be a column itself; no DDL knows the ids.
  return { name: COLUMN_OF[token.name] ?? token.name, projection: { type: "injected" } };
}

function tokenize(body: string): Token[] {
  const tokens: Token[] = [];
  for (const part of body.split(/(\{[^{}]*\}|\/)/)) {
    if (part === "") continue;
    if (part === "/") tokens.push({ kind: "slash" });
    else if (part.startsWith("{"))
      tokens.push({ kind: "placeholder", name: part.slice(1, -1) as KeyPlaceholder });
    else tokens.push({ kind: "text", text: part });
  }
  return tokens;
}

/**
 * Replaces the run `{yyyy}…{hh}` (or its leading part: `{yyyy}/{mm}/{dd}`) in the folders with one
 * date token. Only separators may stand between the parts: the date format has no quoted text.
 */
function mergeDateRun(tokens: Token[], lastSlash: number, template: string): Token[] {
  const at = DATE_PARTS.map((part) =>
    tokens.findIndex((t) => t.kind === "placeholder" && t.name === part.name),
  );
  const used = at.filter((index) => index >= 0);
  if (used.length === 0) return tokens;
  const how = "write the date as {yyyy}/{mm}/{dd}/{hh} (or {yyyy}-{mm}-{dd}-{hh}), in that order, in folders";
  if (used.every((index) => index > lastSlash)) return tokens; // in the file name only: no date column
  const count = used.length;
  const inOrder = at
    .slice(0, count)
    .every((index, i) => index >= 0 && (i === 0 || index > (at[i - 1] as number)));
  if (!inOrder)
    refuse(template, "has date parts out of order or missing ({yyyy} then {mm}, {dd}, {hh})", how);
  const first = at[0] as number;
  const end = at[count - 1] as number;
  if (end > lastSlash) refuse(template, "has date parts both in its folders and in its file name", how);
  let format = "";
  for (const token of tokens.slice(first, end + 1)) {
    if (token.kind === "slash") format += "/";
    else if (token.kind === "text" && /^[-_.]+$/.test(token.text)) format += token.text;
    else if (token.kind === "placeholder" && DATE_PARTS.some((part) => part.name === token.name))
      format += DATE_PARTS.find((part) => part.name === token.name)?.pattern;
    else refuse(template, "has other text between {yyyy}, {mm}, {dd} and {hh}", how);
  }
  const unit = DATE_PARTS[count - 1]?.unit as DateUnit;
  return [...tokens.slice(0, first), { kind: "date", format, unit }, ...tokens.slice(end + 1)];
}

function splitSegments(tokens: Token[]): Token[][] {
  const segments: Token[][] = [[]];
  for (const token of tokens) {
    if (token.kind === "slash") segments.push([]);
    else segments.at(-1)?.push(token);
  }
  return segments;
}

function renderLiteral(segment: Token[]): string {
  return `${segment.map((t) => (t.kind === "text" ? t.text : "")).join("")}/`;
}

/** `date` in a format made of yyyy, MM, dd, HH and separators, in UTC. */
function renderDate(date: Date, format: string): string {
  const pad = (n: number, width: number) => String(n).padStart(width, "0");
  return format
    .replace("yyyy", pad(date.getUTCFullYear(), 4))
    .replace("MM", pad(date.getUTCMonth() + 1, 2))
    .replace("dd", pad(date.getUTCDate(), 2))
    .replace("HH", pad(date.getUTCHours(), 2));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function refuse(template: string, problem: string, hint: string): never {
  throw new ArchiverError(
    "CONFIG_INVALID",
    `destination.keyTemplate ${JSON.stringify(template)} cannot be read by Athena with partition projection: it ${problem}`,
    { hint: `${hint}, or use keyTemplate: hive or the default template` },
  );
}
