import * as core from "@actions/core";
import { type ArchiveDestination, archive, type ProgressEvent, renderBytes } from "@rds-log-archive/core";
import { readRunUrl } from "./github/read-run-url.js";
import type { ActionInputs } from "./inputs.js";
import { loadActionConfig } from "./load-action-config.js";
import { publishReport } from "./publish-report.js";

/** `command: sync`: one archive run, logged as it goes, then published as outputs and a summary. */
export async function runSync(inputs: ActionInputs, env: Record<string, string | undefined>): Promise<void> {
  const config = await loadActionConfig(inputs, env, new Date());
  core.info(
    `${config.dryRun ? "Planning (dry run)" : "Archiving"} into ${describeDestination(config.destination)}`,
  );
  const report = await archive(config, { onProgress: logProgress });
  await publishReport(report, {
    failOnGap: config.failOnGap,
    cloudwatchPricePerGb: inputs.cloudwatchPricePerGb,
    env,
    issues: { enabled: inputs.issueOnProblem, token: inputs.githubToken, runUrl: readRunUrl() },
  });
}

function describeDestination(destination: ArchiveDestination): string {
  return destination.bucket === undefined
    ? `${destination.dir ?? ""}/${destination.prefix}`
    : `s3://${destination.bucket}/${destination.prefix}`;
}

/** A line per instance planned and per file done: the progress a workflow log can show. */
function logProgress(event: ProgressEvent): void {
  if (event.type === "instance-planned") {
    if (event.files > 0)
      core.info(`${event.instance}: ${event.files} files to archive (${renderBytes(event.bytes)})`);
  } else if (event.type === "file-done") {
    const { item } = event;
    if (item.outcome === "archived") {
      core.info(`archived ${item.instance} ${item.logFile} ${renderBytes(item.bytesIn)} -> ${item.key}`);
    } else if (item.outcome === "planned") {
      core.info(`would archive ${item.instance} ${item.logFile} ${renderBytes(item.size)} -> ${item.key}`);
    } else if (item.outcome === "failed") {
      core.info(`FAILED ${item.instance} ${item.logFile}: ${item.error?.message ?? ""}`);
    } else {
      core.debug(`skipped ${item.instance} ${item.logFile} (${item.reason ?? ""})`);
    }
  }
}
