/**
 * Help texts. The lines of the config fields' flags are generated from core's field table, the
 * key template's rules from the constants that enforce them; the CLI's own flags are written here.
 */
import {
  type ConfigField,
  DEFAULT_KEY_TEMPLATE,
  DEFAULT_SHARDS,
  KEY_PLACEHOLDERS,
  MAX_SHARDS,
  REQUIRED_KEY_PLACEHOLDERS,
  renderPlaceholderList,
} from "@rds-log-archive/core";
import { FIELD_FLAGS } from "./flags.js";

const COLUMN = 29;
const WIDTH = 100;

/** `  --flag VALUE   help`, the help wrapped under its column. */
function helpLine(flag: string, help: string): string {
  const words = help.split(" ");
  const lines: string[] = [];
  let line = `  ${flag}`.padEnd(COLUMN - 1);
  if (line.length >= COLUMN) {
    lines.push(line);
    line = " ".repeat(COLUMN - 1);
  }
  for (const word of words) {
    if (line.trim() !== "" && line.length + 1 + word.length > WIDTH && line.length > COLUMN) {
      lines.push(line);
      line = " ".repeat(COLUMN - 1);
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines.map((text) => text.trimEnd()).join("\n");
}

function fieldLines(section: ConfigField["section"]): string[] {
  return FIELD_FLAGS.filter((field) => field.section === section).map((field) =>
    helpLine(`--${field.flag}${field.value === undefined ? "" : ` ${field.value}`}`, field.help ?? ""),
  );
}

export const MAIN_HELP = `rds-log-archive: keep Amazon RDS and Aurora logs in S3, compressed, exactly once.

usage: rds-log-archive <command> [flags]

commands:
  sync           archive every settled log file version not yet in the destination
  plan           show what sync would do, without writing anything (also: sync --dry-run)
  matrix         split the instances into byte-balanced shards: GitHub Actions matrix JSON
                 (also: plan --matrix)
  events         archive the RDS events of the targets, and post the new ones to Slack or a webhook
  activity-stream  archive Database Activity Streams, decrypted, as NDJSON (--cluster, or --instance
                 for RDS for Oracle / SQL Server)
  merge-reports  merge the run reports of the shard jobs into one, and judge it (also: report merge)
  verify         re-read the archive: every object decompresses, and its size and SHA-256 match its metadata
  iam-policy     print the IAM policies and trust policies the config needs
  athena-ddl     print Athena CREATE EXTERNAL TABLE statements (partition projection) for the archive

  -h, --help       show help (also: rds-log-archive sync --help, events --help, activity-stream --help,
                   athena-ddl --help, …)
  -V, --version    print the version (-v is --verbose, within a command)
`;

export const SYNC_HELP = [
  "usage: rds-log-archive sync|plan|matrix [flags]",
  "",
  "what to archive:",
  helpLine("--config FILE", "YAML or JSON config (flags override it); see config.schema.json"),
  helpLine("--profile NAME", "the AWS profile for credentials, region and endpoints (as AWS_PROFILE)"),
  ...fieldLines("what"),
  "",
  "where:",
  ...fieldLines("where"),
  helpLine("", `placeholders: ${KEY_PLACEHOLDERS.map((name) => `{${name}}`).join(" ")}`),
  `${" ".repeat(COLUMN)}${renderPlaceholderList(REQUIRED_KEY_PLACEHOLDERS)} are required`,
  `${" ".repeat(COLUMN)}default: ${DEFAULT_KEY_TEMPLATE}`,
  "",
  "how:",
  ...fieldLines("how"),
  helpLine("--report FILE, --json", "the run report as JSON, to a file or stdout"),
  helpLine(
    "--shards N",
    `matrix: how many shards (default ${DEFAULT_SHARDS}, at most ${MAX_SHARDS}), balanced by the bytes sync would select; each entry's "instances" goes to sync --only-instances`,
  ),
  helpLine("-q, --quiet", "print the summary only when something needs attention"),
  helpLine("-v, --verbose", "also print the settings, each instance's plan and every skipped file"),
  "",
  "exit codes: 0 all well; 1 a file or target failed, or a gap was found; 2 usage or config error.",
  "Credentials, region and endpoints follow the AWS SDK (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL_RDS,",
  "AWS_ENDPOINT_URL_S3, …); --region and the config's regions name where the databases are.",
  "",
].join("\n");

export const REPORT_HELP = `usage: rds-log-archive merge-reports FILE|DIR... [--json] [--report OUT]
       (also: rds-log-archive report merge …)

Merges the run reports of the shard jobs of one matrix run (what each sync --report wrote) into
one: totals summed, targets, items and gaps concatenated, the earliest start and the latest finish.
A folder stands for the *.json files under it, as download-artifact leaves them. The same instance
or the same archived object in two reports is an overlap, and an error.

  --json                     print the merged report on stdout (the summary goes to stderr)
  --report OUT               write the merged report to OUT
  --no-fail-on-gap           exit 0 even when a gap was found
  -q, --quiet                print the summary only when something needs attention

exit codes: 0 all well; 1 a shard had a failure, a target error or a gap, or the shards overlap;
2 a file is missing, unreadable or not a run report this version reads.
`;

export const IAM_POLICY_HELP = `usage: rds-log-archive iam-policy [--config FILE | sync's target and destination flags]
                               [--github-repo ORG/REPO [--github-repo-ids OWNER_ID/REPO_ID]
                               [--github-ref REF]] [--account-id ACCOUNT] [--events] [--activity-streams]
                               [--format json|terraform|cloudformation]

Prints what to create: sourcePolicy (RDS, scoped to the config's regions and databases),
destinationPolicy (S3 on the bucket's prefix, KMS when sse is aws:kms with a key), trustPolicy
(with --github-repo), destinationTrustPolicy (when the destination has a roleArn),
bucketLifecycleConfiguration (guidance), attachTo (which role each goes to) and notes, which also
say what a job role other than the targets' roleArn needs.

  --format F                 json (default): one JSON object; terraform: aws_iam_role and
                             aws_iam_role_policy resources; cloudformation: a template per account
  --github-repo ORG/REPO     trust GitHub Actions workflows of this repository (OIDC)
  --github-repo-ids O/R      its immutable owner and repository ids, to also trust the newer subject
                             repo:ORG@OWNER_ID/REPO@REPO_ID:…; without them the output says how to get them
  --github-ref REF           narrow the subject: refs/heads/main (default), refs/tags/v*,
                             environment:NAME, pull_request, or * for any
  --account-id ACCOUNT       the source role's account, when no target names a roleArn
  --events                   also what the events command needs (rds:DescribeEvents and the snapshot
                             listings); implied by a config with a notify section
  --activity-streams         also grant what activity-stream needs: kinesis:DescribeStreamSummary,
                             ListShards, GetShardIterator and GetRecords on the aws-rds-das-* streams,
                             and kms:Decrypt under the streams' encryption context
`;

export const EVENTS_HELP = `usage: rds-log-archive events [flags]

Archives the RDS events (DescribeEvents: backups, failovers, maintenance, failures, low storage)
of the targets sync selects: a cluster's own, its members' and its snapshots'; with --all, the
region's. Each event is written once, as a line of gzipped NDJSON in a new object of its hour
(logType "events"), read from an hour before the last run (14 days, all RDS keeps, on the first).

what and where: --config, --region, --cluster, --instance, --all, --engine, --dest, --sse,
  --kms-key-id, --expected-bucket-owner, --key-template, as for sync
  --since T, --until T       a backfill window instead of the last run's checkpoint
  --dry-run                  plan only: write and send nothing
  --report FILE, --json      the run report as JSON, to a file or stdout
  --no-fail-on-gap           exit 0 even when a gap was found
  -q, --quiet, -v, --verbose
sync's log-file flags (--log-types, --settle, --include-active, --only-instances, --compression:
events are always gzipped NDJSON) and --max-duration are refused, not ignored.

notifications, for new events in the config's notify.categories (default backup, failover,
failure, low storage, maintenance, notification), each event's time shown in notify.timeZone:
  RDS_LOG_ARCHIVE_SLACK_WEBHOOK_URL   a Slack incoming webhook
  RDS_LOG_ARCHIVE_WEBHOOK_URL         a webhook that takes one CloudEvents 1.0 JSON per event
  RDS_LOG_ARCHIVE_WEBHOOK_SECRET      signs each webhook post (Standard Webhooks)
These come from the environment only, and are never printed. A post that fails is sent again by
the next run; a run killed between a post and its record sends that post once more.

exit codes: 0 all well; 1 an event could not be archived, a notification failed, a target failed
or a gap was found; 2 usage or config error.
`;

export const VERIFY_HELP = `usage: rds-log-archive verify [flags]

Re-reads every archived object in the window and checks that it decompresses and that its byte
count and SHA-256 match the metadata it was written with (a .meta.json sidecar in a folder, S3
metadata in a bucket). Nothing is written. Exit 1 names each bad object.

  --dest s3://BUCKET/PREFIX | DIR   the archive (or the destination of --config)
  --config FILE              a sync config; verify reads its destination (and timeouts)
  --since T, --until T       only objects last written in this window (ISO 8601 or a duration
                             ago: 48h, 3d); objects whose key hour is outside it are not read
  --concurrency N            objects read at once (default 4)
  --json                     print the verify report (JSON) on stdout
  -q, --quiet                print only bad objects
  -h, --help                 show this help
`;

export const ACTIVITY_STREAM_HELP = `usage: rds-log-archive activity-stream [flags]

Archives the Database Activity Streams of the selected databases: each record's data key is
decrypted with KMS (once per key per run), its events with the AWS Encryption SDK on worker
threads, and every activity event is written once, as a line of gzipped NDJSON with the fields AWS
wrote plus shardId, sequenceNumber, clusterId and instanceId. Heartbeats are counted, not kept.
Each run goes on from where the archive ends (the first run from the oldest record the stream
holds) and stops at each stream's tip.

what to archive:
  --config FILE              YAML or JSON config (flags override it); see config.schema.json
  --region R                 AWS region (default: AWS_REGION)
  --cluster ID[,ID]          Aurora clusters, whose streams are the cluster's (repeatable)
  --instance ID[,ID]         RDS for Oracle and SQL Server instances (repeatable)
  --all                      every started activity stream in the region
  --engine E[,E]             only these engines

where:
  --dest s3://BUCKET/PREFIX | DIR
  --sse AES256|aws:kms, --kms-key-id ID, --expected-bucket-owner ACCOUNT
  --key-template T           default {prefix}{cluster}/{logType}/{yyyy}/{mm}/{dd}/{hh}/{instance}/{file}.gz;
                             logType is activity, the hour the first record of a batch reached the stream,
                             instance the cluster (Aurora) or the instance

how:
  --max-duration D           stop reading after this long (90s, 50m, 1h), checkpoints saved; the next run
                             goes on from there
  --concurrency N            shards read at once (default 4)
  --dry-run                  find the streams and plan where each shard starts, reading nothing
  --report FILE, --json      the run report as JSON, to a file or stdout
  --no-fail-on-gap           exit 0 even when a gap was found
  -q, --quiet
sync's log-file flags (--log-types, --since, --until, --settle, --include-active, --only-instances,
--compression: activity records are always gzipped NDJSON) are refused, not ignored.

exit codes: 0 all well; 1 a stream or shard failed, a stream is not started, or a gap was found
(a checkpoint older than the stream's retention, a stream created again); 2 usage or config error.
Credentials and endpoints follow the AWS SDK (AWS_PROFILE, AWS_ENDPOINT_URL_KINESIS,
AWS_ENDPOINT_URL_KMS, AWS_ENDPOINT_URL_RDS, AWS_ENDPOINT_URL_S3, …).
`;

export const ATHENA_DDL_HELP = `usage: rds-log-archive athena-ddl [--config FILE] [--dest s3://BUCKET/PREFIX | DIR]
                               [--key-template T] [--database NAME] [--source S] [--log-type-values A,B]

Prints the Athena statements for the archive, to run one at a time: CREATE DATABASE, one
CREATE EXTERNAL TABLE with partition projection per kind of data, each following the key template
(the default or hive, as sync writes it), and a view of the log lines with their instance and file:
  rds_log_lines             one row per log line (column line); partitions cluster, log_type, hour
  rds_log_lines_with_file   the same with instance, file and path, read from "$path"
  rds_events                RDS events (JSON), under log type events
  rds_activity              Database Activity Streams records (JSON), under log type activity
cluster is an injected partition: every query names it (WHERE cluster = 'prod'). The state under
PREFIX_state/ is in no table. Only the destination of the config is read.

  --config FILE              the config sync uses; its destination and keyTemplate
  --dest, --key-template     as for sync (a folder destination prints the bucket as BUCKET)
  --database NAME            Athena database (default rds_log_archive)
  --source S                 log-files, events, activity-streams or all (default), comma-separated
  --log-type-values A,B      the log folders the log_type partition lists (default
                             _,alert,audit,error,general,listener,log,slowquery,trace)

exit codes: 0 printed; 2 a usage or config error, or a key template Athena cannot project.
`;
