import {
  type ArchiveConfig,
  DEFAULT_SHARDS,
  describeShard,
  listWorkload,
  MAX_SHARDS,
  planShards,
  renderBytes,
  renderMatrix,
} from "@rds-log-archive/core";
import type { CommandIo } from "./command-io.js";
import { EXIT } from "./exit-codes.js";
import type { Flags } from "./flags.js";
import { renderText } from "./render-summary.js";

/** `--shards N` as a number, {@link DEFAULT_SHARDS} without it; throws, naming the flag, otherwise. */
export function parseShardCount(text: string | undefined): number {
  if (text === undefined) return DEFAULT_SHARDS;
  const count = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!(count >= 1 && count <= MAX_SHARDS))
    throw new Error(
      `--shards: "${text}" is not a whole number from 1 to ${MAX_SHARDS} (GitHub runs at most ${MAX_SHARDS} jobs from one matrix)`,
    );
  return count;
}

/**
 * `matrix` (`plan --matrix`): lists what sync would select on every instance of the config, splits the
 * instances into byte-balanced shards and prints the GitHub Actions matrix as one line of JSON
 * on stdout (ready for `$GITHUB_OUTPUT`). A summary goes to stderr. Exit 1 when a target or an
 * instance could not be listed: the matrix still holds everything that could, but an instance
 * discovery missed would silently go unarchived, so the plan job must say so.
 */
export async function runPlanMatrix(
  config: ArchiveConfig,
  shardCount: number,
  flags: Flags,
  io: CommandIo,
): Promise<number> {
  const { instances, failures } = await listWorkload(config, io.now());
  const shards = planShards(instances, shardCount);
  io.stdout.write(`${JSON.stringify(renderMatrix(shards))}\n`);

  if (!flags.quiet) {
    const files = instances.reduce((sum, i) => sum + i.files, 0);
    const bytes = instances.reduce((sum, i) => sum + i.bytes, 0);
    io.stderr.write(
      `rds-log-archive matrix: ${instances.length} instances, ${files} files (${renderBytes(bytes)}) in ${shards.length} shards\n`,
    );
    for (const shard of shards) io.stderr.write(`  ${renderText(describeShard(shard))}\n`);
    if (instances.length === 0)
      io.stderr.write(
        "  the matrix is empty; a workflow should skip the archive jobs rather than run none\n",
      );
  }
  if (failures.length === 0) return EXIT.ok;
  io.stderr.write(
    "could not be listed (a target that could not be resolved is not in the matrix; an instance whose log files could not be listed is, with 0 bytes):\n",
  );
  for (const failure of failures) {
    const what =
      failure.instance !== undefined
        ? `instance ${failure.instance}`
        : failure.cluster !== undefined
          ? `cluster ${failure.cluster}`
          : "the instances";
    io.stderr.write(
      `  ${renderText(what)} in ${renderText(failure.region)}\n      ${failure.error.code}: ${renderText(failure.error.message)}\n`,
    );
    if (failure.error.hint) io.stderr.write(`      hint: ${renderText(failure.error.hint)}\n`);
  }
  return EXIT.failed;
}
