/**
 * The GitHub Actions matrix of `plan --matrix`, for `strategy.matrix: ${{ fromJSON(...) }}`.
 *
 * How a shard job consumes an entry: it runs the SAME config as an unsharded run and passes
 * `instances` to `sync --only-instances` (the action's `only-instances` input). That flag narrows
 * the configured targets to the listed instances; it does not replace them. So each instance is
 * still read with the region and role of the config target that selected it, the destination and
 * every other setting stay the config's, and a shard can never archive an instance of another
 * shard. `instances` is one plain string (`us-east-1/orders-1,eu-west-1/billing-2`), always
 * qualified by region since the same id can exist in two regions, so `${{ matrix.instances }}`
 * passes it through unchanged. The other fields are for people and job names; `targets` keeps,
 * per config target, the region and role each instance came from.
 */
import { renderBytes } from "../report/render-bytes.js";
import { renderInstanceRef } from "./instance-ref.js";
import type { WorkloadInstance } from "./list-workload.js";
import type { Shard } from "./plan-shards.js";

/** The instances of one shard that came from targets with the same region and role. */
export interface MatrixTarget {
  region: string;
  roleArn?: string;
  /** Instance ids. */
  instances: string[];
}

/** One job of the matrix. */
export interface MatrixEntry {
  /** 1-based. */
  shard: number;
  /** How many shards the matrix has. */
  shards: number;
  /** The value for `--only-instances`: `REGION/INSTANCE`, comma-separated. */
  instances: string;
  instanceCount: number;
  /** Log files sync would select on these instances, when the matrix was planned. */
  files: number;
  /** Their bytes (before compression): what the shards were balanced by. */
  bytes: number;
  /** The regions of the instances, comma-separated. */
  regions: string;
  targets: MatrixTarget[];
}

/** The matrix JSON: `{ "include": [entry, …] }`, one entry per shard. */
export interface ShardMatrix {
  include: MatrixEntry[];
}

/** Renders planned shards as the matrix a workflow's `fromJSON` reads. */
export function renderMatrix(shards: readonly Shard<WorkloadInstance>[]): ShardMatrix {
  return {
    include: shards.map((shard) => {
      const targets = new Map<string, MatrixTarget>();
      for (const instance of shard.instances) {
        const group = `${instance.region} ${instance.roleArn ?? ""}`;
        const target = targets.get(group) ?? {
          region: instance.region,
          ...(instance.roleArn === undefined ? {} : { roleArn: instance.roleArn }),
          instances: [],
        };
        target.instances.push(instance.instance);
        targets.set(group, target);
      }
      return {
        shard: shard.index,
        shards: shards.length,
        instances: shard.instances.map(renderInstanceRef).join(","),
        instanceCount: shard.instances.length,
        files: shard.instances.reduce((sum, i) => sum + i.files, 0),
        bytes: shard.bytes,
        regions: [...new Set(shard.instances.map((i) => i.region))].join(","),
        targets: [...targets.values()],
      };
    }),
  };
}

/** Names shown per shard in {@link describeShard}: a line stays readable for a fleet of thousands. */
const SHOWN_NAMES = 8;

/** One log line for a shard: `shard 2: 14 instances, 3.1 GiB: a, b, … and 6 more`. */
export function describeShard(shard: Shard<WorkloadInstance>): string {
  const names = shard.instances.slice(0, SHOWN_NAMES).map((i) => i.instance);
  const more = shard.instances.length - names.length;
  return `shard ${shard.index}: ${shard.instances.length} instances, ${renderBytes(shard.bytes)}: ${names.join(", ")}${more > 0 ? ` and ${more} more` : ""}`;
}
