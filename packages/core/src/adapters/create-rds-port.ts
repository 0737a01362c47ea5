import {
  type DBInstance,
  paginateDescribeDBClusterSnapshots,
  paginateDescribeDBClusters,
  paginateDescribeDBInstances,
  paginateDescribeDBLogFiles,
  paginateDescribeDBSnapshots,
  paginateDescribeEvents,
} from "@aws-sdk/client-rds";
import type {
  ListedLogFile,
  RdsClusterRecord,
  RdsEventRecord,
  RdsInstanceRecord,
  RdsPort,
  RdsPortTarget,
  RdsSnapshotRecord,
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

    async listEvents({ start, end }) {
      const events: RdsEventRecord[] = [];
      try {
        // 100 is the largest page DescribeEvents serves; without StartTime it would answer the last hour only.
        const input = { StartTime: start, EndTime: end, MaxRecords: 100 };
        for await (const page of paginateDescribeEvents({ client: rds }, input)) {
          for (const e of page.Events ?? []) {
            if (e.SourceIdentifier === undefined || e.SourceType === undefined || e.Date === undefined)
              continue;
            events.push({
              sourceIdentifier: e.SourceIdentifier,
              sourceType: e.SourceType,
              ...(e.SourceArn === undefined ? {} : { sourceArn: e.SourceArn }),
              message: e.Message ?? "",
              categories: e.EventCategories ?? [],
              date: e.Date.getTime(),
            });
          }
        }
      } catch (error) {
        throw toArchiverError(error, {
          operation: "DescribeEvents",
          iamAction: "rds:DescribeEvents",
          resource: `the events of ${region}`,
        });
      }
      return events;
    },

    async listClusterSnapshots(filter = {}) {
      const snapshots: RdsSnapshotRecord[] = [];
      try {
        const input = filter.cluster === undefined ? {} : { DBClusterIdentifier: filter.cluster };
        for await (const page of paginateDescribeDBClusterSnapshots({ client: rds }, input)) {
          for (const s of page.DBClusterSnapshots ?? []) {
            if (s.DBClusterSnapshotIdentifier === undefined || s.DBClusterIdentifier === undefined) continue;
            snapshots.push({ id: s.DBClusterSnapshotIdentifier, owner: s.DBClusterIdentifier });
          }
        }
      } catch (error) {
        throw toArchiverError(error, {
          operation: "DescribeDBClusterSnapshots",
          iamAction: "rds:DescribeDBClusterSnapshots",
          resource: `the snapshots of ${where("cluster", filter.cluster)}`,
        });
      }
      return snapshots;
    },

    async listDbSnapshots(filter = {}) {
      const snapshots: RdsSnapshotRecord[] = [];
      try {
        const input = filter.instance === undefined ? {} : { DBInstanceIdentifier: filter.instance };
        for await (const page of paginateDescribeDBSnapshots({ client: rds }, input)) {
          for (const s of page.DBSnapshots ?? []) {
            if (s.DBSnapshotIdentifier === undefined || s.DBInstanceIdentifier === undefined) continue;
            snapshots.push({ id: s.DBSnapshotIdentifier, owner: s.DBInstanceIdentifier });
          }
        }
      } catch (error) {
        throw toArchiverError(error, {
          operation: "DescribeDBSnapshots",
          iamAction: "rds:DescribeDBSnapshots",
          resource: `the snapshots of ${where("instance", filter.instance)}`,
        });
      }
      return snapshots;
    },
  };
}

function toInstanceRecord(instance: DBInstance): RdsInstanceRecord | undefined {
  if (instance.DBInstanceIdentifier === undefined) return undefined;
  return {
    id: instance.DBInstanceIdentifier,
    engine: instance.Engine ?? "unknown",
    ...(instance.DBClusterIdentifier === undefined ? {} : { cluster: instance.DBClusterIdentifier }),
  };
}
