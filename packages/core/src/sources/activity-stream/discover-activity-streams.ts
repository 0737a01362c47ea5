import type { ArchiveConfig, ArchiveTarget, ConfigIssue } from "../../config/parse-config.js";
import { hasTagFilter } from "../../config/tag-filter.js";
import { ArchiverError, isArchiverError } from "../../errors.js";
import { createPacedPorts } from "../../rds/create-paced-ports.js";
import type { TargetFailure } from "../../rds/list-targets.js";
import type {
  ActivityStreamRecord,
  CreateRdsPort,
  RdsClusterRecord,
  RdsInstanceRecord,
} from "../../rds/rds-port.js";
import type { StreamPlace } from "./render-activity-key.js";

/** A Database Activity Stream to archive, as DescribeDBClusters / DescribeDBInstances report it. */
export interface ActivityStreamTarget {
  target: ArchiveTarget;
  /** Aurora streams belong to a cluster, RDS for Oracle and SQL Server streams to an instance. */
  kind: "cluster" | "instance";
  /** The cluster or instance identifier. */
  id: string;
  engine: string;
  /** `DbClusterResourceId` or `DbiResourceId`: the stream is named after it, its state too. */
  resourceId: string;
  streamName: string;
  kmsKeyId: string;
  /** The KMS encryption context RDS encrypts each record's data key under. */
  encryptionContext: Readonly<Record<string, string>>;
  /** Where its batches go, prefix aside. */
  place: Omit<StreamPlace, "prefix">;
}

const NOT_RDS_ENGINES = new Set(["neptune", "docdb"]);

/**
 * What the activity-stream source refuses in a config that is otherwise valid: tags. An Aurora
 * stream belongs to its cluster, so selecting it by its instances' tags (the rule of log files
 * and events) would be a different rule under the same name; streams are named by cluster or
 * instance instead. A refusal, not a silent ignore: an ignored filter would archive more than asked.
 */
export function findActivityStreamConfigIssues(config: Pick<ArchiveConfig, "targets">): ConfigIssue[] {
  return config.targets.flatMap((target, index) =>
    hasTagFilter(target.tags)
      ? [
          {
            path: ["targets", index, "tags"],
            message:
              "activity streams are selected by cluster or instance, not by tags: name them with `targets[].clusters` or `targets[].instances`",
          },
        ]
      : [],
  );
}

/**
 * Finds the activity streams the config selects: each cluster's (Aurora), each instance's (RDS for
 * Oracle and SQL Server), or with `all` every started stream in the region. A selected cluster or
 * instance whose stream is not started is a failure that says how to start it; the others go on.
 * Its RDS calls are paced per account and region as every source's are (create-paced-ports.ts).
 */
export async function discoverActivityStreams(
  config: ArchiveConfig,
  createRdsPort: CreateRdsPort,
): Promise<{ streams: ActivityStreamTarget[]; failures: TargetFailure[] }> {
  const [refused] = findActivityStreamConfigIssues(config);
  if (refused !== undefined)
    throw new ArchiverError("CONFIG_INVALID", `${refused.path.join(".")}: ${refused.message}`);
  const streams: ActivityStreamTarget[] = [];
  const failures: TargetFailure[] = [];
  const portFor = createPacedPorts(config, createRdsPort);
  for (const target of config.targets) {
    const rds = portFor(target);
    const { region } = target;
    const keep = (engine: string) =>
      !NOT_RDS_ENGINES.has(engine) && (target.engines.length === 0 || target.engines.includes(engine));
    const found = new Map<string, ActivityStreamTarget>();
    const add = (stream: ActivityStreamTarget) => found.set(`${stream.kind}/${stream.id}`, stream);
    const attempt = async (failed: Omit<TargetFailure, "error">, work: () => Promise<void>) => {
      try {
        await work();
      } catch (error) {
        if (!isArchiverError(error)) throw error;
        failures.push({ ...failed, error });
      }
    };
    if (target.all) {
      await attempt({ region }, async () => {
        for (const c of await rds.listClusters()) {
          if (keep(c.engine) && c.activityStream?.status === "started") add(streamOf(target, "cluster", c));
        }
        for (const i of await rds.listInstances()) {
          if (keep(i.engine) && i.activityStream?.status === "started") add(streamOf(target, "instance", i));
        }
      });
    }
    for (const id of target.clusters) {
      await attempt({ region, cluster: id }, async () => {
        for (const c of await rds.listClusters({ id })) {
          if (!keep(c.engine)) continue;
          requireStarted(c.activityStream, `cluster ${c.id} in ${region}`);
          add(streamOf(target, "cluster", c));
        }
      });
    }
    for (const id of target.instances) {
      await attempt({ region, instance: id }, async () => {
        for (const i of await rds.listInstances({ id })) {
          if (!keep(i.engine)) continue;
          if (i.cluster !== undefined && i.activityStream?.status !== "started") {
            throw new ArchiverError(
              "ACTIVITY_STREAM_NOT_STARTED",
              `instance ${i.id} in ${region} is a member of cluster ${i.cluster}, whose activity stream is the cluster's`,
              { hint: `archive it with --cluster ${i.cluster}` },
            );
          }
          requireStarted(i.activityStream, `instance ${i.id} in ${region}`);
          add(streamOf(target, "instance", i));
        }
      });
    }
    streams.push(...found.values());
  }
  return { streams, failures };
}

function requireStarted(stream: ActivityStreamRecord | undefined, what: string): void {
  const status = stream?.status ?? "stopped";
  if (status === "started" && stream?.kinesisStreamName && stream.kmsKeyId) return;
  throw new ArchiverError("ACTIVITY_STREAM_NOT_STARTED", `the activity stream of ${what} is ${status}`, {
    hint:
      status === "starting"
        ? "RDS is starting it; run again once DescribeDB* report it started"
        : "start it first (aws rds start-activity-stream --resource-arn ARN --kms-key-id KEY --mode async), or leave this database out",
  });
}

/**
 * The key of the KMS encryption context RDS seals each record's data key under, by what owns the
 * stream; its value is the owner's resource id. Aurora: the cluster's, under aws:rds:dbc-id (AWS's
 * DAS code examples). RDS for Oracle and SQL Server: the instance's, under aws:rds:db-id, the key
 * AWS's sample decryptor switches to for `db-` resource ids and RDS's own instance keys use.
 */
const CONTEXT_KEY = { cluster: "aws:rds:dbc-id", instance: "aws:rds:db-id" } as const;

/** The stream of a cluster or an instance, as DescribeDBClusters or DescribeDBInstances report it. */
function streamOf(
  target: ArchiveTarget,
  kind: ActivityStreamTarget["kind"],
  owner: RdsClusterRecord | RdsInstanceRecord,
): ActivityStreamTarget {
  const resourceId = owner.resourceId ?? "";
  return {
    target,
    kind,
    id: owner.id,
    engine: owner.engine,
    resourceId,
    streamName: owner.activityStream?.kinesisStreamName ?? "",
    kmsKeyId: owner.activityStream?.kmsKeyId ?? "",
    encryptionContext: { [CONTEXT_KEY[kind]]: resourceId },
    place: { cluster: owner.id, instance: owner.id, region: target.region, engine: owner.engine },
  };
}
