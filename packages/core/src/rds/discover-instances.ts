import type { ArchiveConfig, ArchiveTarget } from "../config/parse-config.js";
import {
  findUnmatchedInstances,
  keepsDiscoveryFailure,
  selectOnlyInstances,
  unmatchedInstanceError,
} from "../fanout/select-only-instances.js";
import { createPacedPorts } from "./create-paced-ports.js";
import { type DiscoveredInstance, listTargets, type TargetFailure } from "./list-targets.js";
import { selectRateKey } from "./rate-key.js";
import type { CreateRdsPort, RdsPort } from "./rds-port.js";

/** One config target, resolved: its RDS port and the instances to work on. */
export interface DiscoveredTarget {
  target: ArchiveTarget;
  rds: RdsPort;
  /** The account and region RDS's rate limit counts the target's calls against (rate-key.ts). */
  rateKey: string;
  /** After `onlyInstances` narrowed them. */
  instances: DiscoveredInstance[];
}

/** What discovery found; see {@link discoverInstances}. */
export interface Discovery {
  targets: DiscoveredTarget[];
  failures: TargetFailure[];
  /** Every instance the targets selected and every listing that failed, before `onlyInstances` narrowed them. */
  seen: { instances: DiscoveredInstance[]; failures: TargetFailure[] };
}

/**
 * The discovery every source and `plan --matrix` share: every config target resolved to its
 * instances, narrowed by `onlyInstances`. Every port of one account and region shares one
 * adaptive pacer (create-paced-ports.ts). The failures are the targets that could not be
 * resolved (those `onlyInstances` does not rule out) and the named instances no target selects.
 */
export async function discoverInstances(
  config: ArchiveConfig,
  createRdsPort: CreateRdsPort,
): Promise<Discovery> {
  const only = config.onlyInstances;
  // Everything discovery saw, before `onlyInstances` narrowed it, to tell a named instance that
  // no target selects from one that a failed listing may hide.
  const discovered: DiscoveredInstance[] = [];
  const listingFailures: TargetFailure[] = [];
  const portFor = createPacedPorts(config, createRdsPort);
  const targets = await Promise.all(
    config.targets.map(async (target): Promise<DiscoveredTarget> => {
      const rateKey = selectRateKey(target);
      const rds = portFor(target);
      const found = await listTargets(rds, target);
      discovered.push(...found.instances);
      listingFailures.push(...found.failures);
      return { target, rds, rateKey, instances: selectOnlyInstances(found.instances, only) };
    }),
  );
  const failures = [
    ...listingFailures.filter((failure) => keepsDiscoveryFailure(failure, only)),
    ...findUnmatchedInstances(only, discovered, listingFailures).map((ref) => ({
      region: ref.region ?? "*",
      instance: ref.instance,
      error: unmatchedInstanceError(ref),
    })),
  ];
  return { targets, failures, seen: { instances: discovered, failures: listingFailures } };
}
