/**
 * The action's program, as the runner starts it through launch.cjs. It reads the inputs, sets up
 * credentials, runs the command and reports through outputs, the job summary and annotations. A
 * problem with the inputs or the credentials fails the step with a message that names the input
 * and says what to change.
 */
import * as core from "@actions/core";
import { isArchiverError, watchAssumedCredentials } from "@rds-log-archive/core";
import { assumeRoleWithGitHubOidc } from "./credentials.js";
import { readActionInputs } from "./inputs.js";
import { maskAccountIds } from "./mask-account-ids.js";
import { renderInputText } from "./render-input-text.js";
import { runActivityStream } from "./run-activity-stream.js";
import { runEvents } from "./run-events.js";
import { runMatrix } from "./run-matrix.js";
import { runMergeReports } from "./run-merge-reports.js";
import { runSync } from "./run-sync.js";
import { runVerify } from "./run-verify.js";

async function main(): Promise<void> {
  const env = process.env;
  // The chained roles (destination, per target) are assumed deep inside the run: mask each set of
  // their credentials before any client uses it, as the web identity's are.
  watchAssumedCredentials((credentials) => {
    for (const secret of [credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken])
      if (secret) core.setSecret(secret);
  });
  const inputs = readActionInputs(env);
  if (inputs.maskAccountIds) maskAccountIds([inputs.webIdentity?.roleArn]);
  if (inputs.command === "merge-reports") return runMergeReports(inputs, env);
  if (inputs.webIdentity !== undefined) await assumeRoleWithGitHubOidc(inputs.webIdentity);
  if (inputs.command === "matrix") return runMatrix(inputs, env);
  if (inputs.command === "events") return runEvents(inputs, env);
  if (inputs.command === "activity-stream") return runActivityStream(inputs, env);
  if (inputs.command === "verify") return runVerify(inputs, env);
  if (inputs.command === "plan")
    return runSync({ ...inputs, overrides: { ...inputs.overrides, dryRun: true } }, env);
  return runSync(inputs, env);
}

try {
  await main();
} catch (error) {
  // A message may hold several lines (every config problem): each is escaped, the breaks kept,
  // as setFailed encodes them into its one workflow command.
  const lines = (text: string) => text.split("\n").map(renderInputText).join("\n");
  const hint = isArchiverError(error) && error.hint ? ` (${lines(error.hint)})` : "";
  core.setFailed(`rds-log-archive: ${lines((error as Error).message)}${hint}`);
}
