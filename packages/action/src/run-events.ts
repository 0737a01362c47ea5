import * as core from "@actions/core";
import { archiveEvents, createNotifiers } from "@rds-log-archive/core";
import { readRunUrl } from "./github/read-run-url.js";
import { type ActionInputs, NOTIFIER_INPUTS } from "./inputs.js";
import { loadActionConfig } from "./load-action-config.js";
import { publishOptionsFor, publishReport } from "./publish-report.js";

/**
 * `command: events`: the RDS events of the targets archived, the new ones posted to the Slack and
 * webhook inputs (masked when read), the run's page linked from every notification; published as
 * outputs and a summary like sync. A webhook input that is not an https URL fails the step naming
 * the input, never showing its value.
 */
export async function runEvents(
  inputs: ActionInputs,
  env: Record<string, string | undefined>,
): Promise<void> {
  const config = await loadActionConfig(inputs, env, new Date());
  const notifiers = createNotifiers(inputs.notifiers, NOTIFIER_INPUTS);
  const runUrl = readRunUrl();
  const channels = notifiers.map((n) => n.name).join(" and ") || "no notification channel";
  core.info(`${config.dryRun ? "Planning (dry run)" : "Archiving"} the RDS events; posting to ${channels}`);
  const report = await archiveEvents(config, { notifiers, ...(runUrl === undefined ? {} : { runUrl }) });
  await publishReport(report, publishOptionsFor(config, inputs, env, runUrl));
}
