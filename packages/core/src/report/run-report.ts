/**
 * The run report: what `--report` and `--json` write, and what the CLI summary and
 * the GitHub Action's outputs and job summary are rendered from.
 */
export interface RunReport {
  schemaVersion: 1;
  startedAt: string;
  finishedAt: string;
  dryRun: boolean;
  totals: RunTotals;
  targets: ReportTarget[];
  items: ReportItem[];
  gaps: ReportGap[];
}

export interface RunTotals {
  files: number;
  archived: number;
  skipped: number;
  failed: number;
  gaps: number;
  bytesIn: number;
  bytesOut: number;
}

/** A coded failure, with what to do about it. */
export interface ReportError {
  code: string;
  message: string;
  hint?: string;
}

export interface ReportTarget {
  region: string;
  cluster?: string;
  instance: string;
  engine: string;
  error?: ReportError;
}

export type ItemOutcome = "archived" | "skipped" | "failed" | "planned";

export interface ReportItem {
  instance: string;
  cluster?: string;
  logFile: string;
  size: number;
  /** ISO 8601. */
  lastWritten: string;
  outcome: ItemOutcome;
  reason?: string;
  key: string;
  bytesIn: number;
  bytesOut: number;
  /** SHA-256 of the source bytes, hex; empty when nothing was read. */
  sha256: string;
  durationMs: number;
  error?: ReportError;
}

export interface ReportGap {
  instance: string;
  logFile?: string;
  from?: string;
  to?: string;
  reason: string;
}

/** Totals derived from the items and gaps, so they can never disagree with them. */
export function summarizeRun(items: readonly ReportItem[], gaps: readonly ReportGap[]): RunTotals {
  const count = (outcome: ItemOutcome) => items.filter((i) => i.outcome === outcome).length;
  return {
    files: items.length,
    archived: count("archived"),
    skipped: count("skipped"),
    failed: count("failed"),
    gaps: gaps.length,
    bytesIn: items.reduce((sum, i) => sum + i.bytesIn, 0),
    bytesOut: items.reduce((sum, i) => sum + i.bytesOut, 0),
  };
}
