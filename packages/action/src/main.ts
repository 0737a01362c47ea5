/**
 * The action's entry point, as the runner starts it (`node packages/action/dist/index.js`). It
 * reads the inputs, sets up credentials, runs the command and reports through outputs, the job
 * summary and annotations. A problem with the inputs or the credentials fails the step with a
 * message that names the input and says what to change.
 */
import * as core from "@actions/core";
import { isArchiverError } from "@rds-log-archive/core";
import { assumeRoleWithGitHubOidc } from "./credentials.js";
import { readActionInputs } from "./inputs.js";
import { runEvents } from "./run-events.js";
import { runMatrix } from "./run-matrix.js";
import { runMergeReports } from "./run-merge-reports.js";
import { runSync } from "./run-sync.js";
import { runVerify } from "./run-verify.js";

async function main(): Promise<void> {
  const env = process.env;
  const inputs = readActionInputs(env);
  if (inputs.command === "merge-reports") return runMergeReports(inputs, env);
  if (inputs.webIdentity !== undefined) await assumeRoleWithGitHubOidc(inputs.webIdentity);
  if (inputs.command === "matrix") return runMatrix(inputs, env);
  if (inputs.command === "events") return runEvents(inputs, env);
  if (inputs.command === "verify") return runVerify(inputs, env);
  return runSync(inputs, env);
}

try {
  await main();
} catch (error) {
  const hint = isArchiverError(error) && error.hint ? ` (${error.hint})` : "";
  core.setFailed(`rds-log-archive: ${(error as Error).message}${hint}`);
}
