/**
 * The one schema for rds-log-archive's config (STYLE principle 6). The config file, the CLI flags
 * and the Action inputs all become an object of this shape; the schema supplies the defaults,
 * turns input strings into booleans, numbers and lists, and checks every rule that can be checked
 * without knowing the current time. `parseConfig` adds the rest. The `.describe()` texts become
 * the published JSON Schema and the Action's input descriptions, so they are written for users.
 */
import { z } from "zod";
import { parseInstanceRef } from "../fanout/instance-ref.js";
import {
  DEFAULT_KEY_TEMPLATE,
  expandKeyTemplate,
  KEY_PLACEHOLDERS,
  KEY_TEMPLATE_PRESETS,
  keyTemplateProblems,
} from "../keys/key-placeholders.js";
import { DURATION_FORMS, parseDuration } from "./duration.js";
import { parseTimeBound, TIME_BOUND_FORMS } from "./time-bound.js";

// --- Input coercion: the CLI and an Action hand over strings, a config file real types. ---------
// Defaults on these use `.prefault()` (an input value, parsed like user input) rather than
// `.default()` (an output value): zod leaves output-side defaults out of the input JSON Schema.

/** `true`/`false`, or the same as a string in the spellings GitHub Actions accepts ("true", "True", "TRUE"). */
function booleanInput() {
  // zod reports the one branch whose type matched, so the string branch carries the message too.
  const message = 'expected true or false (or the string "true"/"false")';
  return z
    .union([z.boolean(), z.string().regex(/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, message)], { error: message })
    .transform((value) => value === true || (typeof value === "string" && value.toLowerCase() === "true"));
}

/** A whole number in [min, max], or the same as a string ("4"). */
function integerInput(min: number, max: number) {
  const range = `must be a whole number from ${min} to ${max}`;
  return z
    .union(
      [z.number().int(range).min(min, range).max(max, range), z.string().regex(/^\s*-?\d+\s*$/, range)],
      {
        error: range,
      },
    )
    .transform(Number)
    .pipe(z.number().int().min(min, range).max(max, range));
}

/** A list of non-empty strings, or one comma-separated string ("a, b,c"). */
function listInput(item: string) {
  const nonEmpty = z.string().trim().min(1, `an empty ${item} is not allowed`);
  return z
    .union([z.array(nonEmpty), z.string()], {
      error: `expected a list of ${item}s or a comma-separated string`,
    })
    .transform((value) =>
      typeof value === "string"
        ? value
            .split(",")
            .map((part) => part.trim())
            .filter((part) => part !== "")
        : value,
    )
    .pipe(z.array(nonEmpty));
}

/** A string that must make sense to `check`, which throws an Error whose message is the issue. */
function checkedString(check: (text: string) => unknown) {
  return z.string().superRefine((text, ctx) => {
    try {
      check(text);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message, input: text });
    }
  });
}

// --- Field rules. ----------------------------------------------------------------------------

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const roleArn = z.string().regex(ROLE_ARN, "must be an IAM role ARN (arn:aws:iam::123456789012:role/name)");

/** Why `name` is not a valid S3 bucket name, or undefined when it is. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.startsWith("s3://")) return 'give the bucket name without "s3://"; put any prefix in "prefix"';
  if (name.length < 3 || name.length > 63) return "an S3 bucket name is 3 to 63 characters long";
  if (!/^[a-z0-9.-]+$/.test(name))
    return "an S3 bucket name has only lowercase letters, digits, dots and hyphens";
  if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) return "an S3 bucket name starts and ends with a letter or digit";
  if (name.includes("..")) return "an S3 bucket name has no two dots in a row";
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return "an S3 bucket name is not an IP address";
  return undefined;
}

// --- Objects. --------------------------------------------------------------------------------

const targetSchema = z
  .strictObject({
    region: z
      .string()
      .trim()
      .min(1, "a region is required")
      .describe("AWS region of the databases, e.g. us-east-1."),
    roleArn: roleArn
      .optional()
      .describe(
        "IAM role to assume for reading this target's logs; without it the ambient credentials are used.",
      ),
    clusters: listInput("cluster id")
      .prefault([])
      .describe("DB cluster identifiers; each is expanded to its member instances."),
    instances: listInput("instance id").prefault([]).describe("DB instance identifiers."),
    all: booleanInput().prefault(false).describe("Archive every DB instance in the region."),
    engines: listInput("engine")
      .prefault([])
      .describe("Only instances of these engines (e.g. aurora-mysql, postgres); empty means all engines."),
    logTypes: listInput("glob")
      .prefault([])
      .describe(
        'Globs on the log file name, e.g. "audit/*" or "error/postgresql.log.*"; empty means every log file.',
      ),
  })
  // `when` makes the rule run even after a type error elsewhere in the object, so that every
  // problem is reported at once; the rule therefore reads the value defensively.
  .superRefine(
    (target, ctx) => {
      const has = (list: unknown) => Array.isArray(list) && list.length > 0;
      if (!has(target.clusters) && !has(target.instances) && target.all !== true) {
        ctx.addIssue({ code: "custom", message: "select databases: give clusters, instances, or all: true" });
      }
    },
    { when: () => true },
  )
  .describe("Where to read logs from: one region (and optionally one role) and the databases in it.");

const BUCKET_ONLY = ["sse", "expectedBucketOwner", "endpoint", "forcePathStyle", "roleArn"] as const;

const destinationSchema = z
  .strictObject({
    bucket: checkedString((name) => {
      const problem = bucketNameProblem(name);
      if (problem !== undefined) throw new Error(problem);
    })
      .optional()
      .describe("S3 bucket to archive into. Give either bucket or dir."),
    dir: z
      .string()
      .min(1, "a directory is required")
      .optional()
      .describe("Local directory to archive into, with the same layout as in S3. Give either bucket or dir."),
    prefix: z
      .string()
      .prefault("")
      // A prefix is a folder; "logs" and "logs/" mean the same, so normalise rather than reject.
      .transform((prefix) => (prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`))
      .describe(
        'Key prefix (folder) for every object, e.g. "rds-logs/"; a trailing "/" is added if missing.',
      ),
    region: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe("Region of the bucket; by default the SDK's configured region."),
    roleArn: roleArn
      .optional()
      .describe(
        "IAM role to assume (chained) for writing to the bucket, e.g. in a central log-archive account.",
      ),
    sse: z
      .enum(["AES256", "aws:kms"])
      .optional()
      .describe('Server-side encryption: "AES256" (SSE-S3) or "aws:kms" (SSE-KMS).'),
    kmsKeyId: z
      .string()
      .min(1)
      .optional()
      .describe('KMS key id, alias or ARN for sse "aws:kms"; by default the account\'s aws/s3 key.'),
    expectedBucketOwner: z
      .string()
      .regex(/^\d{12}$/, "must be a 12-digit AWS account id")
      .optional()
      .describe("AWS account id that must own the bucket; sent as ExpectedBucketOwner on every S3 call."),
    keyTemplate: z
      .string()
      .default(DEFAULT_KEY_TEMPLATE)
      .transform(expandKeyTemplate)
      .superRefine((template, ctx) => {
        for (const message of keyTemplateProblems(template))
          ctx.addIssue({ code: "custom", message, input: template });
      })
      .describe(
        `Object key layout, or a preset name: ${Object.keys(KEY_TEMPLATE_PRESETS).join(", ")} ` +
          `(hive: ${KEY_TEMPLATE_PRESETS.hive}). ` +
          `Placeholders: ${KEY_PLACEHOLDERS.map((name) => `{${name}}`).join(" ")}; ` +
          "{instance}, {logType} and {file} are required.",
      ),
    endpoint: z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
      .optional()
      .describe("Custom S3 endpoint URL for S3-compatible stores."),
    forcePathStyle: booleanInput()
      .optional()
      .describe("Use path-style addressing (bucket in the path), as most S3-compatible stores need."),
  })
  .superRefine(
    (destination, ctx) => {
      const isSet = (value: unknown) => value !== undefined;
      if (isSet(destination.bucket) && isSet(destination.dir)) {
        ctx.addIssue({ code: "custom", path: ["dir"], message: "give either bucket or dir, not both" });
      } else if (!isSet(destination.bucket) && !isSet(destination.dir)) {
        ctx.addIssue({ code: "custom", message: "give a bucket (S3) or a dir (local directory)" });
      }
      if (isSet(destination.kmsKeyId) && destination.sse !== "aws:kms") {
        ctx.addIssue({ code: "custom", path: ["kmsKeyId"], message: 'kmsKeyId needs sse: "aws:kms"' });
      }
      if (!isSet(destination.bucket) && isSet(destination.dir)) {
        for (const field of BUCKET_ONLY) {
          if (isSet(destination[field])) {
            ctx.addIssue({
              code: "custom",
              path: [field],
              message: `${field} applies only to an S3 bucket, not a dir`,
            });
          }
        }
      }
      const template = destination.keyTemplate;
      if (
        typeof destination.prefix === "string" &&
        destination.prefix !== "" &&
        typeof template === "string"
      ) {
        if (!template.includes("{prefix}")) {
          ctx.addIssue({
            code: "custom",
            path: ["keyTemplate"],
            message: "a prefix is set but keyTemplate has no {prefix}, so the prefix would be ignored",
          });
        }
      }
    },
    { when: () => true },
  )
  .describe("Where to write the archive: an S3 bucket or a local directory.");

/**
 * The config schema. Input: what a user writes (strings accepted for booleans, numbers and lists;
 * defaults optional). Output: settle in milliseconds, lists as arrays, prefix ending in "/";
 * `since`/`until` stay strings because resolving them needs `now` (see `parseConfig`).
 */
export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe("Path or URL of this JSON Schema, for editors."),
    targets: z
      .array(targetSchema)
      .min(1, "give at least one target")
      .describe("The regions and databases to archive logs from."),
    destination: destinationSchema,
    settle: z
      .string()
      .prefault("5m")
      .transform((text, ctx) => {
        try {
          return parseDuration(text);
        } catch (error) {
          ctx.addIssue({ code: "custom", message: (error as Error).message, input: text });
          return z.NEVER;
        }
      })
      .describe(`Archive a log file once it has not been written for this long; ${DURATION_FORMS}.`),
    includeActive: booleanInput()
      .prefault(false)
      .describe("Also archive snapshots of log files still being written (younger than settle)."),
    since: checkedString((text) => parseTimeBound(text, new Date(0)))
      .optional()
      .describe(`Only log files last written at or after this time (for backfills); ${TIME_BOUND_FORMS}.`),
    until: checkedString((text) => parseTimeBound(text, new Date(0)))
      .optional()
      .describe(`Only log files last written before this time; ${TIME_BOUND_FORMS}.`),
    onlyInstances: listInput("instance")
      .superRefine((refs, ctx) => {
        if (refs.length === 0)
          ctx.addIssue({
            code: "custom",
            message: "is empty; name at least one REGION/INSTANCE, or leave it out to archive every instance",
          });
      })
      .transform((refs, ctx) =>
        refs.map((text) => {
          try {
            return parseInstanceRef(text);
          } catch (error) {
            ctx.addIssue({ code: "custom", message: (error as Error).message, input: text });
            return z.NEVER;
          }
        }),
      )
      .optional()
      .describe(
        "Archive only these of the instances the targets select, each REGION/INSTANCE (or INSTANCE in any " +
          "target region). It narrows the targets, never adds to them: how a shard job of plan --matrix " +
          "archives exactly its share.",
      ),
    concurrency: integerInput(1, 64)
      .prefault(4)
      .describe("How many log files to archive in parallel (1-64)."),
    dryRun: booleanInput().prefault(false).describe("Plan and report, but write nothing."),
    failOnGap: booleanInput()
      .prefault(true)
      .describe("Fail the run when a log file was lost before it could be archived (a gap)."),
  })
  .meta({
    title: "rds-log-archive config",
    description: "Copies Amazon RDS and Aurora log files to S3 or a local directory. YAML or JSON.",
  });

/** What a user may write: the schema's input side. */
export type ConfigInput = z.input<typeof configSchema>;

/** The schema's output, before `parseConfig` resolves `since`/`until` against `now`. */
export type ConfigSchemaOutput = z.output<typeof configSchema>;

/**
 * The published JSON Schema (input side, so fields with defaults are optional), as the text of
 * `config.schema.json`. Laid out as the repository's formatter (Biome) would, so regenerating the
 * file never leaves a formatting diff behind.
 */
export function renderConfigJsonSchema(): string {
  const schema = z.toJSONSchema(configSchema, { io: "input", target: "draft-07" });
  return `${formatJson(schema, "", 0)}\n`;
}

const LINE_WIDTH = 110;

// JSON.stringify(value, null, 2), except that an array of plain values stays on one line when it
// fits, as Biome prints it. `lead` is how many characters precede the value on its line.
function formatJson(value: unknown, indent: string, lead: number): string {
  if (typeof value !== "object" || value === null) return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (value.every((item) => typeof item !== "object" || item === null)) {
      const flat = `[${value.map((item) => JSON.stringify(item)).join(", ")}]`;
      // +1 for the comma that may follow.
      if (lead + flat.length + 1 <= LINE_WIDTH) return flat;
    }
    const items = value.map((item) => `${inner}${formatJson(item, inner, inner.length)}`);
    return `[\n${items.join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  const lines = entries.map(([key, item]) => {
    const head = `${inner}${JSON.stringify(key)}: `;
    return `${head}${formatJson(item, inner, head.length)}`;
  });
  return `{\n${lines.join(",\n")}\n${indent}}`;
}
