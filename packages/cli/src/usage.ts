/** Help texts; the flags themselves are defined in flags.ts. */
export const MAIN_HELP = `rds-log-archive: keep Amazon RDS and Aurora logs in S3, compressed, exactly once.

usage: rds-log-archive <command> [flags]

commands:
  sync           archive every settled log file version not yet in the destination
  plan           show what sync would do, without writing anything
  plan --matrix  split the instances into byte-balanced shards: GitHub Actions matrix JSON
  report merge   merge the run reports of the shard jobs into one, and judge it
  iam-policy     print the IAM policies and trust policies the config needs
  athena-ddl     print Athena CREATE EXTERNAL TABLE statements (partition projection) for the archive

  -h, --help       show help (also: rds-log-archive sync --help, report --help, iam-policy --help,
                   athena-ddl --help)
  -v, --version    print the version
`;

export const SYNC_HELP = `usage: rds-log-archive sync|plan [flags]

what to archive:
  --config FILE              YAML or JSON config (flags override it); see config.schema.json
  --region R                 AWS region (default: AWS_REGION)
  --cluster ID[,ID]          Aurora/RDS clusters, expanded to their instances (repeatable)
  --instance ID[,ID]         DB instances (repeatable)
  --all                      every instance in the region
  --engine E[,E]             only these engines (aurora-postgresql, mysql, …)
  --log-types GLOB[,GLOB]    only log files whose name matches (audit/*, postgresql.log.*)
  --since T, --until T       LastWritten window: ISO 8601 or a duration ago (48h, 3d)
  --settle D                 archive files once unchanged this long (default 5m)
  --include-active           also snapshot files still being written
  --only-instances R/ID[,…]  only these of the instances the targets select (REGION/INSTANCE, or
                             INSTANCE in any region); a shard job passes its matrix entry's instances

where:
  --dest s3://BUCKET/PREFIX | DIR
  --sse AES256|aws:kms, --kms-key-id ID, --expected-bucket-owner ACCOUNT
  --key-template T           default {prefix}{cluster}/{logType}/{yyyy}/{mm}/{dd}/{hh}/{instance}/{file}.gz,
                             or hive: {prefix}cluster={cluster}/log_type={logType}/hour={yyyy}-{mm}-{dd}-{hh}/
                             instance={instance}/{file}.gz; {instance}, {logType} and {file} are required

how:
  --concurrency N            instances and files in flight (default 4)
  --dry-run                  plan only (same as the plan command)
  --report FILE, --json      the run report as JSON, to a file or stdout
  --no-fail-on-gap           exit 0 even when a gap was found
  --matrix [--shards N]      plan only: print the GitHub Actions matrix that splits the instances into
                             N shards (default 4, at most 256) balanced by the bytes sync would select;
                             each entry's "instances" goes to sync --only-instances
  -q, --quiet, -v, --verbose

exit codes: 0 all well; 1 a file or target failed, or a gap was found; 2 usage or config error.
Credentials and endpoints follow the AWS SDK (AWS_PROFILE, AWS_ENDPOINT_URL_RDS, AWS_ENDPOINT_URL_S3, …).
`;

export const REPORT_HELP = `usage: rds-log-archive report merge FILE... [--json] [--report OUT]

Merges the run reports of the shard jobs of one plan --matrix run (what each sync --report wrote)
into one: totals summed, targets, items and gaps concatenated, the earliest start and the latest
finish. The same instance or the same archived object in two reports is an overlap, and an error.

  --json                     print the merged report on stdout (the summary goes to stderr)
  --report OUT               write the merged report to OUT
  --no-fail-on-gap           exit 0 even when a gap was found
  -q, --quiet                print the summary only when something needs attention

exit codes: 0 all well; 1 a shard had a failure, a target error or a gap, or the shards overlap;
2 a file is missing, unreadable or not a run report this version reads.
`;

export const IAM_POLICY_HELP = `usage: rds-log-archive iam-policy [--config FILE | sync's target and destination flags]
                               [--github-repo ORG/REPO [--github-repo-ids OWNER_ID/REPO_ID]
                               [--github-ref REF]] [--account-id ACCOUNT]

Prints one JSON object: sourcePolicy (RDS, scoped to the config's regions and databases),
destinationPolicy (S3 on the bucket's prefix, KMS when sse is aws:kms with a key), trustPolicy
(with --github-repo), destinationTrustPolicy (when the destination has a roleArn),
bucketLifecycleConfiguration (guidance), attachTo (which role each goes to) and notes.

  --github-repo ORG/REPO     trust GitHub Actions workflows of this repository (OIDC)
  --github-repo-ids O/R      its immutable owner and repository ids, to also trust the newer subject
                             repo:ORG@OWNER_ID/REPO@REPO_ID:…; without them the output says how to get them
  --github-ref REF           narrow the subject: refs/heads/main (default), refs/tags/v*,
                             environment:NAME, pull_request, or * for any
  --account-id ACCOUNT       the source role's account, when no target names a roleArn
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
