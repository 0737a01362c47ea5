import { readdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { ArchiverError } from "../errors.js";
import type { NamedRunReport } from "./merge-run-reports.js";
import { parseRunReport } from "./parse-run-report.js";

/**
 * Reads the run reports to merge: each path is a report file, or a folder whose `*.json` files
 * (at any depth, as download-artifact leaves one folder per artifact) are reports. In path order,
 * each folder's files sorted; the same file twice is a mistake, not two shards.
 *
 * @throws {ArchiverError} `REPORT_INVALID` for a missing path, no report at all, a file given
 *   twice, or a file that is not a run report (naming it).
 */
export async function readRunReports(paths: readonly string[]): Promise<NamedRunReport[]> {
  const files = (await Promise.all(paths.map(reportFilesAt))).flat();
  if (files.length === 0)
    throw new ArchiverError("REPORT_INVALID", `no *.json run report in ${paths.join(", ")}`, {
      hint: "give the shards' run report files, or the folder their artifacts were downloaded to",
    });
  const resolved = files.map((file) => resolve(file));
  const twice = files.find((_, i) => resolved.indexOf(resolved[i] as string) !== i);
  if (twice !== undefined)
    throw new ArchiverError("REPORT_INVALID", `${twice} is given twice`, {
      hint: "each shard's report is merged once",
    });
  const reports: NamedRunReport[] = [];
  for (const file of files) {
    const text = await readFile(file, "utf8").catch((cause: Error) => {
      throw new ArchiverError("REPORT_INVALID", `cannot read ${file}: ${cause.message}`, { cause });
    });
    reports.push({ source: file, report: parseRunReport(text, file) });
  }
  return reports;
}

/** A report file, or the *.json files under a folder. */
async function reportFilesAt(path: string): Promise<string[]> {
  const info = await stat(path).catch((cause: NodeJS.ErrnoException) => {
    throw new ArchiverError("REPORT_INVALID", `${path} does not exist`, {
      cause,
      hint: "give the shards' run report files, or the folder their artifacts were downloaded to",
    });
  });
  if (!info.isDirectory()) return [path];
  const entries = await readdir(path, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".json"))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
