import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as core from "@actions/core";
import {
  type ArchiveConfig,
  judgeRun,
  type ReportOverlap,
  type RunReport,
  writeRunReport,
} from "@rds-log-archive/core";
import { MAX_ANNOTATIONS_PER_LEVEL, renderAnnotations } from "./annotations.js";
import { publishProblemIssues } from "./github/publish-problem-issues.js";
import { readRunUrl } from "./github/read-run-url.js";
import type { ActionInputs } from "./inputs.js";
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
  /** `issue-on-problem`, and the run's page for the summary and the issues. */
  issues?: { enabled: boolean; token: string | undefined; runUrl: string | undefined };
}

/** The options of a run with a config (sync, events, activity-stream): its inputs and the run's page. */
export function publishOptionsFor(
  config: ArchiveConfig,
  inputs: ActionInputs,
  env: Record<string, string | undefined>,
  runUrl: string | undefined = readRunUrl(),
): PublishOptions {
  return {
    failOnGap: config.failOnGap,
    cloudwatchPricePerGb: inputs.cloudwatchPricePerGb,
    env,
    issues: { enabled: inputs.issueOnProblem, token: inputs.githubToken, runUrl },
  };
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
  // An events or activity-stream run archives events, not log files: its counts are the events'.
  const { events, activity } = report;
  const counts = events?.totals ?? activity?.totals ?? report.totals;
  core.setOutput(
    "archived-count",
    events ? events.totals.new : activity ? activity.totals.events : report.totals.archived,
  );
  core.setOutput("failed-count", verdict.failures);
  core.setOutput("gap-count", report.totals.gaps);
  core.setOutput("bytes-in", counts.bytesIn);
  core.setOutput("bytes-out", counts.bytesOut);
  core.setOutput("report-path", reportPath);
  if (events) core.setOutput("notified-count", events.totals.notified);
  if (activity) {
    core.setOutput("record-count", activity.totals.records);
    core.setOutput("lag-ms", activity.totals.millisBehindLatest);
  }

  const runUrl = options.issues?.runUrl;
  // The summary and annotations speak the action's words: their hints name inputs, not flags.
  const shown = renderInputHints(report);
  const summary = renderJobSummary(shown, {
    cloudwatchPricePerGb: options.cloudwatchPricePerGb,
    failOnGap: options.failOnGap,
    ...(options.title === undefined ? {} : { title: options.title }),
    ...(runUrl === undefined ? {} : { runUrl }),
  });
  if (options.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(summary).write();
  else core.info(summary);

  if (options.issues?.enabled) {
    await publishProblemIssues(report, { token: options.issues.token, runUrl, env: options.env });
  }

  const problems = [
    verdict.failures > 0
      ? `${verdict.failures} failed (${events ? "events, notifications" : activity ? "activity streams, shards" : "log files"} or targets)`
      : "",
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
