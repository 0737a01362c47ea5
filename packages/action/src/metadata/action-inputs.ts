/**
 * Every input and output of the action, in the order action.yml lists them. The inputs that set
 * config fields come from core's field table (CONFIG_FIELDS: name, note, declared default) and
 * take their descriptions from the config schema, so the config file, the CLI and the action
 * describe a setting in one voice; the inputs of the action itself are written here. action.yml
 * and the README's table are generated from this list (write-action-metadata.ts).
 */
import {
  CONFIG_FIELDS,
  type ConfigField,
  DEFAULT_SHARDS,
  MAX_SHARDS,
  SOURCE_UNREAD_FIELDS,
} from "@rds-log-archive/core";

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

/** The command names, the same as the CLI's (docs/adr/0006-one-command-vocabulary.md). */
export const ACTION_COMMANDS = [
  "sync",
  "plan",
  "events",
  "activity-stream",
  "verify",
  "matrix",
  "merge-reports",
] as const;

/** "Refused by commands events and activity-stream, …" for an input their sources do not read (inputs.ts refuses it). */
function renderRefusedBy(path: string): string | undefined {
  const commands = Object.entries(SOURCE_UNREAD_FIELDS)
    .filter(([, fields]) => fields.some((field) => field.path === path))
    .map(([command]) => command);
  if (commands.length === 0) return undefined;
  return `Refused by ${commands.length === 1 ? "command" : "commands"} ${commands.join(" and ")}.`;
}

export const ACTION_INPUTS: readonly ActionInputSpec[] = [
  {
    name: "command",
    description:
      "What to run, named as the CLI's commands: `sync` archives the log files; `plan` shows what sync would do and writes nothing; " +
      "`events` archives the RDS events and posts the new ones (slack-webhook-url, webhook-url); " +
      "`activity-stream` archives the Database Activity Streams of the clusters and instances, decrypted, from where the archive ends, until the streams' tips or max-duration " +
      "(outputs `record-count`, `lag-ms`); `verify` re-reads the archive " +
      "in the since/until window and checks every object against its size and SHA-256 (outputs `verified-count`, `bad-count`); " +
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
  ...FIELD_INPUTS.map((field) => {
    const note = [field.inputNote, renderRefusedBy(field.path)]
      .filter((text) => text !== undefined)
      .join(" ");
    return {
      name: field.input as string,
      field: field.path,
      ...(note === "" ? {} : { description: note }),
      ...(field.inputDefault === undefined ? {} : { default: field.inputDefault }),
    };
  }),
  {
    name: "slack-webhook-url",
    description:
      "For command events: a Slack incoming webhook URL, from a secret (`${{ secrets.… }}`); new events in " +
      "notify-categories are posted there. Masked, and never printed or written. Default: the environment's " +
      "RDS_LOG_ARCHIVE_SLACK_WEBHOOK_URL.",
  },
  {
    name: "webhook-url",
    description:
      "For command events: a URL that receives one CloudEvents 1.0 JSON per new event, from a secret. Masked, and " +
      "never printed or written. Default: the environment's RDS_LOG_ARCHIVE_WEBHOOK_URL.",
  },
  {
    name: "webhook-secret",
    description:
      "For command events: signs each webhook post as Standard Webhooks specifies (a whsec_… secret is base64), " +
      "from a secret. Default: the environment's RDS_LOG_ARCHIVE_WEBHOOK_SECRET.",
  },
  {
    name: "issue-on-problem",
    description:
      "Open an issue in this repository for each gap or target that could not be archived, or update the open one " +
      "a later run finds by its hidden marker; needs `permissions: issues: write`.",
    default: "false",
  },
  {
    name: "github-token",
    description: "The token issue-on-problem opens and updates issues with.",
    default: "${{ github.token }}",
  },
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
  {
    name: "archived-count",
    description:
      "Log file versions (command events: RDS events; command activity-stream: activity events) archived by this run.",
  },
  {
    name: "failed-count",
    description:
      "Log files (command events: events and notification channels; command activity-stream: streams and shards) that failed, plus targets that could not be listed (or whose activity stream is not started).",
  },
  {
    name: "notified-count",
    description: "For command events: notifications delivered, per event and channel.",
  },
  {
    name: "record-count",
    description: "For command activity-stream: Kinesis records read and decrypted, heartbeats included.",
  },
  {
    name: "lag-ms",
    description:
      "For command activity-stream: how far the run was behind the tip of the most lagging stream when it stopped, in milliseconds.",
  },
  {
    name: "gap-count",
    description:
      "Gaps: log files (command activity-stream: activity records) lost before they could be archived.",
  },
  {
    name: "bytes-in",
    description: "Source bytes read from RDS (command activity-stream: NDJSON bytes of the events archived).",
  },
  { name: "bytes-out", description: "Bytes written to the destination (compressed)." },
  {
    name: "report-path",
    description: "Path of the run report (JSON) on the runner; for verify, of the verify report.",
  },
  { name: "matrix", description: "For command matrix: the job matrix JSON, for fromJSON()." },
  { name: "verified-count", description: "For command verify: objects read and checked." },
  {
    name: "bad-count",
    description: "For command verify: objects that failed a check (named in the job summary).",
  },
  {
    name: "shard-count",
    description: "For command matrix: how many shards the matrix has; 0 when there is nothing to archive.",
  },
];
