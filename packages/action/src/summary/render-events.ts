/**
 * The events parts of the job summary, for the report of an `events` run: what the run archived
 * and notified (new events, by category, per channel), the windows it read, each new event as a
 * row, and the event objects or notifications that failed. Every value from RDS, the report or an
 * error goes through `renderCell`.
 */
import type { EventsReport, ReportError, RunReport } from "@rds-log-archive/core";
import { renderCell } from "./render-cell.js";
import { renderQuantity, renderRow, renderTableHead } from "./render-rows.js";
import { renderCount, renderUtc } from "./render-values.js";

const NONE = "—";
const CHANNELS = { slack: "Slack", webhook: "Webhook" } as const;

/** The verdict line of an events run. */
export function renderEventsVerdict(report: RunReport, events: EventsReport, failOnGap: boolean): string {
  const { totals } = events;
  const targetErrors = report.targets.filter((t) => t.error).length;
  const failedChannels = events.deliveries.filter((d) => d.error).length;
  const problems = [
    totals.failed > 0 ? renderQuantity(totals.failed, "event not archived", "events not archived") : "",
    failedChannels > 0 ? renderQuantity(totals.notifyFailed, "notification owed", "notifications owed") : "",
    targetErrors > 0 ? renderQuantity(targetErrors, "target failed", "targets failed") : "",
    report.totals.gaps > 0 ? renderQuantity(report.totals.gaps, "gap", "gaps") : "",
  ].filter((p) => p !== "");
  const archived = `${renderQuantity(totals.new, "new event", "new events")} in ${renderQuantity(totals.objects, "object", "objects")}`;
  if (report.dryRun) {
    return `**Dry run:** ${archived} would be archived, ${renderQuantity(totals.notified, "notification", "notifications")} would be sent${problems.map((p) => `, ${p}`).join("")}; nothing was written or sent.\n\n`;
  }
  if (problems.length > 0) {
    const failing = totals.failed + failedChannels + targetErrors > 0 || failOnGap;
    return `${failing ? "❌" : "⚠️"} **${problems.join(", ")}.** What failed is tried again by the next run; archived events stay archived. See below.\n\n`;
  }
  if (totals.new === 0) {
    return `✅ **Nothing new:** ${renderQuantity(totals.listed, "event", "events")} listed, all already archived${totals.notified > 0 ? `; ${renderQuantity(totals.notified, "notification", "notifications")} sent that an earlier run owed` : ""}.\n\n`;
  }
  return `✅ **Archived ${archived}**, ${renderQuantity(totals.notified, "notification", "notifications")} sent.\n\n`;
}

/** Totals, categories, channels and the windows read. */
export function renderEventsTotals(report: RunReport, events: EventsReport): string {
  const { totals } = events;
  const head = renderTableHead([
    { name: "Listed", numeric: true },
    { name: report.dryRun ? "Planned" : "New", numeric: true },
    { name: "Already archived", numeric: true },
    { name: "Objects", numeric: true },
    { name: "Failed", numeric: true },
    { name: "Notified", numeric: true },
    { name: "Still owed", numeric: true },
  ]);
  const row = renderRow(
    [
      totals.listed,
      totals.new,
      totals.alreadyArchived,
      totals.objects,
      totals.failed,
      totals.notified,
      totals.notifyFailed,
    ].map(renderCount),
  );
  const categories = Object.entries(totals.byCategory)
    .sort(([a, m], [b, n]) => n - m || (a < b ? -1 : 1))
    .map(([category, n]) => `${renderCell(category, 80)} ${renderCount(n)}`);
  const byCategory = categories.length === 0 ? "" : `By category: ${categories.join(", ")}.\n\n`;
  return `### Events\n\n${head}${row}\n${byCategory}${renderDeliveries(events)}${renderWindows(events)}`;
}

function renderDeliveries(events: EventsReport): string {
  if (events.deliveries.length === 0) return "No notification channel is configured.\n\n";
  const head = renderTableHead([
    { name: "Channel" },
    { name: "Region" },
    { name: "Events", numeric: true },
    { name: "Messages", numeric: true },
    { name: "Still owed", numeric: true },
    { name: "Error" },
  ]);
  const rows = events.deliveries.map((d) =>
    renderRow([
      CHANNELS[d.channel],
      renderCell(d.region),
      renderCount(d.events),
      renderCount(d.messages),
      renderCount(d.pending),
      d.error ? `<code>${renderCell(d.error.code, 80)}</code> ${renderCell(d.error.message)}` : NONE,
    ]),
  );
  return `${head}${rows.join("")}\n`;
}

function renderWindows(events: EventsReport): string {
  const lines = events.windows.map((w) => {
    const truncated = w.truncated
      ? ` (window truncated: asked from ${renderUtc(w.requestedFrom ?? "") ?? NONE}, but RDS keeps events for 14 days)`
      : "";
    return `- ${renderCell(w.region)}: ${renderUtc(w.from) ?? NONE} → ${renderUtc(w.to) ?? NONE}${truncated}\n`;
  });
  return lines.length === 0 ? "" : `Read DescribeEvents over:\n\n${lines.join("")}\n`;
}

export const eventColumns = [
  { name: "Time (UTC)" },
  { name: "Cluster or instance" },
  { name: "Source" },
  { name: "Category" },
  { name: "Message" },
];

/** One row per new event, oldest first. */
export function renderEventRows(events: EventsReport): string[] {
  return events.items
    .filter((item) => item.outcome !== "failed")
    .map((item) =>
      renderRow([
        renderUtc(item.date) ?? renderCell(item.date),
        renderCell(item.cluster ?? item.instance),
        `${renderCell(item.sourceType, 80)} ${renderCell(item.sourceIdentifier)}`,
        item.categories.length > 0 ? item.categories.map((c) => renderCell(c, 80)).join(", ") : NONE,
        renderCell(item.message),
      ]),
    );
}

/** Failure rows (the failures table's columns) for event objects not written and channels that failed. */
export function renderEventFailureRows(
  events: EventsReport,
  orHint: (error: ReportError) => string,
): string[] {
  const rows: string[] = [];
  const byKey = new Map<string, (typeof events.items)[number][]>();
  for (const item of events.items) {
    if (item.outcome === "failed") byKey.set(item.key, [...(byKey.get(item.key) ?? []), item]);
  }
  for (const [key, items] of byKey) {
    const first = items[0];
    if (first === undefined) continue;
    rows.push(
      renderRow([
        renderCell(first.cluster ?? first.instance),
        `${renderQuantity(items.length, "event", "events")} for ${renderCell(key)}`,
        first.error ? `<code>${renderCell(first.error.code, 80)}</code>` : NONE,
        first.error ? renderCell(first.error.message) : "no error was recorded",
        first.error ? orHint(first.error) : "the next run writes them again",
      ]),
    );
  }
  for (const delivery of events.deliveries) {
    if (!delivery.error) continue;
    rows.push(
      renderRow([
        renderCell(delivery.region),
        `${CHANNELS[delivery.channel]}: ${renderQuantity(delivery.pending, "notification", "notifications")}`,
        `<code>${renderCell(delivery.error.code, 80)}</code>`,
        renderCell(delivery.error.message),
        orHint(delivery.error),
      ]),
    );
  }
  return rows;
}
