import { ArchiverError } from "../errors.js";

/** GitHub Actions runs at most 256 jobs from one matrix. */
export const MAX_SHARDS = 256;

/**
 * Four parallel jobs by default: enough to cut a large fleet's wall time by about four, few enough
 * that each job's fixed cost (runner start, OIDC, discovery) stays small next to its transfer.
 */
export const DEFAULT_SHARDS = 4;

/** What a shard is built from: an instance and its weight. */
export interface ShardableInstance {
  region: string;
  instance: string;
  bytes: number;
}

/** One shard: 1-based `index`, its instances (by region, then id), and their total bytes. */
export interface Shard<T extends ShardableInstance> {
  index: number;
  instances: T[];
  bytes: number;
}

/**
 * Splits `instances` into at most `shardCount` shards of about equal bytes, with the greedy
 * longest-processing-time rule: largest instance first, each to the lightest shard so far (ties:
 * fewer instances, then the lower index). Deterministic: the same instances give the same shards,
 * whatever their order. Never more shards than instances, so none is empty; each instance is in
 * exactly one shard.
 */
export function planShards<T extends ShardableInstance>(
  instances: readonly T[],
  shardCount: number,
): Shard<T>[] {
  if (!Number.isInteger(shardCount) || shardCount < 1 || shardCount > MAX_SHARDS) {
    throw new ArchiverError(
      "CONFIG_INVALID",
      `the shard count must be a whole number from 1 to ${MAX_SHARDS}`,
      {
        hint: `GitHub Actions runs at most ${MAX_SHARDS} jobs from one matrix`,
      },
    );
  }
  const heaviestFirst = [...instances].sort(
    (a, b) => b.bytes - a.bytes || compare(a.region, b.region) || compare(a.instance, b.instance),
  );
  const shards: Shard<T>[] = Array.from({ length: Math.min(shardCount, instances.length) }, (_, i) => ({
    index: i + 1,
    instances: [],
    bytes: 0,
  }));
  for (const instance of heaviestFirst) {
    let lightest = shards[0] as Shard<T>;
    for (const shard of shards) {
      if (
        shard.bytes < lightest.bytes ||
        (shard.bytes === lightest.bytes && shard.instances.length < lightest.instances.length)
      )
        lightest = shard;
    }
    lightest.instances.push(instance);
    lightest.bytes += instance.bytes;
  }
  for (const shard of shards)
    shard.instances.sort((a, b) => compare(a.region, b.region) || compare(a.instance, b.instance));
  return shards;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
