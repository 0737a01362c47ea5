import { createHash } from "node:crypto";
import { clusterNotFound, EmulatorError, instanceNotFound, invalidParameter } from "./emulator-error.js";
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

const DEFAULT_ENGINE_VERSIONS: Record<string, string> = {
  "aurora-postgresql": "15.4",
  "aurora-mysql": "8.0.mysql_aurora.3.05.2",
  postgres: "15.5",
  mysql: "8.0.35",
  mariadb: "10.11.6",
  neptune: "1.3.0.0",
  docdb: "5.0.0",
};

/** The last part of an ARN, or the identifier itself; RDS accepts either and ignores case. */
const toIdentifier = (value: string) => (value.split(":").at(-1) ?? value).toLowerCase();

/** A stable resource id in the shape RDS uses (`db-…`, `cluster-…`), derived from the identifier. */
export function resourceIdOf(prefix: "db" | "cluster", id: string): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const digest = createHash("sha256").update(`${prefix}:${id}`).digest();
  let out = "";
  for (let i = 0; i < 26; i++) out += alphabet[(digest[i] as number) % 32];
  return `${prefix}-${out}`;
}

export function tagList(tags: Record<string, string> | undefined): XmlNode {
  const entries = Object.entries(tags ?? {});
  return element("TagList", ...entries.map(([k, v]) => element("Tag", leaf("Key", k), leaf("Value", v))));
}

function pageSizeOf(context: DescribeContext, params: QueryParams): number {
  const requested = readMaxRecords(params);
  return context.pageSize === undefined ? requested : Math.min(requested, context.pageSize);
}

function applyFilters<T>(
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
    "dbi-resource-id": (n) => resourceIdOf("db", n.id),
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
    leaf("DbiResourceId", resourceIdOf("db", n.id)),
    leaf("DBInstanceArn", `arn:aws:rds:${context.region}:${context.accountId}:db:${n.id}`),
    leaf("AvailabilityZone", `${context.region}a`),
    leaf("MultiAZ", false),
    tagList(n.tags),
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
    "db-cluster-resource-id": (c) => resourceIdOf("cluster", c.id),
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
    leaf("DbClusterResourceId", resourceIdOf("cluster", c.id)),
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
    leaf("ActivityStreamStatus", "stopped"),
  );
}

const EVENT_RETENTION_MS = 14 * 24 * 3600 * 1000;

export function describeEvents(context: DescribeContext, params: QueryParams): XmlNode {
  const sourceIdentifier = params.string("SourceIdentifier");
  const sourceType = params.string("SourceType");
  if (sourceIdentifier !== undefined && sourceType === undefined) {
    throw new EmulatorError(
      "InvalidParameterCombination",
      400,
      "Cannot specify source identifier without source type",
    );
  }
  const now = context.now();
  const end = params.timestamp("EndTime") ?? now;
  const duration = params.integer("Duration");
  const start = params.timestamp("StartTime") ?? new Date(end.getTime() - (duration ?? 60) * 60_000);
  const oldest = now.getTime() - EVENT_RETENTION_MS;
  const categories = params.list("EventCategories.EventCategory");
  const events = context.spec.events
    .map((e, index) => ({ ...e, at: Date.parse(e.date), index }))
    .filter((e) => e.at >= Math.max(start.getTime(), oldest) && e.at <= end.getTime())
    .filter((e) => sourceIdentifier === undefined || e.sourceIdentifier === sourceIdentifier)
    .filter((e) => sourceType === undefined || e.sourceType === sourceType)
    .filter((e) => categories.length === 0 || (e.categories ?? []).some((c) => categories.includes(c)))
    .sort((a, b) => a.at - b.at || a.index - b.index);
  const keyOf = (e: (typeof events)[number]) =>
    `${String(e.at).padStart(15, "0")}:${String(e.index).padStart(9, "0")}`;
  const { page, nextMarker } = paginate(events, keyOf, params.string("Marker"), pageSizeOf(context, params));
  return element(
    "Events",
    ...page.map((e) =>
      element(
        "Event",
        leaf("SourceIdentifier", e.sourceIdentifier),
        leaf("SourceType", e.sourceType),
        leaf("Message", e.message),
        element("EventCategories", ...(e.categories ?? []).map((c) => leaf("EventCategory", c))),
        leaf("Date", new Date(e.at).toISOString()),
        leaf("SourceArn", sourceArnOf(context, e.sourceType, e.sourceIdentifier)),
      ),
    ),
  ).concat(leaf("Marker", nextMarker) ?? "");
}

const ARN_RESOURCE_TYPES: Record<string, string> = {
  "db-instance": "db",
  "db-cluster": "cluster",
  "db-snapshot": "snapshot",
  "db-cluster-snapshot": "cluster-snapshot",
  "db-parameter-group": "pg",
};

function sourceArnOf(context: DescribeContext, sourceType: string, id: string): string {
  return `arn:aws:rds:${context.region}:${context.accountId}:${ARN_RESOURCE_TYPES[sourceType] ?? sourceType}:${id}`;
}
