import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as core from "@actions/core";
import { judgeRun, type ReportOverlap, type RunReport, writeRunReport } from "@rds-log-archive/core";
import { MAX_ANNOTATIONS_PER_LEVEL, renderAnnotations } from "./annotations.js";
import { renderJobSummary } from "./job-summary.js";
import { renderInputHints } from "./render-input-text.js";

export interface PublishOptions {
  failOnGap: boolean;
  cloudwatchPricePerGb: number;
  env: Record<string, string | undefined>;
  /** The summary's heading, e.g. for a merged report. */
  title?: string;
  /** For a merged report: shards that archived the same instance or object. */
  overlaps?: readonly ReportOverlap[];
}

/**
 * Everything a run leaves for the workflow, all rendered from the one run report: the report
 * file (`report-path`), the outputs, the job summary and annotations. Fails the step when an item
 * or target failed, a gap was found and `fail-on-gap` holds, or merged shards overlap.
 */
export async function publishReport(report: RunReport, options: PublishOptions): Promise<void> {
  const reportPath = await writeReportFile(report, options.env);
  const verdict = judgeRun(report, options);
  const overlaps = options.overlaps ?? [];
  core.setOutput("archived-count", report.totals.archived);
  core.setOutput("failed-count", verdict.failures);
  core.setOutput("gap-count", report.totals.gaps);
  core.setOutput("bytes-in", report.totals.bytesIn);
  core.setOutput("bytes-out", report.totals.bytesOut);
  core.setOutput("report-path", reportPath);

  // The summary and annotations speak the action's words: their hints name inputs, not flags.
  const shown = renderInputHints(report);
  const summary = renderJobSummary(shown, {
    cloudwatchPricePerGb: options.cloudwatchPricePerGb,
    failOnGap: options.failOnGap,
    ...(options.title === undefined ? {} : { title: options.title }),
  });
  if (options.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(summary).write();
  else core.info(summary);

  const problems = [
    verdict.failures > 0 ? `${verdict.failures} failed (log files or targets)` : "",
    verdict.gaps > 0 && options.failOnGap ? `${verdict.gaps} gap(s) found` : "",
    overlaps.length > 0 ? `${overlaps.length} overlap(s) between shards` : "",
  ].filter((problem) => problem !== "");
  if (overlaps.length > 0) {
    core.error(overlaps.map((overlap) => overlap.message).join("\n"), {
      title:
        "Shards overlap: each instance belongs to one shard; check the matrix and each job's only-instances",
    });
  }
  // The step's own failure and the overlaps take one each of the ten annotations GitHub shows per level.
  const maxPerLevel =
    MAX_ANNOTATIONS_PER_LEVEL - (problems.length > 0 ? 1 : 0) - (overlaps.length > 0 ? 1 : 0);
  for (const annotation of renderAnnotations(shown, { failOnGap: options.failOnGap, maxPerLevel })) {
    const properties = { title: annotation.title };
    if (annotation.level === "error") core.error(annotation.message, properties);
    else core.warning(annotation.message, properties);
  }
  if (problems.length > 0) {
    core.setFailed(`rds-log-archive: ${problems.join(", ")}; see the job summary and ${reportPath}`);
  }
}

/** The report as JSON in the runner's temp folder. */
async function writeReportFile(report: RunReport, env: Record<string, string | undefined>): Promise<string> {
  const folder = join(env.RUNNER_TEMP || tmpdir(), "rds-log-archive");
  await mkdir(folder, { recursive: true });
  const path = join(folder, "report.json");
  await writeRunReport(path, report);
  return path;
}
