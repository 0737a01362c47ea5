import { createHash } from "node:crypto";
import { renderActivityStream } from "./activity-stream-fields.js";
import { clusterNotFound, instanceNotFound, invalidParameter } from "./emulator-error.js";
import type { ClusterSpec, FleetSpec, InstanceSpec } from "./fleet.js";
import { paginate } from "./paginate.js";
import { type QueryParams, readMaxRecords } from "./query-params.js";
import { element, leaf, type XmlNode } from "./xml.js";

/** What the describe operations need to know besides the request. */
export interface DescribeContext {
  spec: FleetSpec;
  region: string;
  accountId: string;
  pageSize: number | undefined;
  now: () => Date;
}

export const DEFAULT_ENGINE_VERSIONS: Record<string, string> = {
  "aurora-postgresql": "15.4",
  "aurora-mysql": "8.0.mysql_aurora.3.05.2",
  postgres: "15.5",
  mysql: "8.0.35",
  mariadb: "10.11.6",
  neptune: "1.3.0.0",
  docdb: "5.0.0",
};

/** The last part of an ARN, or the identifier itself; RDS accepts either and ignores case. */
export const toIdentifier = (value: string) => (value.split(":").at(-1) ?? value).toLowerCase();

/** A stable resource id in the shape RDS uses (`db-…`, `cluster-…`), derived from the identifier. */
export function resourceIdOf(prefix: "db" | "cluster", id: string): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const digest = createHash("sha256").update(`${prefix}:${id}`).digest();
  let out = "";
  for (let i = 0; i < 26; i++) out += alphabet[(digest[i] as number) % 32];
  return `${prefix}-${out}`;
}

/** The instance's `DbiResourceId`: the fleet's `resourceId`, or one derived from the identifier. */
export const instanceResourceId = (n: InstanceSpec) => n.resourceId ?? resourceIdOf("db", n.id);

/** The cluster's `DbClusterResourceId`: the fleet's `resourceId`, or one derived from the identifier. */
export const clusterResourceId = (c: ClusterSpec) => c.resourceId ?? resourceIdOf("cluster", c.id);

export function tagList(tags: Record<string, string> | undefined): XmlNode {
  const entries = Object.entries(tags ?? {});
  return element("TagList", ...entries.map(([k, v]) => element("Tag", leaf("Key", k), leaf("Value", v))));
}

export function pageSizeOf(context: DescribeContext, params: QueryParams): number {
  const requested = readMaxRecords(params);
  return context.pageSize === undefined ? requested : Math.min(requested, context.pageSize);
}

export function applyFilters<T>(
  items: T[],
  params: QueryParams,
  fields: Record<string, (item: T) => string | undefined>,
): T[] {
  let result = items;
  for (const filter of params.filters()) {
    const field = fields[filter.name];
    if (!field) throw invalidParameter(`Unrecognized filter name: ${filter.name}`);
    result = result.filter((item) => filter.values.includes(field(item) ?? ""));
  }
  return result;
}

export function describeDBInstances(context: DescribeContext, params: QueryParams): XmlNode {
  const wanted = params.string("DBInstanceIdentifier");
  let instances = [...context.spec.instances].sort((a, b) => (a.id < b.id ? -1 : 1));
  if (wanted !== undefined) {
    instances = instances.filter((n) => n.id.toLowerCase() === toIdentifier(wanted));
    if (instances.length === 0) throw instanceNotFound(wanted);
  }
  instances = applyFilters(instances, params, {
    "db-cluster-id": (n) => n.cluster,
    "db-instance-id": (n) => n.id,
    "dbi-resource-id": (n) => instanceResourceId(n),
    engine: (n) => n.engine,
  });
  const { page, nextMarker } = paginate(
    instances,
    (n) => n.id,
    params.string("Marker"),
    pageSizeOf(context, params),
  );
  return element("DBInstances", ...page.map((n) => renderInstance(context, n))).concat(
    leaf("Marker", nextMarker) ?? "",
  );
}

function renderInstance(context: DescribeContext, n: InstanceSpec): XmlNode {
  return element(
    "DBInstance",
    leaf("DBInstanceIdentifier", n.id),
    leaf("DBInstanceClass", "db.r6g.large"),
    leaf("Engine", n.engine),
    leaf("EngineVersion", n.engineVersion ?? DEFAULT_ENGINE_VERSIONS[n.engine] ?? "1.0"),
    leaf("DBInstanceStatus", "available"),
    leaf("DBClusterIdentifier", n.cluster),
    leaf("DbiResourceId", instanceResourceId(n)),
    leaf("DBInstanceArn", `arn:aws:rds:${context.region}:${context.accountId}:db:${n.id}`),
    leaf("AvailabilityZone", `${context.region}a`),
    leaf("MultiAZ", false),
    tagList(n.tags),
    renderActivityStream(n.activityStream, instanceResourceId(n), "instance"),
  );
}

export function describeDBClusters(context: DescribeContext, params: QueryParams): XmlNode {
  const wanted = params.string("DBClusterIdentifier");
  let clusters = [...context.spec.clusters].sort((a, b) => (a.id < b.id ? -1 : 1));
  if (wanted !== undefined) {
    clusters = clusters.filter((c) => c.id.toLowerCase() === toIdentifier(wanted));
    if (clusters.length === 0) throw clusterNotFound(wanted);
  }
  clusters = applyFilters(clusters, params, {
    "db-cluster-id": (c) => c.id,
    "db-cluster-resource-id": (c) => clusterResourceId(c),
    engine: (c) => c.engine,
  });
  const { page, nextMarker } = paginate(
    clusters,
    (c) => c.id,
    params.string("Marker"),
    pageSizeOf(context, params),
  );
  return element("DBClusters", ...page.map((c) => renderCluster(context, c))).concat(
    leaf("Marker", nextMarker) ?? "",
  );
}

function renderCluster(context: DescribeContext, c: ClusterSpec): XmlNode {
  return element(
    "DBCluster",
    leaf("DBClusterIdentifier", c.id),
    leaf("DbClusterResourceId", clusterResourceId(c)),
    leaf("DBClusterArn", `arn:aws:rds:${context.region}:${context.accountId}:cluster:${c.id}`),
    leaf("Engine", c.engine),
    leaf("EngineVersion", c.engineVersion ?? DEFAULT_ENGINE_VERSIONS[c.engine] ?? "1.0"),
    leaf("EngineMode", "provisioned"),
    leaf("Status", "available"),
    element(
      "DBClusterMembers",
      ...c.members.map((id, i) =>
        element(
          "DBClusterMember",
          leaf("DBInstanceIdentifier", id),
          leaf("IsClusterWriter", i === 0),
          leaf("DBClusterParameterGroupStatus", "in-sync"),
          leaf("PromotionTier", 1),
        ),
      ),
    ),
    tagList(c.tags),
    renderActivityStream(c.activityStream, clusterResourceId(c), "cluster"),
  );
}
