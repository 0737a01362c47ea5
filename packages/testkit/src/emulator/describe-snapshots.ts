import {
  applyFilters,
  clusterResourceId,
  DEFAULT_ENGINE_VERSIONS,
  type DescribeContext,
  instanceResourceId,
  pageSizeOf,
  resourceIdOf,
  toIdentifier,
} from "./describe-resources.js";
import { EmulatorError } from "./emulator-error.js";
import type { ClusterSnapshotSpec, DBSnapshotSpec } from "./fleet-snapshots.js";
import { paginate } from "./paginate.js";
import type { QueryParams } from "./query-params.js";
import { element, leaf, type XmlNode } from "./xml.js";

/**
 * A snapshot identifier or ARN, lower-cased. Automated snapshot ids hold a colon themselves
 * (`rds:orders-2026-11-20-03-10`), so only an ARN's first six fields are cut off.
 */
const snapshotIdOf = (value: string) =>
  (value.startsWith("arn:") ? value.split(":").slice(6).join(":") : value).toLowerCase();

/** When a fleet does not say when a snapshot was taken. */
const DEFAULT_CREATED_AT = "2026-11-20T03:10:00.000Z";

/** How one of the two snapshot listings names its parameters, its owner and its error. */
interface SnapshotListing<T extends { id: string; type?: string }> {
  all: readonly T[];
  idParam: string;
  ownerParam: string;
  ownerOf: (snapshot: T) => string;
  notFound: (id: string) => EmulatorError;
  filters: Record<string, (snapshot: T) => string | undefined>;
  listElement: string;
  render: (snapshot: T) => XmlNode;
}

/** The shared shape of both: by id (404 when absent), by owner, by type, `Filters`, marker paging. */
function describeSnapshots<T extends { id: string; type?: string }>(
  context: DescribeContext,
  params: QueryParams,
  listing: SnapshotListing<T>,
): XmlNode {
  const wanted = params.string(listing.idParam);
  const owner = params.string(listing.ownerParam);
  const type = params.string("SnapshotType");
  let snapshots = [...listing.all].sort((a, b) => (a.id < b.id ? -1 : 1));
  if (wanted !== undefined) {
    snapshots = snapshots.filter((s) => s.id.toLowerCase() === snapshotIdOf(wanted));
    if (snapshots.length === 0) throw listing.notFound(wanted);
  }
  if (owner !== undefined)
    snapshots = snapshots.filter((s) => listing.ownerOf(s).toLowerCase() === toIdentifier(owner));
  if (type !== undefined) snapshots = snapshots.filter((s) => (s.type ?? "manual") === type);
  snapshots = applyFilters(snapshots, params, {
    ...listing.filters,
    "snapshot-type": (s) => s.type ?? "manual",
  });
  const { page, nextMarker } = paginate(
    snapshots,
    (s) => s.id,
    params.string("Marker"),
    pageSizeOf(context, params),
  );
  return element(listing.listElement, ...page.map(listing.render)).concat(leaf("Marker", nextMarker) ?? "");
}

/**
 * DescribeDBClusterSnapshots: which cluster each snapshot belongs to (`DBClusterIdentifier`),
 * so that a `db-cluster-snapshot` event can be mapped to its cluster without cutting the
 * snapshot's name apart. Also the snapshots of clusters deleted since.
 */
export function describeDBClusterSnapshots(context: DescribeContext, params: QueryParams): XmlNode {
  return describeSnapshots(context, params, {
    all: context.spec.clusterSnapshots,
    idParam: "DBClusterSnapshotIdentifier",
    ownerParam: "DBClusterIdentifier",
    ownerOf: (s) => s.cluster,
    notFound: (id) =>
      new EmulatorError("DBClusterSnapshotNotFoundFault", 404, `DBClusterSnapshot ${id} not found.`),
    filters: {
      "db-cluster-id": (s) => s.cluster,
      "db-cluster-snapshot-id": (s) => s.id,
      engine: (s) => clusterEngine(context, s),
    },
    listElement: "DBClusterSnapshots",
    render: (s) => renderClusterSnapshot(context, s),
  });
}

/** DescribeDBSnapshots: which instance each `db-snapshot` belongs to (`DBInstanceIdentifier`). */
export function describeDBSnapshots(context: DescribeContext, params: QueryParams): XmlNode {
  return describeSnapshots(context, params, {
    all: context.spec.dbSnapshots,
    idParam: "DBSnapshotIdentifier",
    ownerParam: "DBInstanceIdentifier",
    ownerOf: (s) => s.instance,
    notFound: (id) => new EmulatorError("DBSnapshotNotFound", 404, `DBSnapshot ${id} not found.`),
    filters: {
      "db-instance-id": (s) => s.instance,
      "db-snapshot-id": (s) => s.id,
      "dbi-resource-id": (s) => dbiResourceIdOf(context, s),
      engine: (s) => instanceEngine(context, s),
    },
    listElement: "DBSnapshots",
    render: (s) => renderDBSnapshot(context, s),
  });
}

const clusterOf = (context: DescribeContext, s: ClusterSnapshotSpec) =>
  context.spec.clusters.find((c) => c.id === s.cluster);
const instanceOf = (context: DescribeContext, s: DBSnapshotSpec) =>
  context.spec.instances.find((n) => n.id === s.instance);
const clusterEngine = (context: DescribeContext, s: ClusterSnapshotSpec) =>
  s.engine ?? clusterOf(context, s)?.engine ?? "aurora-postgresql";
const instanceEngine = (context: DescribeContext, s: DBSnapshotSpec) =>
  s.engine ?? instanceOf(context, s)?.engine ?? "postgres";
const dbiResourceIdOf = (context: DescribeContext, s: DBSnapshotSpec) => {
  const instance = instanceOf(context, s);
  return instance ? instanceResourceId(instance) : resourceIdOf("db", s.instance);
};

function renderClusterSnapshot(context: DescribeContext, s: ClusterSnapshotSpec): XmlNode {
  const cluster = clusterOf(context, s);
  const engine = clusterEngine(context, s);
  return element(
    "DBClusterSnapshot",
    leaf("DBClusterSnapshotIdentifier", s.id),
    leaf("DBClusterIdentifier", s.cluster),
    leaf("SnapshotCreateTime", s.createdAt ?? DEFAULT_CREATED_AT),
    leaf("Engine", engine),
    leaf("EngineMode", "provisioned"),
    leaf("EngineVersion", cluster?.engineVersion ?? DEFAULT_ENGINE_VERSIONS[engine] ?? "1.0"),
    leaf("Status", "available"),
    leaf("SnapshotType", s.type ?? "manual"),
    leaf("PercentProgress", 100),
    leaf("StorageEncrypted", true),
    leaf(
      "DBClusterSnapshotArn",
      `arn:aws:rds:${context.region}:${context.accountId}:cluster-snapshot:${s.id}`,
    ),
    leaf("DbClusterResourceId", cluster ? clusterResourceId(cluster) : resourceIdOf("cluster", s.cluster)),
    element("TagList"),
  );
}

function renderDBSnapshot(context: DescribeContext, s: DBSnapshotSpec): XmlNode {
  const engine = instanceEngine(context, s);
  return element(
    "DBSnapshot",
    leaf("DBSnapshotIdentifier", s.id),
    leaf("DBInstanceIdentifier", s.instance),
    leaf("SnapshotCreateTime", s.createdAt ?? DEFAULT_CREATED_AT),
    leaf("Engine", engine),
    leaf("EngineVersion", instanceOf(context, s)?.engineVersion ?? DEFAULT_ENGINE_VERSIONS[engine] ?? "1.0"),
    leaf("Status", "available"),
    leaf("SnapshotType", s.type ?? "manual"),
    leaf("PercentProgress", 100),
    leaf("Encrypted", true),
    leaf("DBSnapshotArn", `arn:aws:rds:${context.region}:${context.accountId}:snapshot:${s.id}`),
    leaf("DbiResourceId", dbiResourceIdOf(context, s)),
    element("TagList"),
  );
}
