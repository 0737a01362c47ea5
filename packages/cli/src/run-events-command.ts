import {
  archiveEvents,
  createNotifiers,
  isArchiverError,
  judgeRun,
  type Notifier,
  type RunReport,
  readNotifierSettings,
} from "@rds-log-archive/core";
import type { CommandIo } from "./command-io.js";
import { EXIT } from "./exit-codes.js";
import { type Flags, parseFlags, textFlag } from "./flags.js";
import { loadConfig } from "./load-config.js";
import { renderEventsSummary } from "./render-events-summary.js";
import { saveReport } from "./save-report.js";
import { EVENTS_HELP } from "./usage.js";

/** Flags of sync that mean nothing to events: log files, their settling, and the matrix. */
const LOG_FILE_FLAGS = [
  "log-types",
  "settle",
  "include-active",
  "only-instances",
  "matrix",
  "shards",
] as const satisfies readonly (keyof Flags)[];

/**
 * `events`: the RDS events of the targets sync selects, archived exactly once, the new ones posted
 * to the Slack and webhook URLs of the environment (RDS_LOG_ARCHIVE_SLACK_WEBHOOK_URL,
 * RDS_LOG_ARCHIVE_WEBHOOK_URL, RDS_LOG_ARCHIVE_WEBHOOK_SECRET). Output and exit codes as sync's.
 * The URLs and the secret are never printed: problems with them name the variable.
 */
export async function runEventsCommand(argv: string[], io: CommandIo): Promise<number> {
  let flags: Flags;
  try {
    flags = parseFlags(argv);
    const misplaced = LOG_FILE_FLAGS.find((flag) => flags[flag] !== undefined);
    if (misplaced !== undefined) throw new Error(`--${misplaced} applies to sync and plan, not to events`);
  } catch (error) {
    io.stderr.write(
      `rds-log-archive events: ${(error as Error).message}\nsee \`rds-log-archive events --help\`\n`,
    );
    return EXIT.usage;
  }
  if (flags.help) {
    io.stdout.write(EVENTS_HELP);
    return EXIT.ok;
  }
  const loaded = await loadConfig("events", flags, io);
  if (loaded === undefined) return EXIT.usage;
  let notifiers: Notifier[];
  try {
    notifiers = createNotifiers(readNotifierSettings(io.env));
  } catch (error) {
    const hint = isArchiverError(error) && error.hint ? `\n  hint: ${error.hint}` : "";
    io.stderr.write(`rds-log-archive events: ${(error as Error).message}${hint}\nnothing was done\n`);
    return EXIT.usage;
  }

  let report: RunReport;
  try {
    const runUrl = renderRunUrl(io.env);
    report = await archiveEvents(loaded.config, {
      now: io.now,
      notifiers,
      ...(runUrl === undefined ? {} : { runUrl }),
    });
  } catch (error) {
    const hint = isArchiverError(error) && error.hint ? `\n  hint: ${error.hint}` : "";
    io.stderr.write(`rds-log-archive events: ${(error as Error).message}${hint}\n`);
    return EXIT.failed;
  }
  const verdict = judgeRun(report, loaded.config);
  if (flags.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (!flags.quiet || verdict.failures > 0 || verdict.gaps > 0) {
    (flags.json ? io.stderr : io.stdout).write(renderEventsSummary(report));
  }
  const reportFile = textFlag(flags, "report");
  if (reportFile !== undefined && !(await saveReport("events", reportFile, report, io))) return EXIT.failed;
  return verdict.failed ? EXIT.failed : EXIT.ok;
}

/** The GitHub Actions run this command runs in, from the variables every runner sets. */
function renderRunUrl(env: Record<string, string | undefined>): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  if (!server || !repository || !runId) return undefined;
  return `${server}/${repository}/actions/runs/${runId}`;
}
