import {
  type ReportError,
  type ReportItem,
  type ReportTarget,
  type RunReport,
  renderBytes,
  renderPrintable,
  renderSettingNames,
} from "@rds-log-archive/core";
import { flagName } from "./flags.js";

/**
 * Text from a report for the terminal: control characters escaped (names come from RDS), and the
 * settings a hint names, named as flags.
 */
export const renderText = (text: string): string => renderSettingNames(renderPrintable(text), flagName);

/** A report's error under the line it belongs to: its code and message, and its hint below. */
export const renderReportError = (error: ReportError) =>
  `${renderText(error.code)}: ${renderText(error.message)}${error.hint ? `\n      hint: ${renderText(error.hint)}` : ""}`;

/**
 * A target that could not be archived, as its summary line names it: the cluster or instance and
 * its region. A failure that belongs to no single database (listing the region's instances with
 * --all, say) has an empty instance; `regionWide` says what it covers, as "every instance".
 */
export const renderTargetName = (target: ReportTarget, regionWide: string): string =>
  `${target.cluster ? `cluster ${renderText(target.cluster)}` : target.instance === "" ? regionWide : `instance ${renderText(target.instance)}`} in ${renderText(target.region)}`;

/** `1 record`, `2 records`. */
export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** One planned file, as plan (and any --dry-run) lists it. */
export const renderPlannedItem = (item: ReportItem): string =>
  `  ${renderText(item.instance)}  ${renderText(item.logFile)}  -> ${renderText(item.key)}${item.reason === "active-snapshot" ? "  (snapshot of an active file)" : ""}`;

/**
 * The end-of-run summary a person reads: totals, then everything that needs attention. A dry run
 * (plan, or sync --dry-run) lists what would be archived; its report says which it is.
 */
export function renderSummary(report: RunReport): string {
  const { totals } = report;
  const seconds = (Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000;
  const instances = report.targets.filter((t) => !t.error).length;
  const lines: string[] = [];
  if (report.dryRun) {
    const planned = report.items.filter((i) => i.outcome === "planned");
    lines.push(
      `rds-log-archive plan: ${planned.length} files would be archived (${renderBytes(planned.reduce((s, i) => s + i.size, 0))}), ${totals.skipped} skipped, ${totals.gaps} gaps, ${instances} instances; nothing was written`,
    );
    for (const item of planned) lines.push(renderPlannedItem(item));
  } else {
    lines.push(
      `rds-log-archive sync: ${totals.archived} archived (${renderBytes(totals.bytesIn)} read, ${renderBytes(totals.bytesOut)} written), ` +
        `${totals.skipped} skipped, ${totals.failed} failed, ${totals.gaps} gaps; ${instances} instances in ${seconds.toFixed(1)} s`,
    );
  }
  const reasons = new Map<string, number>();
  for (const item of report.items)
    if (item.outcome === "skipped" && item.reason)
      reasons.set(item.reason, (reasons.get(item.reason) ?? 0) + 1);
  if (reasons.size > 0) {
    lines.push(
      `skipped: ${[...reasons].map(([reason, n]) => `${n} ${renderText(reason.replace(/-/g, " "))}`).join(", ")}`,
    );
    if (reasons.has("not-settled"))
      lines.push(
        "  (files written in the last --settle window wait for the next run; --include-active snapshots them now)",
      );
  }
  const failed = report.items.filter((i) => i.outcome === "failed");
  if (failed.length > 0) {
    lines.push("failed (the next run tries again):");
    for (const item of failed)
      lines.push(
        `  ${renderText(item.instance)} ${renderText(item.logFile)}\n      ${item.error ? renderReportError(item.error) : "unknown error"}`,
      );
  }
  const brokenTargets = report.targets.filter((t) => t.error);
  if (brokenTargets.length > 0) {
    lines.push("targets that could not be archived:");
    for (const target of brokenTargets)
      lines.push(
        `  ${renderTargetName(target, "every instance")}\n      ${renderReportError(target.error as ReportError)}`,
      );
  }
  if (report.gaps.length > 0) {
    lines.push("gaps (log data RDS no longer has and the archive never got):");
    for (const gap of report.gaps)
      lines.push(
        `  ${renderText(gap.instance)}${gap.logFile === undefined ? "" : ` ${renderText(gap.logFile)}`}: ${renderText(gap.reason)}`,
      );
  }
  return `${lines.join("\n")}\n`;
}
