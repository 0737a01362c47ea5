/**
 * The one schema for rds-log-archive's config. The config file, the CLI flags
 * and the Action inputs all become an object of this shape; the schema supplies the defaults,
 * turns input strings into booleans, numbers and lists, and checks every rule that can be checked
 * without knowing the current time. `parseConfig` adds the rest. The `.describe()` texts become
 * the published JSON Schema and the Action's input descriptions, so they are written for users.
 */
import { z } from "zod";
import { parseInstanceRef } from "../fanout/instance-ref.js";
import { isTimeZone } from "../sources/events/render-event-time.js";
import { compressionProblem } from "../sources/log-files/compression.js";
import { dbIdentifierProblem, REGION, ROLE_ARN, ROLE_ARN_MESSAGE, regionProblem } from "./aws-names.js";
import { destinationSchema } from "./destination-schema.js";
import { DURATION_FORMS } from "./duration.js";
import { logTypeGlobProblem } from "./log-type-glob.js";
import {
  booleanInput,
  checkedString,
  durationInput,
  integerInput,
  listInput,
  optionalDurationInput,
  ruledString,
} from "./schema-inputs.js";
import { tagsInput } from "./tag-filter.js";
import { parseTimeBound, TIME_BOUND_FORMS } from "./time-bound.js";

const targetSchema = z
  .strictObject({
    region: z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? "is required: name it, or set AWS_REGION, or give the AWS profile a region"
            : undefined,
      })
      .trim()
      .regex(REGION, "is not an AWS region name such as us-east-1, eu-west-1, us-gov-west-1 or cn-north-1")
      .describe("AWS region of the databases, e.g. us-east-1."),
    roleArn: z
      .string()
      .regex(ROLE_ARN, ROLE_ARN_MESSAGE)
      .optional()
      .describe(
        "IAM role to assume for reading this target's logs; without it the ambient credentials are used.",
      ),
    clusters: listInput("cluster id", dbIdentifierProblem)
      .prefault([])
      .describe("DB cluster identifiers; each is expanded to its member instances."),
    instances: listInput("instance id", dbIdentifierProblem)
      .prefault([])
      .describe("DB instance identifiers."),
    all: booleanInput().prefault(false).describe("Archive every DB instance in the region."),
    engines: listInput("engine")
      .prefault([])
      .describe("Only instances of these engines (e.g. aurora-mysql, postgres); empty means all engines."),
    tags: tagsInput()
      .prefault({})
      .describe(
        "Only instances that carry every one of these tags (key: value), e.g. { team: payments }. Tags narrow " +
          "what clusters, instances or all select, never add to it: all: true with tags is every tagged instance " +
          "of the region. Each instance's own tags count (a cluster's members are not selected by the cluster's " +
          "tags). Not for activity-stream, whose streams are named by cluster or instance.",
      ),
    logTypes: listInput("glob", logTypeGlobProblem)
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
        const tagged = typeof target.tags === "object" && Object.keys(target.tags ?? {}).length > 0;
        ctx.addIssue({
          code: "custom",
          message: tagged
            ? "select databases: tags narrow a selection, so give clusters, instances, or all: true with them"
            : "select databases: give clusters, instances, or all: true",
        });
      }
    },
    { when: () => true },
  )
  .describe("Where to read logs from: one region (and optionally one role) and the databases in it.");

/** The RDS event categories notified unless `notify.categories` says otherwise. */
export const DEFAULT_NOTIFY_CATEGORIES = [
  "backup",
  "failover",
  "failure",
  "low storage",
  "maintenance",
  "notification",
] as const;

const notifySchema = z
  .strictObject({
    categories: listInput("category")
      .prefault([...DEFAULT_NOTIFY_CATEGORIES])
      .transform((categories) => categories.map((c) => c.toLowerCase()))
      .describe(
        `RDS event categories to notify about (${DEFAULT_NOTIFY_CATEGORIES.join(", ")} by default); ` +
          "the others are archived without a notification.",
      ),
    timeZone: z
      .string()
      .trim()
      .prefault("UTC")
      .refine(isTimeZone, {
        message: "is not an IANA time zone name (e.g. Asia/Seoul, America/New_York, UTC)",
      })
      .describe(
        "IANA time zone in which notifications show each event's time, beside UTC (e.g. Asia/Seoul).",
      ),
  })
  .describe(
    "Notifications of new RDS events (the events command). Where they go comes from the environment " +
      "(RDS_LOG_ARCHIVE_SLACK_WEBHOOK_URL, RDS_LOG_ARCHIVE_WEBHOOK_URL), never from this file: webhook URLs are secrets.",
  );

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
    settle: durationInput("5m").describe(
      `Archive a log file once it has not been written for this long; ${DURATION_FORMS}.`,
    ),
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
            const ref = parseInstanceRef(text);
            const problem =
              dbIdentifierProblem(ref.instance) ??
              (ref.region === undefined ? undefined : regionProblem(ref.region));
            if (problem !== undefined) throw new Error(problem);
            return ref;
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
    maxDuration: optionalDurationInput().describe(
      `activity-stream: stop reading new records after this long, with every checkpoint saved, so a scheduled job ends in time (the next run goes on); ${DURATION_FORMS}.`,
    ),
    compression: ruledString(compressionProblem)
      .prefault("gzip")
      .describe(
        "How log files are compressed: gzip (level 6), gzip-1 … gzip-9 (faster … smaller), zstd (level 3) " +
          "or zstd-1 … zstd-19 (Node 22.15 or later; keys end in .zst). Sources already gzip are stored as they are.",
      ),
    concurrency: integerInput(1, 64)
      .prefault(4)
      .describe("How many log files to archive in parallel (1-64)."),
    dryRun: booleanInput().prefault(false).describe("Plan and report, but write nothing."),
    timeouts: z
      .strictObject({
        connect: durationInput("10s", 1000).describe("To open a connection (TCP and TLS). Default 10s."),
        idle: durationInput("60s", 1000).describe(
          "Without a byte received or sent, before the call is given up. Default 60s.",
        ),
        total: durationInput("30m", 1000).describe(
          "For a whole request, a whole log file's download included. Default 30m.",
        ),
      })
      .prefault({})
      .describe(
        `How long a network call (RDS, STS, S3, the log file download) may take, each ${DURATION_FORMS}. ` +
          "A call that runs out of time is retried, then its file fails; the run goes on and reports it.",
      ),
    failOnGap: booleanInput()
      .prefault(true)
      .describe("Fail the run when a log file was lost before it could be archived (a gap)."),
    notify: notifySchema.optional(),
    roleSessionName: z
      .string()
      .regex(/^[\w+=,.@-]{2,64}$/, "must be 2 to 64 letters, digits or the characters + = , . @ _ -")
      .optional()
      .describe(
        "Session name of every role the run assumes (the targets' and the destination's roleArn), as CloudTrail shows it; " +
          "by default rds-log-archive in the CLI and GitHubActions-<owner>-<repo>-<run id> in the Action.",
      ),
    roleExternalId: z
      .string()
      .regex(
        /^[\w+=,.@:/-]{2,1224}$/,
        "must be 2 to 1224 letters, digits or the characters + = , . @ : / _ -",
      )
      .optional()
      .describe(
        "ExternalId sent when assuming the targets' and the destination's roleArn, for trust policies that require sts:ExternalId.",
      ),
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
