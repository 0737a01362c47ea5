import {
  type ActivityReport,
  type ReportError,
  type RunReport,
  renderPrintable,
} from "@rds-log-archive/core";
import { plural, renderReportError, renderTargetName } from "./render-summary.js";

/** Milliseconds behind a stream's tip, as a person reads them. */
export function renderLag(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(0)} s`;
  if (ms < 7_200_000) return `${(ms / 60_000).toFixed(0)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/**
 * The end-of-run summary of `activity-stream`: records, events, heartbeats and KMS calls, each
 * stream's lag and retention, then what needs attention (failed shards, databases whose stream is
 * not started, gaps).
 */
export function renderActivitySummary(report: RunReport): string {
  const activity = report.activity as ActivityReport;
  const { totals } = activity;
  const seconds = (Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000;
  const lines: string[] = [];
  if (report.dryRun) {
    lines.push(
      `rds-log-archive activity-stream --dry-run: ${plural(totals.streams, "stream", "streams")}, ${plural(totals.shards, "shard", "shards")} would be read; nothing was read or written`,
    );
  } else {
    lines.push(
      `rds-log-archive activity-stream: ${plural(totals.events, "event", "events")} archived in ${plural(totals.objects, "object", "objects")} ` +
        `from ${plural(totals.records, "record", "records")} (${plural(totals.heartbeats, "heartbeat", "heartbeats")} dropped), ` +
        `${plural(totals.kmsCalls, "KMS call", "KMS calls")}, ${totals.failed} failed, ${report.totals.gaps} gaps; ${seconds.toFixed(1)} s`,
    );
  }
  for (const stream of activity.streams) {
    const owner = `${stream.cluster === undefined ? "instance" : "cluster"} ${renderPrintable(stream.instance)}`;
    const stopped = stream.stoppedEarly ? "; stopped at --max-duration, the next run goes on" : "";
    lines.push(
      `  ${owner} (${renderPrintable(stream.region)}), ${renderPrintable(stream.streamName)}: ${plural(stream.records, "record", "records")}, ` +
        `${plural(stream.events, "event", "events")}, ${renderLag(stream.millisBehindLatest)} behind, ${stream.retentionHours} h retention${stopped}`,
    );
    if (stream.error) lines.push(`      ${renderReportError(stream.error)}`);
    for (const shard of stream.shards) {
      if (report.dryRun) {
        lines.push(
          `    ${renderPrintable(shard.shardId)}: ${shard.outcome}${shard.from ? ` from the ${shard.from}` : ""}`,
        );
      } else if (shard.error) {
        lines.push(
          `    ${renderPrintable(shard.shardId)} failed (the next run goes on from its checkpoint)\n      ${renderReportError(shard.error)}`,
        );
      } else if (shard.outcome === "waiting") {
        lines.push(
          `    ${renderPrintable(shard.shardId)} waits for its parent shards to be read to their end`,
        );
      }
    }
    if (
      stream.retentionHours > 0 &&
      stream.retentionHours < 48 &&
      !report.dryRun &&
      stream.error === undefined
    )
      lines.push(
        `      the stream keeps records ${stream.retentionHours} h: runs must not be that far apart (a retention of 48 h or more leaves room for a missed schedule)`,
      );
  }
  const broken = report.targets.filter((t) => t.error);
  if (broken.length > 0) {
    lines.push("databases whose activity stream could not be archived:");
    for (const target of broken)
      lines.push(
        `  ${renderTargetName(target, "every database")}\n      ${renderReportError(target.error as ReportError)}`,
      );
  }
  if (report.gaps.length > 0) {
    lines.push("gaps (activity records the stream no longer has and the archive never got):");
    for (const gap of report.gaps)
      lines.push(`  ${renderPrintable(gap.instance)}: ${renderPrintable(gap.reason)}`);
  }
  return `${lines.join("\n")}\n`;
}
