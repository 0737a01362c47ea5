import type { ReportError } from "./run-report.js";

/**
 * What an `activity-stream` run did, in the run report: per stream, its shards and counts, and one
 * item per batch object. Version 2 of the report added it.
 */
export interface ActivityReport {
  totals: ActivityTotals;
  streams: ActivityStreamReport[];
  /** One per batch written (or found written by an earlier or overlapping run). */
  items: ActivityReportItem[];
}

export interface ActivityTotals {
  streams: number;
  /** Shards read (or, in a dry run, that would be). */
  shards: number;
  /** Kinesis records opened (decrypted). */
  records: number;
  /** Activity events archived (heartbeats left out). */
  events: number;
  /** Heartbeat events dropped. */
  heartbeats: number;
  /** Batch objects written. */
  objects: number;
  /** Shards and streams that failed. */
  failed: number;
  /** KMS Decrypt calls for data keys. */
  kmsCalls: number;
  /** NDJSON bytes, and the gzip bytes stored. */
  bytesIn: number;
  bytesOut: number;
  /** The most any stream was behind its tip when the run stopped reading it, in milliseconds. */
  millisBehindLatest: number;
}

export interface ActivityStreamReport {
  region: string;
  cluster?: string;
  /** The cluster (Aurora) or instance (RDS for Oracle / SQL Server) the stream belongs to. */
  instance: string;
  engine: string;
  resourceId: string;
  streamName: string;
  /** The stream's retention, from DescribeStreamSummary: a run must come at least this often. */
  retentionHours: number;
  records: number;
  events: number;
  heartbeats: number;
  kmsCalls: number;
  millisBehindLatest: number;
  /** `--max-duration` stopped the run before the stream was read to its tip. */
  stoppedEarly: boolean;
  shards: ActivityShardReport[];
  error?: ReportError;
}

export interface ActivityShardReport {
  shardId: string;
  parentShardIds: string[];
  /** Where reading started: the checkpoint, after the archive's last batch, or the trim horizon. */
  from?: "checkpoint" | "archive" | "trim-horizon";
  /**
   * - `caught-up`: read to the stream's tip; `closed`: read to its end (resharded);
   * - `done`: closed and read to its end by an earlier run; `waiting`: a parent is not read to
   *   its end yet; `stopped`: `--max-duration` was reached; `planned`: a dry run; `failed`.
   */
  outcome: "caught-up" | "closed" | "done" | "waiting" | "stopped" | "planned" | "failed";
  /** The last record archived (or skipped as a heartbeat) when the run stopped. */
  lastSequenceNumber?: string;
  records: number;
  events: number;
  heartbeats: number;
  millisBehindLatest?: number;
  error?: ReportError;
}

export interface ActivityReportItem {
  region: string;
  cluster?: string;
  instance: string;
  shardId: string;
  firstSequenceNumber: string;
  lastSequenceNumber: string;
  records: number;
  events: number;
  key: string;
  /** `skipped`: an earlier or overlapping run wrote this batch already. */
  outcome: "archived" | "skipped";
  bytesIn: number;
  bytesOut: number;
  /** SHA-256 of the NDJSON, hex. */
  sha256: string;
}

/** Totals derived from the streams and items, so they can never disagree with them. */
export function summarizeActivity(
  streams: readonly ActivityStreamReport[],
  items: readonly ActivityReportItem[],
): ActivityTotals {
  const sum = (pick: (s: ActivityStreamReport) => number) => streams.reduce((n, s) => n + pick(s), 0);
  const written = items.filter((i) => i.outcome === "archived");
  return {
    streams: streams.length,
    shards: sum((s) => s.shards.filter((sh) => sh.outcome !== "done" && sh.outcome !== "waiting").length),
    records: sum((s) => s.records),
    events: sum((s) => s.events),
    heartbeats: sum((s) => s.heartbeats),
    objects: written.length,
    failed:
      streams.filter((s) => s.error !== undefined).length +
      sum((s) => s.shards.filter((sh) => sh.outcome === "failed").length),
    kmsCalls: sum((s) => s.kmsCalls),
    bytesIn: written.reduce((n, i) => n + i.bytesIn, 0),
    bytesOut: written.reduce((n, i) => n + i.bytesOut, 0),
    millisBehindLatest: Math.max(0, ...streams.map((s) => s.millisBehindLatest)),
  };
}
