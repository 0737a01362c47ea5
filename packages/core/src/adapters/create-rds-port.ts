import {
  type DBCluster,
  type DBInstance,
  paginateDescribeDBClusters,
  paginateDescribeDBInstances,
  paginateDescribeDBLogFiles,
} from "@aws-sdk/client-rds";
import type {
  ListedLogFile,
  RdsClusterRecord,
  RdsInstanceRecord,
  RdsPort,
  RdsPortTarget,
} from "../rds/rds-port.js";
import { toArchiverError } from "./aws-errors.js";
import { createRdsClient } from "./create-rds-client.js";
import { downloadLogFile } from "./download-log-file.js";

/**
 * The {@link RdsPort} on the AWS SDK: one RDS client for the target's region and role (adaptive
 * retries, the SDK's endpoint and credential chains), every list call paged to its end, and SDK
 * errors translated where they happen, naming the operation, the resource and the IAM action.
 */
export function createRdsPort(target: RdsPortTarget): RdsPort {
  const rds = createRdsClient(target);
  const { region } = target;
  const where = (kind: string, id: string | undefined) =>
    id === undefined ? `every ${kind} in ${region}` : `${kind} ${id} in ${region}`;

  return {
    region,

    async listInstances(filter = {}) {
      const records: RdsInstanceRecord[] = [];
      try {
        const input = filter.id === undefined ? {} : { DBInstanceIdentifier: filter.id };
        for await (const page of paginateDescribeDBInstances({ client: rds }, input)) {
          for (const instance of page.DBInstances ?? []) {
            const record = toInstanceRecord(instance);
            if (record) records.push(record);
          }
        }
      } catch (error) {
        throw toArchiverError(error, {
          operation: "DescribeDBInstances",
          iamAction: "rds:DescribeDBInstances",
          resource: where("instance", filter.id),
        });
      }
      return records;
    },

    async listClusters(filter = {}) {
      const records: RdsClusterRecord[] = [];
      try {
        const input = filter.id === undefined ? {} : { DBClusterIdentifier: filter.id };
        for await (const page of paginateDescribeDBClusters({ client: rds }, input)) {
          for (const cluster of page.DBClusters ?? []) {
            if (cluster.DBClusterIdentifier === undefined) continue;
            records.push({
              id: cluster.DBClusterIdentifier,
              engine: cluster.Engine ?? "unknown",
              members: (cluster.DBClusterMembers ?? []).flatMap((m) =>
                m.DBInstanceIdentifier === undefined ? [] : [m.DBInstanceIdentifier],
              ),
              ...(cluster.DbClusterResourceId === undefined
                ? {}
                : { resourceId: cluster.DbClusterResourceId }),
              ...toActivityStream(cluster),
            });
          }
        }
      } catch (error) {
        throw toArchiverError(error, {
          operation: "DescribeDBClusters",
          iamAction: "rds:DescribeDBClusters",
          resource: where("cluster", filter.id),
        });
      }
      return records;
    },

    async listLogFiles(instance) {
      const files: ListedLogFile[] = [];
      try {
        for await (const page of paginateDescribeDBLogFiles(
          { client: rds },
          { DBInstanceIdentifier: instance },
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
          resource: `instance ${instance} in ${region}`,
        });
      }
      return files;
    },

    downloadLogFile: (instance, logFileName) => downloadLogFile(rds, { region, instance, logFileName }),
  };
}

function toInstanceRecord(instance: DBInstance): RdsInstanceRecord | undefined {
  if (instance.DBInstanceIdentifier === undefined) return undefined;
  return {
    id: instance.DBInstanceIdentifier,
    engine: instance.Engine ?? "unknown",
    ...(instance.DBClusterIdentifier === undefined ? {} : { cluster: instance.DBClusterIdentifier }),
    ...(instance.DbiResourceId === undefined ? {} : { resourceId: instance.DbiResourceId }),
    ...toActivityStream(instance),
  };
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
