/**
 * What `plan --matrix` splits: every instance the config selects, with the bytes and files sync
 * would select on it now. It runs the same discovery as `archive` and the planner's selection
 * (log types, since/until, settle), but reads no archive state: the split depends on the RDS
 * listing alone, so the plan job needs no access to the destination, and the same listing always
 * gives the same matrix. Files already archived still count, which sizes each instance by how
 * much log it keeps, the best predictor of how much it will produce.
 */
import { createRdsPort } from "../adapters/create-rds-port.js";
import type { ArchiveConfig } from "../config/parse-config.js";
import { ArchiverError, isArchiverError } from "../errors.js";
import { discoverInstances } from "../rds/discover-instances.js";
import type { TargetFailure } from "../rds/list-targets.js";
import { createLimitPerKey } from "../rds/rate-key.js";
import type { CreateRdsPort } from "../rds/rds-port.js";
import { planInstance } from "../sources/log-files/plan-instance.js";
import { planSettingsFor } from "../sources/log-files/plan-settings.js";

/** One instance to archive and what sync would select on it. */
export interface WorkloadInstance {
  region: string;
  instance: string;
  cluster?: string;
  engine: string;
  /** The role of the config target that selected the instance, if it names one. */
  roleArn?: string;
  /** Bytes of the log files sync would select (before compression). */
  bytes: number;
  files: number;
}

/**
 * Lists the workload of `config` at `now`. An instance whose log files cannot be listed is still
 * returned (with 0 bytes), so that the shard that gets it reports the failure; a target that
 * cannot be resolved is only a failure, since its instances are unknown.
 */
export async function listWorkload(
  config: ArchiveConfig,
  now: Date,
  rdsPortFor: CreateRdsPort = createRdsPort,
): Promise<{ instances: WorkloadInstance[]; failures: TargetFailure[] }> {
  const limitOf = createLimitPerKey(config.concurrency);
  const discovery = await discoverInstances(config, rdsPortFor);
  const failures = [...discovery.failures];
  const perTarget = await Promise.all(
    discovery.targets.map(({ target, rds, rateKey, instances }) =>
      Promise.all(
        instances.map((instance) =>
          limitOf(rateKey)(async (): Promise<WorkloadInstance> => {
            let bytes = 0;
            let files = 0;
            try {
              const listing = await rds.listLogFiles(instance.instance);
              const plan = planInstance(instance, listing, undefined, planSettingsFor(config, target, now));
              for (const planned of plan.files) {
                if (planned.action !== "archive") continue;
                bytes += planned.file.size;
                files++;
              }
            } catch (error) {
              failures.push({
                region: instance.region,
                instance: instance.instance,
                ...(instance.cluster === undefined ? {} : { cluster: instance.cluster }),
                error: isArchiverError(error)
                  ? error
                  : new ArchiverError("INTERNAL", (error as Error).message, { cause: error }),
              });
            }
            const roleArn = target.roleArn === undefined ? {} : { roleArn: target.roleArn };
            return { ...instance, ...roleArn, bytes, files };
          }),
        ),
      ),
    ),
  );

  // Two targets may select the same instance; the first target in the config keeps it, as one
  // instance must belong to exactly one shard.
  const byName = new Map<string, WorkloadInstance>();
  for (const instance of perTarget.flat()) {
    const name = `${instance.region}/${instance.instance}`;
    if (!byName.has(name)) byName.set(name, instance);
  }
  const instances = [...byName.values()].sort(
    (a, b) => compare(a.region, b.region) || compare(a.instance, b.instance),
  );
  return { instances, failures };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
