/**
 * The rows of the three long sections of the job summary: the per-instance table, the failures
 * and the gaps. Every row is one complete table line, so the summary can be shortened by dropping
 * whole rows. Every value that came from RDS, the report or an error goes through `renderCell`.
 */
import { type ReportError, type ReportTarget, type RunReport, renderBytes } from "@rds-log-archive/core";
import { renderCell } from "./render-cell.js";
import { renderCount, renderUtc } from "./render-values.js";
import type { InstanceSummary } from "./summarize-instances.js";

/** One table: its header line and alignment line, ready to be followed by rows. */
export function renderTableHead(columns: readonly { name: string; numeric?: boolean }[]): string {
  return `${renderRow(columns.map((c) => c.name))}${renderRow(columns.map((c) => (c.numeric ? "--:" : ":--")))}`;
}

/** One table line; the cells must be rendered already. */
export function renderRow(cells: readonly string[]): string {
  return `| ${cells.join(" | ")} |\n`;
}

const NONE = "—";
const orNone = (text: string | undefined) => (text ? renderCell(text) : NONE);
const code = (error: ReportError) => `<code>${renderCell(error.code, 80)}</code>`;

export const instanceColumns = (dryRun: boolean) => [
  { name: "Instance" },
  { name: "Cluster" },
  { name: "Region" },
  { name: "Engine" },
  { name: dryRun ? "Planned" : "Archived", numeric: true },
  { name: "Skipped", numeric: true },
  { name: "Failed", numeric: true },
  { name: "Bytes in", numeric: true },
  { name: "Bytes out", numeric: true },
  // The code only: the failures section carries the message and what to do.
  { name: "Target error" },
];

export function renderInstanceRows(rows: readonly InstanceSummary[], dryRun: boolean): string[] {
  return rows.map((row) =>
    renderRow([
      renderCell(row.instance),
      orNone(row.cluster),
      row.regions.length > 0 ? row.regions.map((r) => renderCell(r)).join(", ") : NONE,
      orNone(row.engine),
      renderCount(dryRun ? row.planned : row.archived),
      renderCount(row.skipped),
      renderCount(row.failed),
      renderBytes(row.bytesIn),
      renderBytes(row.bytesOut),
      row.errors.length > 0 ? row.errors.map(code).join(" ") : NONE,
    ]),
  );
}

export const failureColumns = [
  { name: "Instance" },
  { name: "Log file" },
  { name: "Error" },
  { name: "Message" },
  { name: "What to do" },
];

// The engine retries a failed file on the next run, so that is the advice when no hint is known.
const RETRY_HINT = "the next run tries again; if it keeps failing, see the message";

/** A target entry for a cluster whose member lookup failed: the run reports it under the cluster's id. */
export function isClusterLookup(target: ReportTarget): boolean {
  return target.cluster !== undefined && target.cluster === target.instance;
}

/** Targets that failed as a whole first (they hide every file of an instance), then files. */
export function renderFailureRows(report: RunReport): string[] {
  const rows: string[] = [];
  for (const target of report.targets) {
    if (!target.error) continue;
    const where = isClusterLookup(target)
      ? `cluster ${renderCell(target.instance)}`
      : renderCell(target.instance);
    rows.push(
      renderRow([
        `${where} (${renderCell(target.region)})`,
        "<em>every file</em>",
        code(target.error),
        renderCell(target.error.message),
        orHint(target.error),
      ]),
    );
  }
  for (const item of report.items) {
    if (item.outcome !== "failed") continue;
    rows.push(
      renderRow([
        renderCell(item.instance),
        renderCell(item.logFile),
        item.error ? code(item.error) : NONE,
        item.error ? renderCell(item.error.message) : "no error was recorded",
        item.error ? orHint(item.error) : RETRY_HINT,
      ]),
    );
  }
  return rows;
}

/** The "what to do" cell of a failure: its hint, or that the next run tries again. */
export const orHint = (error: ReportError) => (error.hint ? renderCell(error.hint) : RETRY_HINT);

export const gapColumns = [
  { name: "Instance" },
  { name: "Log file" },
  { name: "From" },
  { name: "To" },
  { name: "Reason" },
];

export function renderGapRows(report: RunReport): string[] {
  const time = (iso: string | undefined) => (iso === undefined ? NONE : (renderUtc(iso) ?? renderCell(iso)));
  return report.gaps.map((gap) =>
    renderRow([
      renderCell(gap.instance),
      orNone(gap.logFile),
      time(gap.from),
      time(gap.to),
      renderCell(gap.reason),
    ]),
  );
}

/** `1,234 instance rows`, `1 failure`. */
export function renderQuantity(n: number, one: string, many: string): string {
  return `${renderCount(n)} ${n === 1 ? one : many}`;
}
