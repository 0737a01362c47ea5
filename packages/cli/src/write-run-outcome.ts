import { type ArchiveConfig, isArchiverError, judgeRun, type RunReport } from "@rds-log-archive/core";
import type { CommandIo } from "./command-io.js";
import { EXIT } from "./exit-codes.js";
import { type Flags, textFlag } from "./flags.js";
import { renderText } from "./render-summary.js";
import { saveReport } from "./save-report.js";

/**
 * The end of every archiving command (sync, plan, events, activity-stream): the report judged,
 * `--json` on stdout, the summary (on stderr under `--json`; with `--quiet` only when something
 * failed or a gap was found), `--report FILE` written, and the exit code: 1 for a failure or a
 * gap that fails the run, 0 otherwise.
 */
export async function writeRunOutcome(
  command: string,
  report: RunReport,
  config: Pick<ArchiveConfig, "failOnGap">,
  flags: Flags,
  io: CommandIo,
  renderSummary: (report: RunReport) => string,
): Promise<number> {
  const verdict = judgeRun(report, config);
  if (flags.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (!flags.quiet || verdict.failures > 0 || verdict.gaps > 0)
    (flags.json ? io.stderr : io.stdout).write(renderSummary(report));
  const reportFile = textFlag(flags, "report");
  if (reportFile !== undefined && !(await saveReport(command, reportFile, report, io))) return EXIT.failed;
  return verdict.failed ? EXIT.failed : EXIT.ok;
}

/**
 * A run that threw before it had a report: its message and hint on stderr, escaped (they may
 * carry names from RDS) and with config fields named as flags; the exit code is 1.
 */
export function writeRunFailure(command: string, error: unknown, io: CommandIo): number {
  const hint = isArchiverError(error) && error.hint ? `\n  hint: ${renderText(error.hint)}` : "";
  io.stderr.write(`rds-log-archive ${command}: ${renderText((error as Error).message)}${hint}\n`);
  return EXIT.failed;
}
