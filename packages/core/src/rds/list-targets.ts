import { hasTagFilter, matchesTags, type TagFilter } from "../config/tag-filter.js";
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
  /** Tags every kept instance carries (its own, not its cluster's); empty keeps all. */
  tags?: TagFilter;
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
 * and DocumentDB are skipped, and a missing cluster or instance fails only itself. Tags narrow
 * what the rest selects. They are read from each instance's own TagList, as DescribeDBInstances
 * returns it, never from ListTagsForResource (a call per instance); a cluster's members are
 * listed in one DescribeDBInstances filtered on the cluster. The instance's tags, not the
 * cluster's, decide: they are what the IAM condition rds:db-tag checks on the log downloads, and
 * RDS does not copy a cluster's tags to its instances.
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
  const tags = hasTagFilter(selector.tags) ? selector.tags : undefined;
  const add = (instance: RdsInstanceRecord) => {
    if (!keep(instance.engine) || (tags !== undefined && !matchesTags(instance.tags, tags))) return;
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
          if (tags !== undefined) {
            // The members' own tags decide (`add` checks them); the cluster's engine is theirs.
            for (const member of await rds.listInstances({ cluster: c.id }))
              add({ ...member, engine: c.engine, cluster: c.id });
            continue;
          }
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
