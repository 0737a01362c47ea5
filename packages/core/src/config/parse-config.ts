import type { z } from "zod";
import { type ConfigSchemaOutput, configSchema } from "./config-schema.js";
import { parseTimeBound } from "./time-bound.js";

/**
 * One problem with a config, located by its path in the config object (`["targets", 0, "region"]`).
 * Each surface turns the path into its own words: a flag in the CLI, an input in the Action.
 */
export interface ConfigIssue {
  path: (string | number)[];
  message: string;
}

/**
 * A validated config with everything resolved: defaults filled in, lists as arrays, `settle` in
 * milliseconds, `since`/`until` as instants, and `destination.prefix` empty or ending in "/".
 */
export type ArchiveConfig = Omit<ConfigSchemaOutput, "$schema" | "since" | "until"> & {
  /** Only log files last written at or after this instant. */
  since: Date | undefined;
  /** Only log files last written before this instant. */
  until: Date | undefined;
};

/** One read-from entry of an {@link ArchiveConfig}. */
export type ArchiveTarget = ArchiveConfig["targets"][number];

export type { ArchiveDestination, DirDestination, S3Destination } from "./destination-schema.js";

/** The outcome of {@link parseConfig}: the config, or every problem found. */
export type ParseConfigResult = { ok: true; config: ArchiveConfig } | { ok: false; issues: ConfigIssue[] };

/**
 * Validates and resolves a config object (from a file, flags or Action inputs, already merged),
 * reporting every problem at once rather than the first. Relative `since`/`until` values such as
 * `48h` are taken back from `now`, which the caller passes so that this stays pure.
 */
export function parseConfig(input: unknown, now: Date): ParseConfigResult {
  const parsed = parseWith(configSchema, input, now);
  if (!parsed.ok) return parsed;
  const { $schema: _schemaPath, ...config } = parsed.config;
  return { ok: true, config };
}

/**
 * The fields a command that reads nothing from RDS may take from a config besides its destination:
 * the window, the pace and the timeouts (`verify`). The targets are never among them.
 */
export type DestinationConfigField = "since" | "until" | "concurrency" | "timeouts";

/** A config reduced to its destination and the `K` fields a command reads besides. */
export type DestinationConfig<K extends DestinationConfigField = never> = Pick<
  ArchiveConfig,
  "destination" | K
>;

/** The fields `verify` reads besides the destination. */
export const VERIFY_FIELDS = ["since", "until", "concurrency", "timeouts"] as const;

/** The part of a config that `verify` reads: where the archive is, the window, the pace, the timeouts. */
export type VerifyConfig = DestinationConfig<(typeof VERIFY_FIELDS)[number]>;

/**
 * Validates a config (file, flags or inputs, merged) reduced to its destination and the `fields`
 * named besides, for the commands that read nothing from RDS (`verify`, `athena-ddl`): the rest of
 * a sync config (targets, settle, …) is not read, so one config file serves every command. Issue
 * paths are {@link parseConfig}'s (`["destination", "bucket"]`, `["since"]`).
 */
export function parseDestinationConfig<K extends DestinationConfigField = never>(
  input: unknown,
  now: Date,
  fields: readonly K[] = [],
): { ok: true; config: DestinationConfig<K> } | { ok: false; issues: ConfigIssue[] } {
  const read: readonly string[] = ["$schema", "destination", ...fields];
  const raw = isRecord(input) ? input : {};
  // Fields not asked for are left out of the input, so their absence is no issue and their
  // defaults are not returned.
  const picked = Object.fromEntries(Object.entries(raw).filter(([key]) => read.includes(key)));
  const parsed = parseWith(configSchema.pick(DESTINATION_CONFIG_FIELDS), picked, now);
  if (!parsed.ok) return parsed;
  const { config } = parsed;
  return {
    ok: true,
    config: {
      destination: config.destination,
      ...Object.fromEntries(fields.map((key) => [key, config[key]])),
    },
  } as { ok: true; config: DestinationConfig<K> };
}

const DESTINATION_CONFIG_FIELDS = {
  $schema: true,
  destination: true,
  since: true,
  until: true,
  concurrency: true,
  timeouts: true,
} as const satisfies Record<"$schema" | "destination" | DestinationConfigField, true>;

/** Parses with `schema` and resolves `since`/`until` against `now`, reporting every problem at once. */
function parseWith<T extends { since?: string | undefined; until?: string | undefined }>(
  schema: z.ZodType<T>,
  input: unknown,
  now: Date,
):
  | { ok: true; config: Omit<T, "since" | "until"> & { since: Date | undefined; until: Date | undefined } }
  | {
      ok: false;
      issues: ConfigIssue[];
    } {
  const parsed = schema.safeParse(input, { error: requiredMessage });
  const issues = parsed.success ? [] : parsed.error.issues.flatMap(toConfigIssues);

  // The order of since and until can depend on `now`, so it is checked here, not in the schema.
  // It reads the raw input so that it is reported even when other fields are wrong.
  const raw = isRecord(input) ? input : {};
  const since = resolveTimeBound(raw.since, now);
  const until = resolveTimeBound(raw.until, now);
  if (since !== undefined && until !== undefined && since.getTime() >= until.getTime()) {
    issues.push({
      path: ["since"],
      message: `since (${since.toISOString()}) must be before until (${until.toISOString()})`,
    });
  }

  if (!parsed.success || issues.length > 0) return { ok: false, issues };
  const { since: _since, until: _until, ...rest } = parsed.data;
  return { ok: true, config: { ...rest, since, until } };
}

/** The bound as an instant, or undefined when it is absent or invalid (the schema reports that). */
function resolveTimeBound(value: unknown, now: Date): Date | undefined {
  if (typeof value !== "string") return undefined;
  try {
    return parseTimeBound(value, now);
  } catch {
    return undefined;
  }
}

// zod's default for a missing field is "expected string, received undefined"; say it plainly.
function requiredMessage(issue: z.core.$ZodRawIssue): string | undefined {
  return issue.code === "invalid_type" && issue.input === undefined ? "is required" : undefined;
}

function toConfigIssues(issue: z.core.$ZodIssue): ConfigIssue[] {
  const path = issue.path.map((part) => (typeof part === "symbol" ? String(part) : part));
  // One issue per unknown key, at the key's own path, so a surface can name the offending field.
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({ path: [...path, key], message: `unknown field "${key}"` }));
  }
  return [{ path, message: issue.message }];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Where `--dest` points: an S3 bucket with a key prefix, or a local directory. */
export type ParsedDestination = { bucket: string; prefix: string } | { dir: string };

/**
 * Reads the CLI's `--dest` (and the Action's `destination`): `s3://bucket/prefix` names a bucket
 * and an optional prefix; a path is a local directory. Anything else that looks like a URL
 * (`s3:/b`, `http://…`, `ftp://…`, `S3://` misspelt as `s3//`) is an issue, never a folder named
 * after it. The prefix is returned as written (without the leading "/"); the config schema
 * normalises its trailing "/". Issue paths are those of the config (`["destination", "bucket"]`),
 * so surfaces map them like any other config issue.
 */
export function parseDestination(
  text: string,
): { ok: true; destination: ParsedDestination } | { ok: false; issues: ConfigIssue[] } {
  const trimmed = text.trim();
  if (trimmed === "")
    return { ok: false, issues: [{ path: ["destination"], message: "a destination is required" }] };
  const s3 = /^s3:\/\/([^/]*)\/?(.*)$/i.exec(trimmed);
  if (s3 === null) {
    const problem = notAPathProblem(trimmed);
    if (problem === undefined) return { ok: true, destination: { dir: trimmed } };
    return { ok: false, issues: [{ path: ["destination"], message: `"${text}" ${problem}` }] };
  }
  const [, bucket = "", prefix = ""] = s3;
  if (bucket === "") {
    const message = `"${text}" names no bucket; use s3://bucket/prefix`;
    return { ok: false, issues: [{ path: ["destination", "bucket"], message }] };
  }
  return { ok: true, destination: { bucket, prefix } };
}

/**
 * Why `text` is not a folder path but a mistyped or unsupported URL, or undefined. A scheme is
 * letters before a colon, except a Windows drive (`C:\\logs`, `D:/logs`).
 */
function notAPathProblem(text: string): string | undefined {
  if (/^s3:(?!\/\/)|^s3\/\//i.test(text)) return "is not s3://bucket/prefix; write s3:// with two slashes";
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1];
  if (scheme !== undefined && !/^[a-z]$/i.test(scheme))
    return `is a ${scheme}: URL; a destination is s3://bucket/prefix or a local folder`;
  return undefined;
}
