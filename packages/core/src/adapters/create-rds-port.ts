import {
  type DBCluster,
  type DBInstance,
  paginateDescribeDBClusterSnapshots,
  paginateDescribeDBClusters,
  paginateDescribeDBInstances,
  paginateDescribeDBLogFiles,
  paginateDescribeDBSnapshots,
  paginateDescribeEvents,
} from "@aws-sdk/client-rds";
import type { RdsClusterRecord, RdsInstanceRecord, RdsPort, RdsPortTarget } from "../rds/rds-port.js";
import { toArchiverError } from "./aws-errors.js";
import { createRdsClient } from "./create-rds-client.js";
import { downloadLogFile } from "./download-log-file.js";

/**
 * The {@link RdsPort} on the AWS SDK: one RDS client for the target's region and role (adaptive
 * retries, the SDK's endpoint and credential chains), every list call paged to its end, and SDK
 * errors translated where they happen, naming the operation, the resource and the IAM action.
 * With `target.pacer`, every request, REST downloads too, is paced by it.
 */
export function createRdsPort(target: RdsPortTarget): RdsPort {
  const client = createRdsClient(target);
  const { region } = target;
  const where = (kind: string, id: string | undefined) =>
    id === undefined ? `every ${kind} in ${region}` : `${kind} ${id} in ${region}`;
  const paged = { client };

  return {
    region,

    listInstances: (filter = {}) =>
      collect(
        paginateDescribeDBInstances(paged, {
          ...(filter.id === undefined ? {} : { DBInstanceIdentifier: filter.id }),
          ...(filter.cluster === undefined
            ? {}
            : { Filters: [{ Name: "db-cluster-id", Values: [filter.cluster] }] }),
        }),
        (page) => (page.DBInstances ?? []).flatMap(toInstanceRecord),
        {
          operation: "DescribeDBInstances",
          resource:
            filter.cluster === undefined
              ? where("instance", filter.id)
              : `the instances of cluster ${filter.cluster} in ${region}`,
        },
      ),

    listClusters: (filter = {}) =>
      collect(
        paginateDescribeDBClusters(paged, filter.id === undefined ? {} : { DBClusterIdentifier: filter.id }),
        (page) =>
          (page.DBClusters ?? []).flatMap((cluster) =>
            cluster.DBClusterIdentifier === undefined
              ? []
              : [
                  {
                    id: cluster.DBClusterIdentifier,
                    engine: cluster.Engine ?? "unknown",
                    members: (cluster.DBClusterMembers ?? []).flatMap((m) =>
                      m.DBInstanceIdentifier === undefined ? [] : [m.DBInstanceIdentifier],
                    ),
                    ...(cluster.DbClusterResourceId === undefined
                      ? {}
                      : { resourceId: cluster.DbClusterResourceId }),
                    ...toActivityStream(cluster),
                  },
                ],
          ),
        { operation: "DescribeDBClusters", resource: where("cluster", filter.id) },
      ),

    listLogFiles: (instance, filter = {}) =>
      collect(
        paginateDescribeDBLogFiles(paged, {
          DBInstanceIdentifier: instance,
          ...(filter.filenameContains === undefined ? {} : { FilenameContains: filter.filenameContains }),
        }),
        (page) =>
          (page.DescribeDBLogFiles ?? []).flatMap((f) =>
            f.LogFileName === undefined
              ? []
              : [{ name: f.LogFileName, size: f.Size ?? 0, lastWritten: f.LastWritten ?? 0 }],
          ),
        { operation: "DescribeDBLogFiles", resource: `instance ${instance} in ${region}` },
      ),

    downloadLogFile: (instance, logFileName) =>
      downloadLogFile(client, { region, instance, logFileName }, target.timeouts, target.pacer),

    listEvents: ({ start, end }) =>
      collect(
        // 100 is the largest page DescribeEvents serves; without StartTime it answers the last hour only.
        paginateDescribeEvents(paged, { StartTime: start, EndTime: end, MaxRecords: 100 }),
        (page) =>
          (page.Events ?? []).flatMap((e) =>
            e.SourceIdentifier === undefined || e.SourceType === undefined || e.Date === undefined
              ? []
              : [
                  {
                    sourceIdentifier: e.SourceIdentifier,
                    sourceType: e.SourceType,
                    ...(e.SourceArn === undefined ? {} : { sourceArn: e.SourceArn }),
                    message: e.Message ?? "",
                    categories: e.EventCategories ?? [],
                    date: e.Date.getTime(),
                  },
                ],
          ),
        { operation: "DescribeEvents", resource: `the events of ${region}` },
      ),

    listClusterSnapshots: (filter = {}) =>
      collect(
        paginateDescribeDBClusterSnapshots(
          paged,
          filter.cluster === undefined ? {} : { DBClusterIdentifier: filter.cluster },
        ),
        (page) =>
          (page.DBClusterSnapshots ?? []).flatMap((s) =>
            s.DBClusterSnapshotIdentifier === undefined || s.DBClusterIdentifier === undefined
              ? []
              : [{ id: s.DBClusterSnapshotIdentifier, owner: s.DBClusterIdentifier }],
          ),
        {
          operation: "DescribeDBClusterSnapshots",
          resource: `the snapshots of ${where("cluster", filter.cluster)}`,
        },
      ),

    listDbSnapshots: (filter = {}) =>
      collect(
        paginateDescribeDBSnapshots(
          paged,
          filter.instance === undefined ? {} : { DBInstanceIdentifier: filter.instance },
        ),
        (page) =>
          (page.DBSnapshots ?? []).flatMap((s) =>
            s.DBSnapshotIdentifier === undefined || s.DBInstanceIdentifier === undefined
              ? []
              : [{ id: s.DBSnapshotIdentifier, owner: s.DBInstanceIdentifier }],
          ),
        {
          operation: "DescribeDBSnapshots",
          resource: `the snapshots of ${where("instance", filter.instance)}`,
        },
      ),
  };
}

/**
 * Every record of every page, or an `ArchiverError` naming the operation, its resource and the
 * IAM action (`rds:<operation>`) when a page fails.
 */
async function collect<Page, T>(
  pages: AsyncIterable<Page>,
  records: (page: Page) => T[],
  call: { operation: string; resource: string },
): Promise<T[]> {
  const all: T[] = [];
  try {
    for await (const page of pages) all.push(...records(page));
  } catch (error) {
    throw toArchiverError(error, { ...call, iamAction: `rds:${call.operation}` });
  }
  return all;
}

function toInstanceRecord(instance: DBInstance): RdsInstanceRecord[] {
  if (instance.DBInstanceIdentifier === undefined) return [];
  return [
    {
      id: instance.DBInstanceIdentifier,
      engine: instance.Engine ?? "unknown",
      ...(instance.DBClusterIdentifier === undefined ? {} : { cluster: instance.DBClusterIdentifier }),
      ...(instance.DbiResourceId === undefined ? {} : { resourceId: instance.DbiResourceId }),
      // DescribeDBInstances carries each instance's TagList: no ListTagsForResource per instance.
      tags: Object.fromEntries(
        (instance.TagList ?? []).flatMap((tag) =>
          tag.Key === undefined ? [] : [[tag.Key, tag.Value ?? ""]],
        ),
      ),
      ...toActivityStream(instance),
    },
  ];
}

/** The `ActivityStream*` members, when RDS reports a status. */
function toActivityStream(resource: DBCluster | DBInstance): Pick<RdsClusterRecord, "activityStream"> {
  if (resource.ActivityStreamStatus === undefined) return {};
  return {
    activityStream: {
      status: resource.ActivityStreamStatus,
      ...(resource.ActivityStreamKinesisStreamName === undefined
        ? {}
        : { kinesisStreamName: resource.ActivityStreamKinesisStreamName }),
      ...(resource.ActivityStreamKmsKeyId === undefined ? {} : { kmsKeyId: resource.ActivityStreamKmsKeyId }),
    },
  };
}
