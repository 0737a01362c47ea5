import { type ReportError, type RunReport, renderBytes } from "@rds-log-archive/core";

const renderError = (error: ReportError) =>
  `${error.code}: ${error.message}${error.hint ? `\n      hint: ${error.hint}` : ""}`;

/** The end-of-run summary a person reads: totals, then everything that needs attention. */
export function renderSummary(report: RunReport, command: "sync" | "plan"): string {
  const { totals } = report;
  const seconds = (Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000;
  const instances = report.targets.filter((t) => !t.error).length;
  const lines: string[] = [];
  if (command === "plan") {
    const planned = report.items.filter((i) => i.outcome === "planned");
    lines.push(
      `rds-log-archive plan: ${planned.length} files would be archived (${renderBytes(planned.reduce((s, i) => s + i.size, 0))}), ${totals.skipped} skipped, ${totals.gaps} gaps, ${instances} instances; nothing was written`,
    );
    for (const item of planned)
      lines.push(
        `  ${item.instance}  ${item.logFile}  -> ${item.key}${item.reason === "active-snapshot" ? "  (snapshot of an active file)" : ""}`,
      );
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
      `skipped: ${[...reasons].map(([reason, n]) => `${n} ${reason.replace(/-/g, " ")}`).join(", ")}`,
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
        `  ${item.instance} ${item.logFile}\n      ${item.error ? renderError(item.error) : "unknown error"}`,
      );
  }
  const brokenTargets = report.targets.filter((t) => t.error);
  if (brokenTargets.length > 0) {
    lines.push("targets that could not be archived:");
    for (const target of brokenTargets)
      lines.push(
        `  ${target.cluster ? `cluster ${target.cluster}` : `instance ${target.instance}`} in ${target.region}\n      ${renderError(target.error as ReportError)}`,
      );
  }
  if (report.gaps.length > 0) {
    lines.push("gaps (log data RDS no longer has and the archive never got):");
    for (const gap of report.gaps) lines.push(`  ${gap.instance}: ${gap.reason}`);
  }
  return `${lines.join("\n")}\n`;
}
