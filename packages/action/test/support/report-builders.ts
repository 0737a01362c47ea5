/**
 * Run reports for the summary and annotation tests: one small fleet with every kind of trouble,
 * and a generator for reports as large as a merged fleet's.
 */
import type {
  ActivityStreamReport,
  ReportGap,
  ReportItem,
  ReportTarget,
  RunReport,
} from "@rds-log-archive/core";

export const MALICIOUS_LOG_FILE = "error/a|b<script>alert(1)</script>`x`\n| c |";

export function reportItem(
  fields: Partial<ReportItem> & Pick<ReportItem, "instance" | "logFile">,
): ReportItem {
  return {
    size: 1000,
    lastWritten: "2026-11-20T09:00:00.000Z",
    outcome: "archived",
    key: `prod/${fields.logFile}.gz`,
    bytesIn: 1000,
    bytesOut: 100,
    sha256: "ab".repeat(32),
    durationMs: 12,
    ...fields,
  };
}

/** One instance with one file. */
export function oneInstanceReport(fields: Parameters<typeof reportItem>[0]): RunReport {
  return buildReport({
    targets: [{ region: "eu-west-1", instance: "db-1", engine: "postgres" }],
    items: [reportItem(fields)],
  });
}

/** A report whose totals agree with its items and gaps, like the engine's. */
export function buildReport(parts: {
  targets: ReportTarget[];
  items: ReportItem[];
  gaps?: ReportGap[];
  dryRun?: boolean;
  startedAt?: string;
  finishedAt?: string;
}): RunReport {
  const gaps = parts.gaps ?? [];
  const count = (outcome: ReportItem["outcome"]) => parts.items.filter((i) => i.outcome === outcome).length;
  return {
    schemaVersion: 2,
    startedAt: parts.startedAt ?? "2026-11-20T10:05:00.000Z",
    finishedAt: parts.finishedAt ?? "2026-11-20T10:07:12.400Z",
    dryRun: parts.dryRun ?? false,
    totals: {
      files: parts.items.length,
      archived: count("archived"),
      skipped: count("skipped"),
      failed: count("failed"),
      gaps: gaps.length,
      bytesIn: parts.items.reduce((sum, i) => sum + i.bytesIn, 0),
      bytesOut: parts.items.reduce((sum, i) => sum + i.bytesOut, 0),
    },
    targets: parts.targets,
    items: parts.items,
    gaps,
  };
}

/**
 * Three instances in two regions and a cluster that could not be listed: archived, skipped and
 * failed files, one of them with a hostile name, and a gap.
 */
export function troubledFleetReport(): RunReport {
  return buildReport({
    targets: [
      { region: "eu-west-1", cluster: "orders", instance: "orders-1", engine: "aurora-mysql" },
      { region: "eu-west-1", cluster: "orders", instance: "orders-2", engine: "aurora-mysql" },
      { region: "us-east-1", instance: "billing", engine: "postgres" },
      {
        region: "us-east-1",
        cluster: "ledger",
        instance: "ledger",
        engine: "",
        error: {
          code: "ACCESS_DENIED",
          message: "not authorized to perform rds:DescribeDBClusters on ledger",
          hint: "the role needs rds:DescribeDBClusters on arn:aws:rds:us-east-1:123456789012:cluster:ledger",
        },
      },
    ],
    items: [
      reportItem({
        instance: "billing",
        logFile: "error/postgresql.log.2026-11-20-09",
        bytesIn: 3_000_000_000,
        bytesOut: 300_000_000,
      }),
      reportItem({
        instance: "billing",
        logFile: MALICIOUS_LOG_FILE,
        outcome: "failed",
        bytesIn: 0,
        bytesOut: 0,
        error: {
          code: "DOWNLOAD_SHORT",
          message: "got 10 of 1000 bytes of <error/a|b>",
          hint: "nothing to do unless it repeats: the next run downloads it again",
        },
      }),
      reportItem({
        instance: "orders-1",
        cluster: "orders",
        logFile: "audit/audit.log.0.2026-11-20-09-00.1",
        bytesIn: 2_000_000_000,
        bytesOut: 150_000_000,
      }),
      reportItem({
        instance: "orders-1",
        cluster: "orders",
        logFile: "audit/audit.log.1.2026-11-20-08-00.1",
        outcome: "skipped",
        reason: "already-archived",
        bytesIn: 0,
        bytesOut: 0,
      }),
      reportItem({
        instance: "orders-2",
        cluster: "orders",
        logFile: "slowquery/mysql-slowquery.log",
        outcome: "skipped",
        reason: "not-settled",
        bytesIn: 0,
        bytesOut: 0,
      }),
    ],
    gaps: [
      {
        instance: "orders-2",
        logFile: "audit/audit.log.3.2026-11-19-23-00.1",
        from: "2026-11-19T23:00:00.000Z",
        to: "2026-11-20T00:10:00.000Z",
        reason:
          "RDS no longer holds audit/audit.log.3 written between 23:00 and 00:10: retention outran the archive schedule; run more often",
      },
    ],
  });
}

/**
 * `items` files over `instances` instances in four regions; every `failEvery`-th file failed with a
 * long message, and every instance that ends in 7 has a gap.
 */
export function largeFleetReport(options: {
  instances: number;
  items: number;
  failEvery: number;
}): RunReport {
  const regions = ["eu-west-1", "eu-central-1", "us-east-1", "ap-northeast-1"];
  const targets: ReportTarget[] = [];
  for (let i = 0; i < options.instances; i++) {
    targets.push({
      region: regions[i % regions.length] ?? "eu-west-1",
      cluster: `cluster-${Math.floor(i / 3)}`,
      instance: `instance-${String(i).padStart(5, "0")}`,
      engine: i % 2 === 0 ? "aurora-mysql" : "aurora-postgresql",
    });
  }
  const items: ReportItem[] = [];
  for (let n = 0; n < options.items; n++) {
    const target = targets[n % targets.length] as ReportTarget;
    const failed = n % options.failEvery === 0;
    items.push(
      reportItem({
        instance: target.instance,
        ...(target.cluster === undefined ? {} : { cluster: target.cluster }),
        // Multibyte names, so the cut is tested against UTF-8 sizes, not string lengths.
        logFile: `audit/監査.log.${n}.2026-11-20-09-00.1`,
        outcome: failed ? "failed" : "archived",
        bytesIn: failed ? 0 : 1_000_000,
        bytesOut: failed ? 0 : 90_000,
        ...(failed
          ? {
              error: {
                code: "DOWNLOAD_FAILED",
                message: `connection reset after ${n} bytes while downloading the file from RDS; ${"détail ".repeat(20)}`,
                hint: "nothing to do unless it repeats: the next run downloads it again",
              },
            }
          : {}),
      }),
    );
  }
  const gaps: ReportGap[] = targets
    .filter((t) => t.instance.endsWith("7"))
    .map((t) => ({ instance: t.instance, reason: "retention outran the archive schedule; run more often" }));
  return buildReport({ targets, items, gaps });
}

/**
 * An events run: two new events (one with a hostile message), a Slack delivery that failed with
 * one notification still owed, and a window that RDS's 14 days truncated.
 */
export function eventsReport(fields: { dryRun?: boolean } = {}): RunReport {
  const base = buildReport({
    targets: [{ region: "eu-west-1", cluster: "orders", instance: "orders-1", engine: "aurora-postgresql" }],
    items: [],
    ...(fields.dryRun === undefined ? {} : { dryRun: fields.dryRun }),
  });
  const item = (date: string, message: string, categories: string[]) => ({
    region: "eu-west-1",
    cluster: "orders",
    instance: "orders",
    sourceType: "db-cluster-snapshot",
    sourceIdentifier: "rds:orders-2026-11-20-03-10",
    date,
    categories,
    message,
    id: date.replace(/\D/g, "").padEnd(64, "0"),
    outcome: fields.dryRun ? ("planned" as const) : ("archived" as const),
    key: "orders/events/2026/11/20/03/orders/events-20261120T031000Z-0123456789abcdef.ndjson.gz",
  });
  return {
    ...base,
    events: {
      totals: {
        listed: 5,
        new: 2,
        alreadyArchived: 3,
        objects: 1,
        failed: 0,
        bytesIn: 600,
        bytesOut: 300,
        notified: 1,
        notifyFailed: 1,
        byCategory: { backup: 1, failover: 1 },
      },
      windows: [
        {
          region: "eu-west-1",
          from: "2026-11-06T10:10:00.000Z",
          to: "2026-11-20T10:05:00.000Z",
          truncated: true,
          requestedFrom: "2026-11-01T00:00:00.000Z",
        },
      ],
      items: [
        item("2026-11-20T03:10:00.000Z", "Automated cluster snapshot created", ["backup"]),
        item("2026-11-20T03:20:00.000Z", MALICIOUS_LOG_FILE, ["failover"]),
      ],
      deliveries: [
        {
          region: "eu-west-1",
          channel: "slack",
          events: 1,
          messages: 1,
          pending: 1,
          expired: 0,
          error: {
            code: "NOTIFY_FAILED",
            message: "the Slack webhook: HTTP 404 channel_not_found, 1 attempt(s)",
            hint: "the Slack webhook was revoked",
          },
        },
        { region: "eu-west-1", channel: "webhook", events: 2, messages: 2, pending: 0, expired: 0 },
      ],
    },
  };
}

/**
 * An activity-stream run over three databases: a cluster whose stream was read (one shard
 * caught up, one failed, a gap), an Oracle instance stopped at max-duration with a hostile stream
 * name, and a cluster whose stream is not started.
 */
export function activityReport(fields: { dryRun?: boolean } = {}): RunReport {
  const gaps: ReportGap[] = [
    {
      instance: "orders",
      logFile: "activity/shardId-000000000001",
      reason: "the checkpoint is older than the stream's 24 h retention",
    },
  ];
  const base = buildReport({
    targets: [
      { region: "eu-west-1", cluster: "orders", instance: "orders", engine: "aurora-postgresql" },
      { region: "eu-west-1", instance: "ledger", engine: "oracle-ee" },
      {
        region: "eu-west-1",
        cluster: "quiet",
        instance: "quiet",
        engine: "",
        error: {
          code: "ACTIVITY_STREAM_NOT_STARTED",
          message: "cluster quiet has no activity stream started",
          hint: "start it: aws rds start-activity-stream --resource-arn arn:aws:rds:eu-west-1:123456789012:cluster:quiet",
        },
      },
    ],
    items: [],
    gaps,
    ...(fields.dryRun === undefined ? {} : { dryRun: fields.dryRun }),
  });
  const streams: ActivityStreamReport[] = [
    {
      region: "eu-west-1",
      cluster: "orders",
      instance: "orders",
      engine: "aurora-postgresql",
      resourceId: "cluster-ORDERS",
      streamName: "aws-rds-das-cluster-ORDERS",
      retentionHours: 24,
      records: 1200,
      events: 2000,
      heartbeats: 200,
      kmsCalls: 2,
      millisBehindLatest: 90_000,
      stoppedEarly: false,
      shards: [
        {
          shardId: "shardId-000000000000",
          parentShardIds: [],
          outcome: "caught-up",
          records: 1200,
          events: 2000,
          heartbeats: 200,
        },
        {
          shardId: "shardId-000000000001",
          parentShardIds: [],
          outcome: "failed",
          records: 0,
          events: 0,
          heartbeats: 0,
          error: {
            code: "KMS_DECRYPT_FAILED",
            message: "KMS refused the data key",
            hint: "the role needs kms:Decrypt",
          },
        },
      ],
    },
    {
      region: "eu-west-1",
      instance: "ledger",
      engine: "oracle-ee",
      resourceId: "db-LEDGER",
      streamName: MALICIOUS_LOG_FILE,
      retentionHours: 168,
      records: 50,
      events: 40,
      heartbeats: 10,
      kmsCalls: 1,
      millisBehindLatest: 7_200_000,
      stoppedEarly: true,
      shards: [
        {
          shardId: "shardId-000000000000",
          parentShardIds: [],
          outcome: "stopped",
          records: 50,
          events: 40,
          heartbeats: 10,
        },
      ],
    },
  ];
  const items = [
    {
      region: "eu-west-1",
      cluster: "orders",
      instance: "orders",
      shardId: "shardId-000000000000",
      firstSequenceNumber: "1",
      lastSequenceNumber: "1200",
      records: 1200,
      events: 2000,
      key: "orders/activity/2026/11/20/10/orders/a.ndjson.gz",
      outcome: "archived" as const,
      bytesIn: 2_000_000,
      bytesOut: 200_000,
      sha256: "cd".repeat(32),
    },
  ];
  // As the engine sums them: failed counts the failed shard; shards, those read.
  const totals = {
    streams: 2,
    shards: 3,
    records: 1250,
    events: 2040,
    heartbeats: 210,
    objects: 1,
    failed: 1,
    kmsCalls: 3,
    bytesIn: 2_000_000,
    bytesOut: 200_000,
    millisBehindLatest: 7_200_000,
  };
  return { ...base, activity: { totals, streams, items } };
}
