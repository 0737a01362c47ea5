import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as core from "@actions/core";
import { type RunReport, writeRunReport } from "@rds-log-archive/core";
import { MAX_ANNOTATIONS_PER_LEVEL, renderAnnotations } from "./annotations.js";
import { renderJobSummary } from "./job-summary.js";

export interface PublishOptions {
  failOnGap: boolean;
  cloudwatchPricePerGb: number;
  env: Record<string, string | undefined>;
  /** The summary's heading, e.g. for a merged report. */
  title?: string;
}

/**
 * Everything a run leaves for the workflow, all rendered from the one run report: the report
 * file (`report-path`), the outputs, the job summary and annotations. Fails the step when an item
 * or target failed, or a gap was found and `fail-on-gap` holds.
 */
export async function publishReport(report: RunReport, options: PublishOptions): Promise<void> {
  const reportPath = await writeReportFile(report, options.env);
  const targetErrors = report.targets.filter((target) => target.error !== undefined).length;
  const failed = report.totals.failed + targetErrors;
  core.setOutput("archived-count", report.totals.archived);
  core.setOutput("failed-count", failed);
  core.setOutput("gap-count", report.totals.gaps);
  core.setOutput("bytes-in", report.totals.bytesIn);
  core.setOutput("bytes-out", report.totals.bytesOut);
  core.setOutput("report-path", reportPath);

  const summary = renderJobSummary(report, {
    cloudwatchPricePerGb: options.cloudwatchPricePerGb,
    ...(options.title === undefined ? {} : { title: options.title }),
  });
  if (options.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(summary).write();
  else core.info(summary);

  const problems = [
    failed > 0 ? `${failed} failed (log files or targets)` : "",
    report.totals.gaps > 0 && options.failOnGap ? `${report.totals.gaps} gap(s) found` : "",
  ].filter((problem) => problem !== "");
  // A failing step's own error annotation takes one of the ten GitHub shows per level.
  const maxPerLevel = MAX_ANNOTATIONS_PER_LEVEL - (problems.length > 0 ? 1 : 0);
  for (const annotation of renderAnnotations(report, { failOnGap: options.failOnGap, maxPerLevel })) {
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
