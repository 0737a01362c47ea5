import * as core from "@actions/core";
import {
  archiveActivityStream,
  createDestinationStore,
  destinationStoreOptionsFor,
  type RunReport,
} from "@rds-log-archive/core";
import type { ActionInputs } from "./inputs.js";
import { loadActionConfig } from "./load-action-config.js";
import { accountTextsOf, maskAccountIds } from "./mask-account-ids.js";
import { publishOptionsFor, publishReport } from "./publish-report.js";
import { renderInputText } from "./render-input-text.js";

/**
 * `command: activity-stream`: the Database Activity Streams of the selected clusters and
 * instances, read from where the archive ends until the streams' tips or `max-duration`,
 * decrypted and archived exactly once; one line per stream in the log, then published as outputs
 * (`archived-count` counts activity events), a summary and annotations like sync.
 */
export async function runActivityStream(
  inputs: ActionInputs,
  env: Record<string, string | undefined>,
): Promise<void> {
  const config = await loadActionConfig(inputs, env, new Date());
  if (inputs.maskAccountIds) maskAccountIds(accountTextsOf(config));
  const store = await createDestinationStore(config.destination, destinationStoreOptionsFor(config));
  core.info(
    `${config.dryRun ? "Planning (dry run)" : "Archiving"} the activity streams into ${renderInputText(store.description)}`,
  );
  const report = await archiveActivityStream(config, { store });
  logStreams(report);
  await publishReport(report, publishOptionsFor(config, inputs, env));
}

/** What each stream gave, for the workflow log; the summary has the tables. */
function logStreams(report: RunReport): void {
  for (const stream of report.activity?.streams ?? []) {
    const owner = `${stream.cluster === undefined ? "instance" : "cluster"} ${renderInputText(stream.instance)}`;
    const stopped = stream.stoppedEarly ? "; stopped at max-duration, the next run goes on" : "";
    core.info(
      `${owner} (${renderInputText(stream.region)}) ${renderInputText(stream.streamName)}: ${stream.records} records, ${stream.events} events, ${stream.heartbeats} heartbeats, ${stream.kmsCalls} KMS calls, ${stream.millisBehindLatest} ms behind${stopped}`,
    );
    if (stream.error) core.info(`FAILED ${owner}: ${renderInputText(stream.error.message)}`);
    for (const shard of stream.shards)
      if (shard.error)
        core.info(
          `FAILED ${owner} ${renderInputText(shard.shardId)}: ${renderInputText(shard.error.message)}`,
        );
  }
}
