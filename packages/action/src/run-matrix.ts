import * as core from "@actions/core";
import { describeShard, listWorkload, planShards, renderMatrix } from "@rds-log-archive/core";
import { MAX_ANNOTATIONS_PER_LEVEL } from "./annotations.js";
import type { ActionInputs } from "./inputs.js";
import { loadActionConfig } from "./load-action-config.js";
import { accountTextsOf, maskAccountIds } from "./mask-account-ids.js";
import { renderInputText } from "./render-input-text.js";

/**
 * `command: matrix` (the CLI's `matrix`): splits the configured fleet into byte-balanced shards and sets the `matrix`
 * output (`{"include":[…]}`, for `strategy.matrix: ${{ fromJSON(…) }}`) and `shard-count`, so a
 * workflow can skip its archive jobs when there is nothing to archive. A target or an instance
 * that could not be listed fails the step: an instance discovery missed would go unarchived.
 */
export async function runMatrix(
  inputs: ActionInputs,
  env: Record<string, string | undefined>,
): Promise<void> {
  const now = new Date();
  const config = await loadActionConfig(inputs, env, now);
  if (inputs.maskAccountIds) maskAccountIds(accountTextsOf(config));
  const { instances, failures } = await listWorkload(config, now);
  const shards = planShards(instances, inputs.shards);
  core.setOutput("matrix", JSON.stringify(renderMatrix(shards)));
  core.setOutput("shard-count", shards.length);
  for (const shard of shards) core.info(renderInputText(describeShard(shard)));
  if (shards.length === 0) core.notice("No instance to archive: the matrix is empty.");
  if (failures.length === 0) return;
  // GitHub shows ten error annotations per step; the step's own failure takes the last.
  for (const failure of failures.slice(0, MAX_ANNOTATIONS_PER_LEVEL - 1)) {
    const what = failure.instance ?? failure.cluster ?? "the instances";
    const hint = failure.error.hint ? `\nhint: ${renderInputText(failure.error.hint)}` : "";
    core.error(`${failure.error.code}: ${renderInputText(failure.error.message)}${hint}`, {
      title: renderInputText(`could not list ${what} in ${failure.region}`),
    });
  }
  core.setFailed(
    `rds-log-archive: ${failures.length} target(s) could not be listed; the matrix leaves them out`,
  );
}
