/**
 * `command: verify`: re-reads the archive the destination inputs (or the config file) name and
 * checks every object in the window against its metadata (core's verifyArchive). Writes the
 * verify report (`report-path`), sets `verified-count` and `bad-count`, puts the bad objects in
 * the job summary, and fails the step when any object is bad.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as core from "@actions/core";
import {
  ArchiverError,
  describeConfigIssuePath,
  foundNoObject,
  type LoadedDestinationConfig,
  loadDestinationConfig,
  renderBytes,
  VERIFY_FIELDS,
  type VerifyConfig,
  type VerifyReport,
  verifyArchive,
} from "@rds-log-archive/core";
import { ActionInputError } from "./action-input-error.js";
import { type ActionInputs, INPUT_FOR_FIELD } from "./inputs.js";
import { renderCell } from "./summary/render-cell.js";

/** Bad objects listed in the job summary; the report file has them all. */
const MAX_SUMMARY_ROWS = 500;

export async function runVerify(
  inputs: ActionInputs,
  env: Record<string, string | undefined>,
): Promise<void> {
  const config = await loadVerifyActionConfig(inputs, env);
  const report = await verifyArchive(config, {
    onProgress: (event) => {
      if (event.type === "verify-object" && !event.ok) core.info(`bad ${renderCell(event.key)}`);
    },
  });
  const folder = join(env.RUNNER_TEMP || tmpdir(), "rds-log-archive");
  await mkdir(folder, { recursive: true });
  const reportPath = join(folder, "verify-report.json");
  await writeFile(reportPath, `${JSON.stringify(report, null, 2)}\n`);
  core.setOutput("verified-count", report.totals.checked);
  core.setOutput("bad-count", report.totals.bad);
  core.setOutput("report-path", reportPath);
  const summary = renderVerifySummary(report);
  if (env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(summary).write();
  else core.info(summary);
  if (report.totals.bad > 0) {
    core.setFailed(
      `rds-log-archive: ${report.totals.bad} bad object(s) in the archive; see the job summary and ${reportPath}`,
    );
  }
}

async function loadVerifyActionConfig(
  inputs: ActionInputs,
  env: Record<string, string | undefined>,
): Promise<VerifyConfig> {
  let loaded: LoadedDestinationConfig<(typeof VERIFY_FIELDS)[number]>;
  try {
    loaded = await loadDestinationConfig(
      { overrides: inputs.overrides, configFile: inputs.configFile, env, now: new Date() },
      VERIFY_FIELDS,
    );
  } catch (error) {
    throw new ActionInputError("config", (error as Error).message);
  }
  if (loaded.ok) return loaded.config;
  const context = { names: INPUT_FOR_FIELD, overridden: loaded.overridden, configFile: inputs.configFile };
  const lines = loaded.issues.map(
    (issue) => `  ${describeConfigIssuePath(issue.path, context)}: ${issue.message}`,
  );
  throw new ArchiverError(
    "CONFIG_INVALID",
    `the configuration has ${lines.length} problem(s); nothing was done:\n${lines.join("\n")}`,
    { hint: "fix the inputs or the config file named above" },
  );
}

/** The job summary of a verify run: the totals, then a row per problem of each bad object. */
export function renderVerifySummary(report: VerifyReport): string {
  const { totals } = report;
  const verdict = totals.bad === 0 ? "every object is sound" : `**${totals.bad} bad**`;
  const outcome = foundNoObject(totals)
    ? `**Nothing to verify**: no archived object in ${renderCell(report.destination)}; check the \`destination\` input.`
    : `${totals.checked} objects read (${renderBytes(totals.bytesRead)}) in ${renderCell(report.destination)}: ${verdict}.` +
      (totals.outsideWindow > 0 ? ` ${totals.outsideWindow} outside the window were not read.` : "");
  const lines = ["## RDS log archive: verify", "", outcome, ""];
  if (report.bad.length > 0) {
    lines.push("| Object | Problem |", "| --- | --- |");
    const rows = report.bad.flatMap((bad) =>
      bad.problems.map(
        (problem) => `| ${renderCell(bad.key)} | ${renderCell(problem.message)} (${problem.code}) |`,
      ),
    );
    lines.push(...rows.slice(0, MAX_SUMMARY_ROWS));
    if (rows.length > MAX_SUMMARY_ROWS) {
      lines.push(
        "",
        `${rows.length - MAX_SUMMARY_ROWS} more in the verify report (the \`report-path\` output).`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
