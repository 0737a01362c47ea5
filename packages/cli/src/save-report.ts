import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { type RunReport, writeRunReport } from "@rds-log-archive/core";
import type { CommandIo } from "./command-io.js";

/**
 * Why the run report could not be written to `path`, found before the run: its folder must exist
 * and be writable, and the path must not be a folder. Undefined when it can be written.
 */
export async function readReportPathProblem(path: string): Promise<string | undefined> {
  if (path.trim() === "") return "is empty; give a file to write the report to";
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) return `${path} is a folder; give a file to write the report to`;
  const folder = dirname(path);
  const parent = await stat(folder).catch(() => undefined);
  if (parent === undefined) return `the folder ${folder} does not exist; create it first`;
  if (!parent.isDirectory()) return `${folder} is not a folder`;
  const writable = await access(folder, constants.W_OK | constants.X_OK).then(
    () => true,
    () => false,
  );
  return writable ? undefined : `the folder ${folder} is not writable`;
}

/**
 * `--report FILE`: writes the run report, or says why it could not. The path was checked before
 * the run; if writing fails anyway (a full disk), the run itself is done, so it is the user's to
 * fix, not an internal error.
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
