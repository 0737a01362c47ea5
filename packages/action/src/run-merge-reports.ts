import * as core from "@actions/core";
import { isArchiverError, mergeRunReports, type NamedRunReport, readRunReports } from "@rds-log-archive/core";
import { ActionInputError } from "./action-input-error.js";
import type { ActionInputs } from "./inputs.js";
import { publishReport } from "./publish-report.js";
import { renderInputText } from "./render-input-text.js";

/**
 * `command: merge-reports` (the CLI's `merge-reports`): the summary job of a fan-out. Merges the
 * shards' run reports (files, or the folders the artifacts were downloaded to) into one,
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
  let reports: NamedRunReport[];
  try {
    reports = await readRunReports(inputs.reports);
  } catch (error) {
    // A path that is missing, or not a report, is the input's to fix.
    const hint = isArchiverError(error) && error.hint ? ` (${error.hint})` : "";
    throw new ActionInputError("reports", `${(error as Error).message}${hint}`);
  }
  const { report, overlaps } = mergeRunReports(reports);
  core.info(
    `merged ${reports.length} run reports: ${reports.map((named) => renderInputText(named.source)).join(", ")}`,
  );
  await publishReport(report, {
    failOnGap: inputs.failOnGap,
    cloudwatchPricePerGb: inputs.cloudwatchPricePerGb,
    env,
    title: `RDS log archive (${reports.length} shards)`,
    overlaps,
  });
}
