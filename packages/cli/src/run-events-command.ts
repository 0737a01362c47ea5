import {
  archiveEvents,
  createNotifiers,
  isArchiverError,
  type Notifier,
  readNotifierSettings,
} from "@rds-log-archive/core";
import type { CommandIo } from "./command-io.js";
import { renderEventsSummary } from "./render-events-summary.js";
import { runSourceCommand } from "./run-source-command.js";
import { EVENTS_HELP } from "./usage.js";

/**
 * `events`: the RDS events of the targets sync selects, archived exactly once, the new ones posted
 * to the Slack and webhook URLs of the environment (RDS_LOG_ARCHIVE_SLACK_WEBHOOK_URL,
 * RDS_LOG_ARCHIVE_WEBHOOK_URL, RDS_LOG_ARCHIVE_WEBHOOK_SECRET). Output and exit codes as sync's.
 * The URLs and the secret are never printed: problems with them name the variable.
 */
export function runEventsCommand(argv: string[], io: CommandIo): Promise<number> {
  return runSourceCommand(
    {
      name: "events",
      help: EVENTS_HELP,
      prepare: (_loaded, io) => {
        let notifiers: Notifier[];
        try {
          notifiers = createNotifiers(readNotifierSettings(io.env));
        } catch (error) {
          const hint = isArchiverError(error) && error.hint ? `\n  hint: ${error.hint}` : "";
          io.stderr.write(`rds-log-archive events: ${(error as Error).message}${hint}\nnothing was done\n`);
          return undefined;
        }
        const runUrl = renderRunUrl(io.env);
        return (config) =>
          archiveEvents(config, { now: io.now, notifiers, ...(runUrl === undefined ? {} : { runUrl }) });
      },
      renderSummary: renderEventsSummary,
    },
    argv,
    io,
  );
}

/** The GitHub Actions run this command runs in, from the variables every runner sets. */
function renderRunUrl(env: Record<string, string | undefined>): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  if (!server || !repository || !runId) return undefined;
  return `${server}/${repository}/actions/runs/${runId}`;
}
