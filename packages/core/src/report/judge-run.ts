import type { RunReport } from "./run-report.js";

/** What a run's report means for its exit code or its step: the one rule every surface applies. */
export interface RunVerdict {
  /** Failed log files, targets that could not be listed, events not archived, channels that failed, and failed activity streams and shards. */
  failures: number;
  gaps: number;
  /** Exit 1 / fail the step: a failure, or a gap when gaps fail the run. */
  failed: boolean;
}

export function judgeRun(report: RunReport, options: { failOnGap: boolean }): RunVerdict {
  const events = report.events;
  const failures =
    report.totals.failed +
    report.targets.filter((target) => target.error !== undefined).length +
    (events?.totals.failed ?? 0) +
    (events?.deliveries.filter((delivery) => delivery.error !== undefined).length ?? 0) +
    (report.activity?.totals.failed ?? 0);
  const { gaps } = report.totals;
  return { failures, gaps, failed: failures > 0 || (gaps > 0 && options.failOnGap) };
}
