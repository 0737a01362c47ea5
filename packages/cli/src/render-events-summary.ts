import { type EventsReport, type ReportError, type RunReport, renderPrintable } from "@rds-log-archive/core";
import { plural, renderReportError, renderTargetName } from "./render-summary.js";

/** The end-of-run summary of `events`: what was archived and notified, then what needs attention. */
export function renderEventsSummary(report: RunReport): string {
  const events = report.events as EventsReport;
  const { totals } = events;
  const seconds = (Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000;
  const objects = plural(totals.objects, "object", "objects");
  const notified = plural(totals.notified, "notification", "notifications");
  const lines: string[] = [];
  if (report.dryRun) {
    lines.push(
      `rds-log-archive events --dry-run: ${plural(totals.new, "new event", "new events")} would be archived in ${objects} ` +
        `(${totals.alreadyArchived} already archived), ${notified} would be sent; nothing was written or sent`,
    );
    for (const item of events.items)
      lines.push(
        `  ${item.date}  ${renderPrintable(item.sourceType)} ${renderPrintable(item.sourceIdentifier)}  -> ${renderPrintable(item.key)}`,
      );
  } else {
    lines.push(
      `rds-log-archive events: ${plural(totals.new, "new event", "new events")} archived in ${objects} ` +
        `(${totals.alreadyArchived} already archived), ${notified} sent, ${totals.failed} failed, ` +
        `${totals.notifyFailed} still owed, ${report.totals.gaps} gaps; ${seconds.toFixed(1)} s`,
    );
  }
  const categories = Object.entries(totals.byCategory).map(([c, n]) => `${renderPrintable(c)} ${n}`);
  if (categories.length > 0) lines.push(`by category: ${categories.join(", ")}`);
  for (const window of events.windows) {
    const truncated = window.truncated
      ? ` (truncated: asked from ${window.requestedFrom}, but RDS keeps events for 14 days)`
      : "";
    lines.push(`read ${renderPrintable(window.region)}: ${window.from} to ${window.to}${truncated}`);
  }
  for (const delivery of events.deliveries) {
    const channel = delivery.channel === "slack" ? "Slack" : "webhook";
    const what = `${plural(delivery.events, "event", "events")} in ${plural(delivery.messages, "message", "messages")}`;
    lines.push(
      `${channel} (${renderPrintable(delivery.region)}): ${what}${delivery.pending > 0 ? `, ${delivery.pending} still owed` : ""}`,
    );
    if (delivery.error) lines.push(`      ${renderReportError(delivery.error)}`);
  }
  const failed = events.items.filter((i) => i.outcome === "failed");
  if (failed.length > 0) {
    lines.push("events not archived (the next run writes them again):");
    for (const item of failed)
      lines.push(
        `  ${renderPrintable(item.key)}\n      ${item.error ? renderReportError(item.error) : "unknown error"}`,
      );
  }
  const broken = report.targets.filter((t) => t.error);
  if (broken.length > 0) {
    lines.push("targets whose events could not be archived:");
    for (const target of broken)
      lines.push(
        `  ${renderTargetName(target, "the events")}\n      ${renderReportError(target.error as ReportError)}`,
      );
  }
  if (report.gaps.length > 0) {
    lines.push("gaps (events RDS no longer has and the archive never got):");
    for (const gap of report.gaps)
      lines.push(`  ${renderPrintable(gap.instance)}: ${renderPrintable(gap.reason)}`);
  }
  return `${lines.join("\n")}\n`;
}
