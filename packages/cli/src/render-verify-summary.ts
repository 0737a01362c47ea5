import { foundNoObject, renderBytes, renderPrintable, type VerifyReport } from "@rds-log-archive/core";

/**
 * What `verify` prints at the end: the totals, then each bad object by key with what is wrong; or,
 * when the archive held no object at all, that there was nothing to verify.
 */
export function renderVerifySummary(report: VerifyReport): string {
  const { totals } = report;
  const window =
    report.since === undefined && report.until === undefined
      ? ""
      : ` (${report.since ?? "the start"} to ${report.until ?? "now"}; ${totals.outsideWindow} outside, not read)`;
  if (foundNoObject(totals))
    return `nothing to verify: no archived object in ${renderPrintable(report.destination)}; check --dest (or the config's destination and prefix)\n`;
  const lines = [
    `verified ${totals.checked} objects, ${renderBytes(totals.bytesRead)} read, in ${renderPrintable(report.destination)}${window}: ${totals.ok} sound, ${totals.bad} bad`,
  ];
  for (const bad of report.bad) {
    for (const problem of bad.problems) {
      lines.push(`  BAD ${renderPrintable(bad.key)}: ${renderPrintable(problem.message)} (${problem.code})`);
    }
  }
  return `${lines.join("\n")}\n`;
}
