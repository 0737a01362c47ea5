import type { RunReport } from "./run-report.js";

/** What a run's report means for its exit code or its step: the one rule every surface applies. */
export interface RunVerdict {
  /** Failed log files, activity streams and shards, plus targets that could not be listed. */
  failures: number;
  gaps: number;
  /** Exit 1 / fail the step: a failure, or a gap when gaps fail the run. */
  failed: boolean;
}

export function judgeRun(report: RunReport, options: { failOnGap: boolean }): RunVerdict {
  const failures =
    report.totals.failed +
    (report.activity?.totals.failed ?? 0) +
    report.targets.filter((target) => target.error !== undefined).length;
  const { gaps } = report.totals;
  return { failures, gaps, failed: failures > 0 || (gaps > 0 && options.failOnGap) };
}
