import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import * as core from "@actions/core";
import { mergeRunReports, type NamedRunReport, parseRunReport } from "@rds-log-archive/core";
import { ActionInputError } from "./action-input-error.js";
import type { ActionInputs } from "./inputs.js";
import { publishReport } from "./publish-report.js";

/**
 * `command: merge-reports`: the summary job of a fan-out. Merges the shards' run reports into one,
 * publishes it like a single run (outputs, one job summary, annotations) and fails when any shard
 * failed or found a gap, or when two shards archived the same instance or object.
 */
export async function runMergeReports(
  inputs: ActionInputs,
  env: Record<string, string | undefined>,
): Promise<void> {
  if (inputs.reports.length === 0) {
    throw new ActionInputError(
      "reports",
      "give the shards' run report files, or the folder the artifacts were downloaded to",
    );
  }
  const files = (await Promise.all(inputs.reports.map(reportFilesAt))).flat();
  if (files.length === 0) {
    throw new ActionInputError("reports", `no *.json run report in ${inputs.reports.join(", ")}`);
  }
  const reports: NamedRunReport[] = [];
  for (const file of files) {
    reports.push({ source: file, report: parseRunReport(await readFile(file, "utf8"), file) });
  }
  const { report, overlaps } = mergeRunReports(reports);
  core.info(`merged ${reports.length} run reports: ${files.join(", ")}`);
  await publishReport(report, {
    failOnGap: inputs.failOnGap,
    cloudwatchPricePerGb: inputs.cloudwatchPricePerGb,
    env,
    title: `RDS log archive (${reports.length} shards)`,
    overlaps,
  });
}

/** A report file, or the *.json files under a folder (download-artifact puts each in its own). */
async function reportFilesAt(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => {
    throw new ActionInputError("reports", `${path} does not exist`);
  });
  if (!info.isDirectory()) return [path];
  const entries = await readdir(path, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".json"))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
