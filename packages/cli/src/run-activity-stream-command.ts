import {
  archiveActivityStream,
  findActivityStreamConfigIssues,
  isArchiverError,
  judgeRun,
  type RunReport,
} from "@rds-log-archive/core";
import type { CommandIo } from "./command-io.js";
import { EXIT } from "./exit-codes.js";
import { type Flags, parseFlags, textFlag } from "./flags.js";
import { loadConfig, reportIssues } from "./load-config.js";
import { renderActivitySummary } from "./render-activity-summary.js";
import { renderText } from "./render-summary.js";
import { saveReport } from "./save-report.js";
import { ACTIVITY_STREAM_HELP } from "./usage.js";

/** Flags of sync that mean nothing to activity streams: log files, their window and the matrix. */
const LOG_FILE_FLAGS = [
  "log-types",
  "since",
  "until",
  "settle",
  "include-active",
  "only-instances",
  "matrix",
  "shards",
] as const satisfies readonly (keyof Flags)[];

/**
 * `activity-stream`: the Database Activity Streams of the selected clusters (Aurora) or instances
 * (RDS for Oracle / SQL Server), read from where the archive ends, decrypted and archived exactly
 * once as NDJSON, until the streams' tips or `--max-duration`. Output and exit codes as sync's: 1
 * for a stream or shard that failed, a database whose stream is not started, or a gap.
 */
export async function runActivityStreamCommand(argv: string[], io: CommandIo): Promise<number> {
  let flags: Flags;
  try {
    flags = parseFlags(argv);
    const misplaced = LOG_FILE_FLAGS.find((flag) => flags[flag] !== undefined);
    if (misplaced !== undefined)
      throw new Error(`--${misplaced} applies to sync and plan, not to activity-stream`);
  } catch (error) {
    io.stderr.write(
      `rds-log-archive activity-stream: ${(error as Error).message}\nsee \`rds-log-archive activity-stream --help\`\n`,
    );
    return EXIT.usage;
  }
  if (flags.help) {
    io.stdout.write(ACTIVITY_STREAM_HELP);
    return EXIT.ok;
  }
  const loaded = await loadConfig("activity-stream", flags, io);
  if (loaded === undefined) return EXIT.usage;
  const refused = findActivityStreamConfigIssues(loaded.config);
  if (refused.length > 0) {
    const problems = refused.map((issue) => ({
      name: loaded.describe(issue.path),
      message: renderText(issue.message),
    }));
    reportIssues("activity-stream", problems, io);
    return EXIT.usage;
  }

  let report: RunReport;
  try {
    report = await archiveActivityStream(loaded.config, { now: io.now });
  } catch (error) {
    const hint = isArchiverError(error) && error.hint ? `\n  hint: ${error.hint}` : "";
    io.stderr.write(`rds-log-archive activity-stream: ${(error as Error).message}${hint}\n`);
    return EXIT.failed;
  }
  const verdict = judgeRun(report, loaded.config);
  if (flags.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (!flags.quiet || verdict.failures > 0 || verdict.gaps > 0) {
    (flags.json ? io.stderr : io.stdout).write(renderActivitySummary(report));
  }
  const reportFile = textFlag(flags, "report");
  if (reportFile !== undefined && !(await saveReport("activity-stream", reportFile, report, io)))
    return EXIT.failed;
  return verdict.failed ? EXIT.failed : EXIT.ok;
}
