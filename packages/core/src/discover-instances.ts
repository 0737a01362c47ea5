import type { RDSClient } from "@aws-sdk/client-rds";
import { createRdsClient } from "./adapters/create-rds-client.js";
import { type DiscoveredInstance, listTargets, type TargetFailure } from "./adapters/list-targets.js";
import type { ArchiveConfig, ArchiveTarget } from "./config/parse-config.js";
import {
  findUnmatchedInstances,
  keepsDiscoveryFailure,
  selectOnlyInstances,
  unmatchedInstanceError,
} from "./fanout/select-only-instances.js";
import type { PlanSettings } from "./plan/plan-instance.js";
import { planSettingsFor } from "./plan/plan-settings.js";

/** One config target, resolved: its client, its plan settings and the instances to work on. */
export interface DiscoveredTarget {
  target: ArchiveTarget;
  rds: RDSClient;
  settings: PlanSettings;
  /** After `onlyInstances` narrowed them. */
  instances: DiscoveredInstance[];
}

/**
 * The discovery that `archive` and `plan --matrix` share: every config target resolved to its
 * instances, narrowed by `onlyInstances`. The failures are the targets that could not be
 * resolved (those `onlyInstances` does not rule out) and the named instances no target selects.
 */
export async function discoverInstances(
  config: ArchiveConfig,
  now: Date,
): Promise<{ targets: DiscoveredTarget[]; failures: TargetFailure[] }> {
  const only = config.onlyInstances;
  // Everything discovery saw, before `onlyInstances` narrowed it, to tell a named instance that
  // no target selects from one that a failed listing may hide.
  const discovered: DiscoveredInstance[] = [];
  const listingFailures: TargetFailure[] = [];
  const targets = await Promise.all(
    config.targets.map(async (target): Promise<DiscoveredTarget> => {
      const rds = createRdsClient({
        region: target.region,
        ...(target.roleArn === undefined ? {} : { roleArn: target.roleArn }),
        session: { sessionName: config.roleSessionName, externalId: config.roleExternalId },
      });
      const found = await listTargets(rds, target);
      discovered.push(...found.instances);
      listingFailures.push(...found.failures);
      return {
        target,
        rds,
        settings: planSettingsFor(config, target, now),
        instances: selectOnlyInstances(found.instances, only),
      };
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
  return { targets, failures };
}
