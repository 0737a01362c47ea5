/**
 * The RDS side of the engine, as a port: what every source asks of RDS, in plain records. The
 * SDK implements it in `adapters/create-rds-port.ts`; tests may hand a source any other
 * implementation. Like the destination's `ObjectStore`, a port throws only `ArchiverError`s, so
 * no code outside the adapters ever sees an SDK error.
 */
import type { Readable } from "node:stream";
import type { RequestPacer } from "./adaptive-rate-limiter.js";

/** One DB instance as DescribeDBInstances lists it, reduced to what the sources use. */
export interface RdsInstanceRecord {
  id: string;
  engine: string;
  /** The cluster the instance belongs to (Aurora, Multi-AZ DB clusters). */
  cluster?: string;
  /** `DbiResourceId` (`db-…`). */
  resourceId?: string;
  /**
   * The instance's own tags, key to value: DescribeDBInstances returns each instance's TagList,
   * so a tag filter costs no ListTagsForResource call per instance.
   */
  tags?: Readonly<Record<string, string>>;
  /** The instance's own Database Activity Stream (RDS for Oracle and SQL Server). */
  activityStream?: ActivityStreamRecord;
}

/** One DB cluster as DescribeDBClusters lists it, reduced to what the sources use. */
export interface RdsClusterRecord {
  id: string;
  engine: string;
  /** Member instance ids, writer and readers. */
  members: string[];
  /** `DbClusterResourceId` (`cluster-…`). */
  resourceId?: string;
  /** The cluster's Database Activity Stream (Aurora). */
  activityStream?: ActivityStreamRecord;
}

/** The `ActivityStream*` members of a cluster or instance. */
export interface ActivityStreamRecord {
  /** `stopped`, `starting`, `started` or `stopping`. */
  status: string;
  /** `aws-rds-das-<resource id>`; absent while stopped. */
  kinesisStreamName?: string;
  /** The KMS key the records' data keys are encrypted with, as given to StartActivityStream. */
  kmsKeyId?: string;
}

/** One log file as DescribeDBLogFiles lists it. */
export interface ListedLogFile {
  name: string;
  size: number;
  /** Epoch milliseconds. */
  lastWritten: number;
}

/**
 * One RDS event as DescribeEvents returns it: exactly these six fields, and no event id. Events
 * are best-effort: they can arrive minutes late and out of order (RDS User Guide, "Working with
 * Amazon RDS event notification").
 */
export interface RdsEventRecord {
  sourceIdentifier: string;
  /** `db-instance`, `db-cluster`, `db-cluster-snapshot`, `db-snapshot`, `db-parameter-group`, … */
  sourceType: string;
  /** Absent in some answers (the API reference's own example has none). */
  sourceArn?: string;
  message: string;
  categories: string[];
  /** Epoch milliseconds. */
  date: number;
}

/** A snapshot and the cluster or instance it was taken of, so its events can be attributed. */
export interface RdsSnapshotRecord {
  id: string;
  /** The DB cluster id (cluster snapshots) or DB instance id (DB snapshots). */
  owner: string;
}

/** RDS in one region, with one set of credentials (a config target's role, or the default chain). */
export interface RdsPort {
  readonly region: string;
  /**
   * Every instance in the region, or the one named, or the members of one cluster (DescribeDBInstances
   * filtered on db-cluster-id: one listing, their tags included); every page.
   */
  listInstances(filter?: { id?: string; cluster?: string }): Promise<RdsInstanceRecord[]>;
  /** Every cluster in the region, or the one named; every page. */
  listClusters(filter?: { id?: string }): Promise<RdsClusterRecord[]>;
  /**
   * Every log file of an instance, across all pages of DescribeDBLogFiles; with
   * `filenameContains`, only those whose name contains it (one small call, to re-check a few files).
   */
  listLogFiles(instance: string, filter?: { filenameContains?: string }): Promise<ListedLogFile[]>;
  /**
   * The whole log file as it is on the instance now, through the REST endpoint: a byte stream
   * that errors (with an `ArchiverError`) if the connection breaks. `LOG_FILE_GONE` when RDS no
   * longer has the file.
   */
  downloadLogFile(instance: string, logFileName: string): Promise<Readable>;
  /** Every event of the region whose Date lies in [start, end], across all pages of DescribeEvents. */
  listEvents(window: { start: Date; end: Date }): Promise<RdsEventRecord[]>;
  /** The automated and manual snapshots of one cluster (or of every cluster in the region). */
  listClusterSnapshots(filter?: { cluster?: string }): Promise<RdsSnapshotRecord[]>;
  /** The automated and manual snapshots of one instance (or of every instance in the region). */
  listDbSnapshots(filter?: { instance?: string }): Promise<RdsSnapshotRecord[]>;
}

/**
 * The region and credentials a port is for: a config target's; how long its calls may take; and
 * the pacing it shares with the other ports of its account and region.
 */
export interface RdsPortTarget {
  region: string;
  /** Paces every request of the port; see adaptive-rate-limiter.ts. Without it, only the SDK's retries slow down. */
  pacer?: RequestPacer;
  roleArn?: string;
  /** Milliseconds; see adapters/network-timeouts.ts. The defaults when absent. */
  timeouts?: { connect: number; idle: number; total: number };
  /** How the session of `roleArn` is named (CloudTrail shows it) and proved (`sts:ExternalId`). */
  session?: { sessionName?: string | undefined; externalId?: string | undefined };
}

/** Builds the port for a target; `archive` and the other sources take one to inject. */
export type CreateRdsPort = (target: RdsPortTarget) => RdsPort;
