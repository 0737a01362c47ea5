import * as core from "@actions/core";
import {
  archive,
  createDestinationStore,
  destinationStoreOptionsFor,
  type ProgressEvent,
  renderBytes,
} from "@rds-log-archive/core";
import type { ActionInputs } from "./inputs.js";
import { loadActionConfig } from "./load-action-config.js";
import { accountTextsOf, maskAccountIds } from "./mask-account-ids.js";
import { publishOptionsFor, publishReport } from "./publish-report.js";
import { renderInputText } from "./render-input-text.js";

/**
 * `command: sync` (and `plan`, a dry run): one archive run, logged as it goes, then published as
 * outputs and a summary.
 */
export async function runSync(inputs: ActionInputs, env: Record<string, string | undefined>): Promise<void> {
  const config = await loadActionConfig(inputs, env, new Date());
  if (inputs.maskAccountIds) maskAccountIds(accountTextsOf(config));
  const store = await createDestinationStore(config.destination, destinationStoreOptionsFor(config));
  core.info(
    `${config.dryRun ? "Planning (dry run)" : "Archiving"} into ${renderInputText(store.description)}`,
  );
  const report = await archive(config, { store, onProgress: logProgress });
  // A dry run transfers nothing, so no event told of its files: list them, as the CLI's plan does.
  for (const item of report.items)
    if (item.outcome === "planned")
      core.info(
        `would archive ${renderInputText(item.instance)} ${renderInputText(item.logFile)} ${renderBytes(item.size)} -> ${renderInputText(item.key)}`,
      );
  await publishReport(report, publishOptionsFor(config, inputs, env));
}

/** A line per instance planned and per file done: the progress a workflow log can show. */
function logProgress(event: ProgressEvent): void {
  if (event.type === "instance-planned") {
    if (event.files > 0)
      core.info(
        `${renderInputText(event.instance)}: ${event.files} files to archive (${renderBytes(event.bytes)})`,
      );
  } else if (event.type === "file-done") {
    const { item } = event;
    const name = `${renderInputText(item.instance)} ${renderInputText(item.logFile)}`;
    const key = renderInputText(item.key);
    if (item.outcome === "archived") {
      core.info(`archived ${name} ${renderBytes(item.bytesIn)} -> ${key}`);
    } else if (item.outcome === "failed") {
      core.info(`FAILED ${name}: ${renderInputText(item.error?.message ?? "")}`);
    } else {
      core.debug(`skipped ${name} (${renderInputText(item.reason ?? "")})`);
    }
  }
}
