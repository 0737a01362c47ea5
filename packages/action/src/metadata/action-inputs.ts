/**
 * Every input and output of the action, in the order action.yml lists them. The inputs that set
 * config fields come from core's field table (CONFIG_FIELDS: name, note, declared default) and
 * take their descriptions from the config schema, so the config file, the CLI and the action
 * describe a setting in one voice; the inputs of the action itself are written here. action.yml
 * and the README's table are generated from this list (write-action-metadata.ts).
 */
import { CONFIG_FIELDS, type ConfigField, DEFAULT_SHARDS, MAX_SHARDS } from "@rds-log-archive/core";

export interface ActionInputSpec {
  name: string;
  /** The config field this input sets; its schema description is the input's description. */
  field?: string;
  /** The description of an input of the action itself, or a sentence added to the schema's. */
  description?: string;
  /** Declared in action.yml; the runner then always passes a value. */
  default?: string;
}

/** The config fields that have an input. */
export const FIELD_INPUTS: readonly ConfigField[] = (CONFIG_FIELDS as readonly ConfigField[]).filter(
  (field) => field.input !== undefined,
);

/** The command names, the same as the CLI's (docs/adr/0003-one-command-vocabulary.md). */
export const ACTION_COMMANDS = ["sync", "plan", "matrix", "merge-reports"] as const;

export const ACTION_INPUTS: readonly ActionInputSpec[] = [
  {
    name: "command",
    description:
      "What to run, named as the CLI's commands: `sync` archives; `plan` shows what sync would do and writes nothing; " +
      "`matrix` splits the fleet into shards for a job matrix (output `matrix`); `merge-reports` merges the shards' run reports into one summary.",
    default: "sync",
  },
  {
    name: "config",
    description:
      "Path to a YAML or JSON config file (see packages/core/config.schema.json); the inputs below override it.",
  },
  {
    name: "role-to-assume",
    description:
      "IAM role to assume with the job's GitHub OIDC token (AssumeRoleWithWebIdentity); needs `permissions: id-token: write`. " +
      "Without it, the ambient credentials are used, such as those set by aws-actions/configure-aws-credentials.",
  },
  {
    name: "role-duration-seconds",
    description: "Lifetime of the role-to-assume session, 900 to 43200 seconds; the role's maximum applies.",
    default: "3600",
  },
  {
    name: "audience",
    description: "Audience (aud) of the GitHub OIDC token; the account's IAM OIDC provider must list it.",
    default: "sts.amazonaws.com",
  },
  {
    name: "mask-aws-account-id",
    description:
      "Mask the AWS account ids of the roles, the bucket owner and the KMS key in the job's log, as configure-aws-credentials does.",
    default: "false",
  },
  ...FIELD_INPUTS.map((field) => ({
    name: field.input as string,
    field: field.path,
    ...(field.inputNote === undefined ? {} : { description: field.inputNote }),
    ...(field.inputDefault === undefined ? {} : { default: field.inputDefault }),
  })),
  {
    name: "cloudwatch-price-per-gb",
    description:
      "USD per GB of CloudWatch Logs ingestion, for the job summary's estimate of the cost this archive avoids.",
    default: "0.50",
  },
  {
    name: "shards",
    description: `For command matrix: how many shards (parallel jobs) to split the fleet into, 1 to ${MAX_SHARDS}.`,
    default: String(DEFAULT_SHARDS),
  },
  {
    name: "reports",
    description:
      "For command merge-reports: run report files or directories holding them (*.json), one per line.",
  },
];

export interface ActionOutputSpec {
  name: string;
  description: string;
}

export const ACTION_OUTPUTS: readonly ActionOutputSpec[] = [
  { name: "archived-count", description: "Log file versions archived by this run." },
  { name: "failed-count", description: "Log files that failed, plus targets that could not be listed." },
  { name: "gap-count", description: "Gaps: log files lost before they could be archived." },
  { name: "bytes-in", description: "Source bytes read from RDS." },
  { name: "bytes-out", description: "Bytes written to the destination (compressed)." },
  { name: "report-path", description: "Path of the run report (JSON) on the runner." },
  { name: "matrix", description: "For command matrix: the job matrix JSON, for fromJSON()." },
  {
    name: "shard-count",
    description: "For command matrix: how many shards the matrix has; 0 when there is nothing to archive.",
  },
];
