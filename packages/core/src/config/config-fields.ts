/**
 * How each field of the config schema reaches the surfaces: the CLI's flag (its name, what it
 * takes, its help line) and the GitHub Action's input. The CLI's flags, its issue names and help,
 * the overrides both surfaces hand to `loadConfig`, the Action's input list and action.yml are all
 * generated from this one table, so a new config field is one entry in the schema and one here; a
 * test fails when a schema field has no entry. Descriptions for users live in the schema
 * (`.describe()`); the Action's inputs take theirs from it.
 */

/** How a surface's text becomes the value of an override. */
export type ConfigFieldKind =
  /** One value, as typed: the schema coerces and checks it. */
  | "text"
  /** Repeatable and comma-separated in the CLI, comma- or newline-separated in the Action. */
  | "list"
  /** A switch in the CLI (`--include-active`); `true`/`false` in the Action. */
  | "boolean";

/** One config field and its names on the surfaces. */
export interface ConfigField {
  /** The field's path in the config's JSON Schema: `settle`, `destination.sse`, `targets[].region`. */
  path: string;
  kind: ConfigFieldKind;
  /** The CLI flag, without dashes. A `negates` flag sets the field to false (`--no-fail-on-gap`). */
  flag?: string;
  /** Why the CLI has no flag for the field (when it has none). */
  noFlag?: string;
  /** What the flag takes, as help shows it (`D`, `ID[,ID]`); absent for a switch. */
  value?: string;
  /** The help line of the flag: short, in the CLI's words. */
  help?: string;
  /** Where the flag's help line goes. */
  section?: "what" | "where" | "how";
  negates?: boolean;
  /** The Action input, kebab-case. */
  input?: string;
  /** Why the Action has no input for the field (when it has none). */
  noInput?: string;
  /** A sentence added to the schema's description in action.yml. */
  inputNote?: string;
  /**
   * A default declared in action.yml. The runner then always passes a value, which overrides the
   * config file's: declare one only where the Action must decide (DESIGN: fail-on-gap).
   */
  inputDefault?: string;
  /** Other schema paths the flag and input set together with this one (`--dest` sets bucket and prefix). */
  covers?: readonly string[];
  /** For a field set through other fields (`targets`): the fields that set it, for naming an issue. */
  setBy?: readonly string[];
}

const LIST = "Comma- or newline-separated.";

/** Every config field, in the order help and action.yml list them. */
export const CONFIG_FIELDS = [
  { path: "$schema", kind: "text", noFlag: "for editors only", noInput: "for editors only" },
  {
    path: "targets",
    kind: "list",
    noFlag: "set by the target flags",
    noInput: "set by the target inputs, or by the config file for several regions",
    setBy: ["targets[].clusters", "targets[].instances", "targets[].all"],
  },
  {
    path: "targets[].region",
    kind: "text",
    flag: "region",
    value: "R",
    section: "what",
    help: "region of targets that name none (default: the SDK's, AWS_REGION or the profile's)",
    input: "aws-region",
  },
  {
    path: "targets[].roleArn",
    kind: "text",
    noFlag: "a profile with role_arn covers it (--profile)",
    noInput: "per-target roles need a config file; role-to-assume covers the one-role case",
  },
  {
    path: "targets[].clusters",
    kind: "list",
    flag: "cluster",
    value: "ID[,ID]",
    section: "what",
    help: "Aurora/RDS clusters, expanded to their instances (repeatable)",
    input: "clusters",
    inputNote: LIST,
  },
  {
    path: "targets[].instances",
    kind: "list",
    flag: "instance",
    value: "ID[,ID]",
    section: "what",
    help: "DB instances (repeatable)",
    input: "instances",
    inputNote: LIST,
  },
  {
    path: "targets[].all",
    kind: "boolean",
    flag: "all",
    section: "what",
    help: "every instance in the region",
    input: "all-instances",
  },
  {
    path: "targets[].engines",
    kind: "list",
    flag: "engine",
    value: "E[,E]",
    section: "what",
    help: "only these engines (aurora-postgresql, mysql, …)",
    input: "engines",
    inputNote: LIST,
  },
  {
    path: "targets[].tags",
    kind: "list",
    flag: "tag",
    value: "KEY=VALUE",
    section: "what",
    help: "only instances with this tag, on the instance itself (repeatable: all must match); narrows --cluster, --instance or --all",
    input: "tags",
    inputNote: "As key=value items, comma- or newline-separated; every tag must match.",
  },
  {
    path: "targets[].logTypes",
    kind: "list",
    flag: "log-types",
    value: "GLOB[,GLOB]",
    section: "what",
    help: "only log files whose name matches (audit/*, postgresql.log.*)",
    input: "log-types",
    inputNote: LIST,
  },
  {
    path: "since",
    kind: "text",
    flag: "since",
    value: "T",
    section: "what",
    help: "only files last written at or after T: ISO 8601 or a duration ago (48h, 3d)",
    input: "since",
  },
  {
    path: "until",
    kind: "text",
    flag: "until",
    value: "T",
    section: "what",
    help: "only files last written before T",
    input: "until",
  },
  {
    path: "settle",
    kind: "text",
    flag: "settle",
    value: "D",
    section: "what",
    help: "archive files once unchanged this long (default 5m)",
    input: "settle",
  },
  {
    path: "includeActive",
    kind: "boolean",
    flag: "include-active",
    section: "what",
    help: "also snapshot files still being written",
    input: "include-active",
  },
  {
    path: "onlyInstances",
    kind: "list",
    flag: "only-instances",
    value: "R/ID[,…]",
    section: "what",
    help: "only these of the instances the targets select (REGION/INSTANCE, or INSTANCE in any region); a shard job passes its matrix entry's instances",
    input: "only-instances",
  },
  {
    path: "destination",
    kind: "text",
    flag: "dest",
    value: "s3://BUCKET/PREFIX|DIR",
    section: "where",
    help: "an S3 bucket and key prefix, or a local folder",
    input: "destination",
    inputNote: "As s3://bucket/prefix/ (or a local directory on the runner), like the CLI's --dest.",
    covers: ["destination.bucket", "destination.dir", "destination.prefix"],
  },
  { path: "destination.bucket", kind: "text", noFlag: "part of --dest", noInput: "part of destination" },
  { path: "destination.dir", kind: "text", noFlag: "part of --dest", noInput: "part of destination" },
  { path: "destination.prefix", kind: "text", noFlag: "part of --dest", noInput: "part of destination" },
  {
    path: "destination.region",
    kind: "text",
    flag: "dest-region",
    value: "R",
    section: "where",
    help: "the bucket's region (default: asked of the bucket)",
    input: "destination-region",
  },
  {
    path: "destination.roleArn",
    kind: "text",
    flag: "dest-role-arn",
    value: "ARN",
    section: "where",
    help: "a role to assume (chained) for writing to the bucket",
    input: "destination-role-to-assume",
  },
  {
    path: "destination.sse",
    kind: "text",
    flag: "sse",
    value: "AES256|aws:kms",
    section: "where",
    help: "server-side encryption",
    input: "sse",
  },
  {
    path: "destination.kmsKeyId",
    kind: "text",
    flag: "kms-key-id",
    value: "ID",
    section: "where",
    help: "the KMS key for sse aws:kms",
    input: "kms-key-id",
  },
  {
    path: "destination.expectedBucketOwner",
    kind: "text",
    flag: "expected-bucket-owner",
    value: "ACCOUNT",
    section: "where",
    help: "the account that must own the bucket",
    input: "expected-bucket-owner",
  },
  {
    path: "destination.storageClass",
    kind: "text",
    flag: "storage-class",
    value: "CLASS",
    section: "where",
    help: "S3 storage class of the archived objects (STANDARD_IA, GLACIER_IR, …)",
    input: "storage-class",
  },
  {
    path: "destination.keyTemplate",
    kind: "text",
    flag: "key-template",
    value: "T",
    section: "where",
    help: "the object key layout, or the preset hive (placeholders below)",
    input: "key-template",
  },
  {
    path: "destination.endpoint",
    kind: "text",
    noFlag: "S3-compatible stores: the config file, or AWS_ENDPOINT_URL_S3",
    noInput: "S3-compatible stores: the config file, or AWS_ENDPOINT_URL_S3",
  },
  {
    path: "destination.forcePathStyle",
    kind: "boolean",
    noFlag: "S3-compatible stores: the config file",
    noInput: "S3-compatible stores: the config file",
  },
  {
    path: "compression",
    kind: "text",
    flag: "compression",
    value: "C",
    section: "how",
    help: "gzip (default, level 6), gzip-1..gzip-9, zstd or zstd-1..zstd-19",
    input: "compression",
  },
  {
    path: "concurrency",
    kind: "text",
    flag: "concurrency",
    value: "N",
    section: "how",
    help: "instances and files in flight (default 4)",
    input: "concurrency",
  },
  {
    path: "dryRun",
    kind: "boolean",
    flag: "dry-run",
    section: "how",
    help: "plan only: print what plan prints, write nothing",
    input: "dry-run",
  },
  {
    path: "failOnGap",
    kind: "boolean",
    flag: "no-fail-on-gap",
    negates: true,
    section: "how",
    help: "exit 0 even when a gap was found",
    input: "fail-on-gap",
    inputDefault: "true",
    inputNote: "Declared default true, so it decides over a config file's failOnGap.",
  },
  {
    path: "roleSessionName",
    kind: "text",
    flag: "role-session-name",
    value: "NAME",
    section: "how",
    help: "session name of the roles the run assumes, as CloudTrail shows it",
    input: "role-session-name",
    inputNote: "Also the session of role-to-assume.",
  },
  {
    path: "roleExternalId",
    kind: "text",
    flag: "role-external-id",
    value: "ID",
    section: "how",
    help: "ExternalId for the roles the run assumes",
    input: "role-external-id",
    inputNote: "AssumeRoleWithWebIdentity (role-to-assume) takes none.",
  },
  {
    path: "maxDuration",
    kind: "text",
    flag: "max-duration",
    value: "D",
    section: "how",
    help: "activity-stream: stop reading after this long (90s, 50m, 1h), checkpoints saved",
    input: "max-duration",
    inputNote: "For command activity-stream.",
  },
  {
    path: "timeouts",
    kind: "text",
    noFlag: "network timeouts are set in the config file; the defaults suit most networks",
    noInput: "network timeouts are set in the config file; the defaults suit GitHub-hosted runners",
  },
  { path: "timeouts.connect", kind: "text", noFlag: "part of timeouts", noInput: "part of timeouts" },
  { path: "timeouts.idle", kind: "text", noFlag: "part of timeouts", noInput: "part of timeouts" },
  { path: "timeouts.total", kind: "text", noFlag: "part of timeouts", noInput: "part of timeouts" },
  {
    path: "notify",
    kind: "text",
    noFlag: "set in the config file (notify.categories, notify.timeZone)",
    noInput: "set from notify-categories and notify-time-zone",
    setBy: ["notify.categories", "notify.timeZone"],
  },
  {
    path: "notify.categories",
    kind: "list",
    noFlag: "set in the config file; the webhooks come from RDS_LOG_ARCHIVE_* variables",
    input: "notify-categories",
    inputNote: "For command events.",
  },
  {
    path: "notify.timeZone",
    kind: "text",
    noFlag: "set in the config file",
    input: "notify-time-zone",
    inputNote: "For command events.",
  },
] as const satisfies readonly ConfigField[];

/** The path of a field in {@link CONFIG_FIELDS}. */
export type ConfigFieldPath = (typeof CONFIG_FIELDS)[number]["path"];

/** The field at `path` (JSON Schema form, `targets[].region`). */
export function configFieldAt(path: string): ConfigField | undefined {
  return (CONFIG_FIELDS as readonly ConfigField[]).find((field) => field.path === path);
}
