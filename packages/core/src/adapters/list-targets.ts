import {
  type DBInstance,
  paginateDescribeDBClusters,
  paginateDescribeDBInstances,
  paginateDescribeDBLogFiles,
  type RDSClient,
} from "@aws-sdk/client-rds";
import type { ArchiverError } from "../errors.js";
import { toArchiverError } from "./aws-errors.js";

/** Which instances to archive in one region. */
export interface TargetSelector {
  region: string;
  clusters: readonly string[];
  instances: readonly string[];
  /** Every instance in the region. */
  all: boolean;
  /** Engine names to keep (`aurora-postgresql`, `mysql`, …); empty keeps all. */
  engines: readonly string[];
}

/** An instance whose logs can be archived. */
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
 * Resolves a selector to instances: clusters expand to their members, every list call is paged,
 * Neptune and DocumentDB are skipped, and a missing cluster or instance fails only itself.
 */
export async function listTargets(
  rds: RDSClient,
  selector: TargetSelector,
): Promise<{ instances: DiscoveredInstance[]; failures: TargetFailure[] }> {
  const found = new Map<string, DiscoveredInstance>();
  const failures: TargetFailure[] = [];
  const { region } = selector;
  const keep = (engine: string) =>
    !NOT_RDS_ENGINES.has(engine) && (selector.engines.length === 0 || selector.engines.includes(engine));
  const add = (instance: DBInstance) => {
    const id = instance.DBInstanceIdentifier;
    const engine = instance.Engine ?? "unknown";
    if (id === undefined || !keep(engine)) return;
    found.set(id, {
      region,
      instance: id,
      engine,
      ...(instance.DBClusterIdentifier === undefined ? {} : { cluster: instance.DBClusterIdentifier }),
    });
  };

  if (selector.all) {
    try {
      for await (const page of paginateDescribeDBInstances({ client: rds }, {}))
        page.DBInstances?.forEach(add);
    } catch (error) {
      failures.push({
        region,
        error: toArchiverError(error, {
          operation: "DescribeDBInstances",
          iamAction: "rds:DescribeDBInstances",
          resource: `every instance in ${region}`,
        }),
      });
    }
  }
  for (const cluster of selector.clusters) {
    try {
      for await (const page of paginateDescribeDBClusters(
        { client: rds },
        { DBClusterIdentifier: cluster },
      )) {
        for (const c of page.DBClusters ?? []) {
          const engine = c.Engine ?? "unknown";
          for (const member of c.DBClusterMembers ?? []) {
            if (member.DBInstanceIdentifier === undefined || !keep(engine)) continue;
            found.set(member.DBInstanceIdentifier, {
              region,
              instance: member.DBInstanceIdentifier,
              engine,
              cluster: c.DBClusterIdentifier ?? cluster,
            });
          }
        }
      }
    } catch (error) {
      failures.push({
        region,
        cluster,
        error: toArchiverError(error, {
          operation: "DescribeDBClusters",
          iamAction: "rds:DescribeDBClusters",
          resource: `cluster ${cluster} in ${region}`,
        }),
      });
    }
  }
  for (const instance of selector.instances) {
    try {
      for await (const page of paginateDescribeDBInstances(
        { client: rds },
        { DBInstanceIdentifier: instance },
      )) {
        page.DBInstances?.forEach(add);
      }
    } catch (error) {
      failures.push({
        region,
        instance,
        error: toArchiverError(error, {
          operation: "DescribeDBInstances",
          iamAction: "rds:DescribeDBInstances",
          resource: `instance ${instance} in ${region}`,
        }),
      });
    }
  }
  const instances = [...found.values()].sort((a, b) => (a.instance < b.instance ? -1 : 1));
  return { instances, failures };
}

/** One log file as RDS lists it. */
export interface ListedLogFile {
  name: string;
  size: number;
  /** Epoch milliseconds. */
  lastWritten: number;
}

/** Every log file of an instance, across all pages of DescribeDBLogFiles. */
export async function listLogFiles(rds: RDSClient, instance: DiscoveredInstance): Promise<ListedLogFile[]> {
  const files: ListedLogFile[] = [];
  try {
    for await (const page of paginateDescribeDBLogFiles(
      { client: rds },
      { DBInstanceIdentifier: instance.instance },
    )) {
      for (const f of page.DescribeDBLogFiles ?? []) {
        if (f.LogFileName === undefined) continue;
        files.push({ name: f.LogFileName, size: f.Size ?? 0, lastWritten: f.LastWritten ?? 0 });
      }
    }
  } catch (error) {
    throw toArchiverError(error, {
      operation: "DescribeDBLogFiles",
      iamAction: "rds:DescribeDBLogFiles",
      resource: `instance ${instance.instance} in ${instance.region}`,
    });
  }
  return files;
}
