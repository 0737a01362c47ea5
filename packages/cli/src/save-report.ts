import { type RunReport, writeRunReport } from "@rds-log-archive/core";
import type { CommandIo } from "./command-io.js";

/**
 * `--report FILE`: writes the run report, or says why it could not. The run itself is done by
 * then, so a report that cannot be written is the user's to fix, not an internal error.
 */
export async function saveReport(
  command: string,
  path: string,
  report: RunReport,
  io: CommandIo,
): Promise<boolean> {
  try {
    await writeRunReport(path, report);
    return true;
  } catch (error) {
    io.stderr.write(
      `rds-log-archive ${command}: cannot write the report to ${path} (${(error as Error).message})\n  hint: check that its folder exists and is writable; the run itself is done\n`,
    );
    return false;
  }
}
