import { archiveActivityStream, findActivityStreamConfigIssues } from "@rds-log-archive/core";
import type { CommandIo } from "./command-io.js";
import { reportIssues } from "./load-config.js";
import { renderActivitySummary } from "./render-activity-summary.js";
import { renderText } from "./render-summary.js";
import { runSourceCommand } from "./run-source-command.js";
import { ACTIVITY_STREAM_HELP } from "./usage.js";

/**
 * `activity-stream`: the Database Activity Streams of the selected clusters (Aurora) or instances
 * (RDS for Oracle / SQL Server), read from where the archive ends, decrypted and archived exactly
 * once as NDJSON, until the streams' tips or `--max-duration`. Output and exit codes as sync's: 1
 * for a stream or shard that failed, a database whose stream is not started, or a gap.
 */
export function runActivityStreamCommand(argv: string[], io: CommandIo): Promise<number> {
  return runSourceCommand(
    {
      name: "activity-stream",
      help: ACTIVITY_STREAM_HELP,
      prepare: (loaded, io) => {
        const refused = findActivityStreamConfigIssues(loaded.config);
        if (refused.length > 0) {
          const problems = refused.map((issue) => ({
            name: loaded.describe(issue.path),
            message: renderText(issue.message),
          }));
          reportIssues("activity-stream", problems, io);
          return undefined;
        }
        return (config) => archiveActivityStream(config, { now: io.now });
      },
      renderSummary: renderActivitySummary,
    },
    argv,
    io,
  );
}
