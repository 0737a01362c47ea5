import type { ArchiverError } from "../errors.js";
import { isArchiverError } from "../errors.js";
import type { RdsInstanceRecord, RdsPort } from "./rds-port.js";

/** Which instances to work on in one region. */
export interface TargetSelector {
  clusters: readonly string[];
  instances: readonly string[];
  /** Every instance in the region. */
  all: boolean;
  /** Engine names to keep (`aurora-postgresql`, `mysql`, …); empty keeps all. */
  engines: readonly string[];
}

/** An instance a source works on. */
export interface DiscoveredInstance {
  region: string;
  instance: string;
  cluster?: string;
  engine: string;
}

/** A target that could not be resolved; the others go on. */
export interface TargetFailure {
  region: string;
  cluster?: string;
  instance?: string;
  error: ArchiverError;
}

/** Neptune and DocumentDB share the RDS control plane, but have no log files to archive. */
const NOT_RDS_ENGINES = new Set(["neptune", "docdb"]);

/**
 * Resolves a selector to instances through the port: clusters expand to their members, Neptune
 * and DocumentDB are skipped, and a missing cluster or instance fails only itself.
 */
export async function listTargets(
  rds: RdsPort,
  selector: TargetSelector,
): Promise<{ instances: DiscoveredInstance[]; failures: TargetFailure[] }> {
  const found = new Map<string, DiscoveredInstance>();
  const failures: TargetFailure[] = [];
  const { region } = rds;
  const keep = (engine: string) =>
    !NOT_RDS_ENGINES.has(engine) && (selector.engines.length === 0 || selector.engines.includes(engine));
  const add = (instance: RdsInstanceRecord) => {
    if (!keep(instance.engine)) return;
    found.set(instance.id, {
      region,
      instance: instance.id,
      engine: instance.engine,
      ...(instance.cluster === undefined ? {} : { cluster: instance.cluster }),
    });
  };
  const attempt = async (work: () => Promise<void>, failed: Omit<TargetFailure, "error">) => {
    try {
      await work();
    } catch (error) {
      if (!isArchiverError(error)) throw error;
      failures.push({ ...failed, error });
    }
  };

  if (selector.all) await attempt(async () => (await rds.listInstances()).forEach(add), { region });
  for (const cluster of selector.clusters) {
    await attempt(
      async () => {
        for (const c of await rds.listClusters({ id: cluster })) {
          if (!keep(c.engine)) continue;
          for (const member of c.members) {
            found.set(member, { region, instance: member, engine: c.engine, cluster: c.id });
          }
        }
      },
      { region, cluster },
    );
  }
  for (const instance of selector.instances) {
    await attempt(async () => (await rds.listInstances({ id: instance })).forEach(add), { region, instance });
  }
  const instances = [...found.values()].sort((a, b) => (a.instance < b.instance ? -1 : 1));
  return { instances, failures };
}
