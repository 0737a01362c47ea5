/**
 * The activity-stream parts of the job summary, for the report of an `activity-stream` run: what
 * the run read and archived (records, events, heartbeats, KMS calls), each stream's lag and
 * retention, and the streams, shards and databases that need attention. Every value from RDS,
 * Kinesis, the report or an error goes through `renderCell`.
 */
import { type ActivityReport, type ReportError, type RunReport, renderBytes } from "@rds-log-archive/core";
import { renderCell } from "./render-cell.js";
import { renderQuantity, renderRow, renderTableHead } from "./render-rows.js";
import { renderCount, renderDuration } from "./render-values.js";

const NONE = "—";
const code = (error: ReportError) => `<code>${renderCell(error.code, 80)}</code>`;
const SHARD_RETRY = "the next run goes on from the shard's checkpoint";

/** A retention under this leaves no room for a missed hourly schedule. */
const SHORT_RETENTION_HOURS = 48;

/** `cluster orders` or `instance ledger`, escaped. */
const renderOwner = (entry: { cluster?: string | undefined; instance: string }) =>
  `${entry.cluster === undefined ? "instance" : "cluster"} ${renderCell(entry.cluster ?? entry.instance)}`;

/** The verdict line of an activity-stream run. */
export function renderActivityVerdict(
  report: RunReport,
  activity: ActivityReport,
  failOnGap: boolean,
): string {
  const { totals } = activity;
  const notStarted = report.targets.filter((t) => t.error).length;
  const problems = [
    totals.failed > 0
      ? renderQuantity(totals.failed, "stream or shard failed", "streams or shards failed")
      : "",
    notStarted > 0 ? renderQuantity(notStarted, "database not archived", "databases not archived") : "",
    report.totals.gaps > 0 ? renderQuantity(report.totals.gaps, "gap", "gaps") : "",
  ].filter((p) => p !== "");
  if (report.dryRun) {
    return `**Dry run:** ${renderQuantity(totals.streams, "stream", "streams")}, ${renderQuantity(totals.shards, "shard", "shards")} would be read${problems.map((p) => `, ${p}`).join("")}; nothing was read or written.\n\n`;
  }
  const stopped = activity.streams.filter((s) => s.stoppedEarly).length;
  const stoppedNote =
    stopped > 0
      ? ` Stopped at \`max-duration\` before the tip of ${renderQuantity(stopped, "stream", "streams")}; the next run goes on from there.`
      : "";
  if (problems.length > 0) {
    const failing = totals.failed + notStarted > 0 || failOnGap;
    return `${failing ? "❌" : "⚠️"} **${problems.join(", ")}.** What failed is read again by the next run, from each shard's checkpoint; archived events stay archived. See below.${stoppedNote}\n\n`;
  }
  const read = `${renderQuantity(totals.records, "record", "records")} read (${renderQuantity(totals.heartbeats, "heartbeat", "heartbeats")} dropped)`;
  if (totals.events === 0) return `✅ **Nothing new to archive:** ${read}.${stoppedNote}\n\n`;
  return `✅ **Archived ${renderQuantity(totals.events, "activity event", "activity events")}** in ${renderQuantity(totals.objects, "object", "objects")}, from ${read}.${stoppedNote}\n\n`;
}

/** The totals table, the lag, and a note for each stream whose retention leaves little room. */
export function renderActivityTotals(report: RunReport, activity: ActivityReport): string {
  const { totals } = activity;
  const head = renderTableHead([
    { name: "Streams", numeric: true },
    { name: report.dryRun ? "Shards to read" : "Shards read", numeric: true },
    { name: "Records", numeric: true },
    { name: "Events", numeric: true },
    { name: "Heartbeats", numeric: true },
    { name: "Objects", numeric: true },
    { name: "KMS calls", numeric: true },
    { name: "Failed", numeric: true },
    { name: "Gaps", numeric: true },
    { name: "Bytes in", numeric: true },
    { name: "Bytes out", numeric: true },
  ]);
  const row = renderRow([
    ...[
      totals.streams,
      totals.shards,
      totals.records,
      totals.events,
      totals.heartbeats,
      totals.objects,
      totals.kmsCalls,
      totals.failed,
      report.totals.gaps,
    ].map(renderCount),
    renderBytes(totals.bytesIn),
    renderBytes(totals.bytesOut),
  ]);
  const lag =
    report.dryRun || totals.streams === 0
      ? ""
      : `Lag behind the streams when the run stopped reading: at most ${renderDuration(totals.millisBehindLatest)}.\n\n`;
  const short = activity.streams
    .filter((s) => s.retentionHours > 0 && s.retentionHours < SHORT_RETENTION_HOURS && s.error === undefined)
    .map(
      (s) =>
        `- ${renderOwner(s)} (${renderCell(s.region)}): its stream keeps records ${renderCount(s.retentionHours)} h, so runs must never be that far apart; a retention of ${SHORT_RETENTION_HOURS} h or more leaves room for a missed schedule.\n`,
    );
  const retention = short.length === 0 || report.dryRun ? "" : `⚠️ Short retention:\n\n${short.join("")}\n`;
  return `### Activity streams\n\n${head}${row}\n${lag}${retention}`;
}

export const streamColumns = [
  { name: "Cluster or instance" },
  { name: "Region" },
  { name: "Engine" },
  { name: "Stream" },
  { name: "Records", numeric: true },
  { name: "Events", numeric: true },
  { name: "Heartbeats", numeric: true },
  { name: "KMS calls", numeric: true },
  { name: "Lag", numeric: true },
  { name: "Retention", numeric: true },
  { name: "Shards" },
];

/** One row per stream: what was read from it, how far behind its tip, and its shards by outcome. */
export function renderStreamRows(activity: ActivityReport): string[] {
  return activity.streams.map((s) => {
    const outcomes = new Map<string, number>();
    for (const shard of s.shards) outcomes.set(shard.outcome, (outcomes.get(shard.outcome) ?? 0) + 1);
    const shards = [...outcomes].map(
      ([outcome, n]) =>
        `${renderCount(n)} ${outcome === "stopped" ? "stopped at max-duration" : outcome.replace(/-/g, " ")}`,
    );
    const note = s.error ? ` ${code(s.error)}` : "";
    return renderRow([
      renderOwner(s),
      renderCell(s.region),
      s.engine === "" ? NONE : renderCell(s.engine, 80),
      renderCell(s.streamName),
      renderCount(s.records),
      renderCount(s.events),
      renderCount(s.heartbeats),
      renderCount(s.kmsCalls),
      s.error ? NONE : renderDuration(s.millisBehindLatest),
      s.retentionHours > 0 ? `${renderCount(s.retentionHours)} h` : NONE,
      `${shards.join(", ") || NONE}${note}`,
    ]);
  });
}

export const activityFailureColumns = [
  { name: "Cluster or instance" },
  { name: "Stream or shard" },
  { name: "Error" },
  { name: "Message" },
  { name: "What to do" },
];

/**
 * Databases whose stream could not be found or is not started, streams that failed as a whole,
 * then shards, each with what to do.
 */
export function renderActivityFailureRows(report: RunReport, activity: ActivityReport): string[] {
  const rows: string[] = [];
  const hint = (error: ReportError) => (error.hint ? renderCell(error.hint) : SHARD_RETRY);
  for (const target of report.targets) {
    if (!target.error) continue;
    const owner = target.instance === "" ? "the targets" : renderOwner(target);
    rows.push(
      renderRow([
        `${owner} (${renderCell(target.region)})`,
        "<em>its activity stream</em>",
        code(target.error),
        renderCell(target.error.message),
        hint(target.error),
      ]),
    );
  }
  for (const stream of activity.streams) {
    const owner = `${renderOwner(stream)} (${renderCell(stream.region)})`;
    if (stream.error)
      rows.push(
        renderRow([
          owner,
          renderCell(stream.streamName),
          code(stream.error),
          renderCell(stream.error.message),
          hint(stream.error),
        ]),
      );
    for (const shard of stream.shards) {
      if (!shard.error) continue;
      rows.push(
        renderRow([
          owner,
          `${renderCell(stream.streamName)} ${renderCell(shard.shardId)}`,
          code(shard.error),
          renderCell(shard.error.message),
          hint(shard.error),
        ]),
      );
    }
  }
  return rows;
}

export const activityGapColumns = [
  { name: "Cluster or instance" },
  { name: "Stream or shard" },
  { name: "From" },
  { name: "To" },
  { name: "Reason" },
];
