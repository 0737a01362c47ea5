import type { ArchiveTarget } from "../config/parse-config.js";
import { oneOrMany, type PolicyDocument, type PolicyStatement, policyDocument } from "./policy-document.js";
import { renderActivityStreamStatements } from "./render-activity-stream-policy.js";

/**
 * The RDS permissions of the source role, as narrow as the targets allow. Each call the engine
 * makes names its resource: DescribeDBClusters a cluster, DescribeDBInstances an instance (or,
 * for `all`, every instance of the region: `db:*`), DescribeDBLogFiles and the downloads an
 * instance. All three Describe actions take resource-level permissions (resource types `cluster`
 * and `db` in the Service Authorization Reference), so none needs `"Resource": "*"`. A cluster's
 * members are only known at run time, so reading their logs takes `db:*` in that region.
 */
export function renderSourcePolicy(
  targets: readonly ArchiveTarget[],
  options: {
    partition: string;
    account: string;
    destinationRoleArn?: string;
    events?: boolean;
    activityStreams?: boolean;
  },
): PolicyDocument {
  const rds = (region: string, resource: string) =>
    `arn:${options.partition}:rds:${region}:${options.account}:${resource}`;
  const describeInstances = new Set<string>();
  const describeClusters = new Set<string>();
  const readLogs = new Set<string>();
  for (const region of [...new Set(targets.map((t) => t.region))].sort()) {
    const inRegion = targets.filter((t) => t.region === region);
    // RDS stores identifiers in lowercase, and ARNs match case-sensitively.
    const instances = inRegion.flatMap((t) => t.instances.map((id) => id.toLowerCase()));
    const clusters = inRegion.flatMap((t) => t.clusters.map((id) => id.toLowerCase()));
    const all = inRegion.some((t) => t.all);
    for (const id of all ? ["*"] : instances) describeInstances.add(rds(region, `db:${id}`));
    for (const id of clusters) describeClusters.add(rds(region, `cluster:${id}`));
    for (const id of all || clusters.length > 0 ? ["*"] : instances) readLogs.add(rds(region, `db:${id}`));
  }
  const statements: PolicyStatement[] = [];
  if (describeInstances.size > 0)
    statements.push({
      Sid: "DescribeInstances",
      Effect: "Allow",
      Action: "rds:DescribeDBInstances",
      Resource: oneOrMany([...describeInstances]),
    });
  if (describeClusters.size > 0)
    statements.push({
      Sid: "DescribeClusters",
      Effect: "Allow",
      Action: "rds:DescribeDBClusters",
      Resource: oneOrMany([...describeClusters]),
    });
  statements.push({
    Sid: "ReadLogFiles",
    Effect: "Allow",
    Action: ["rds:DescribeDBLogFiles", "rds:DownloadCompleteDBLogFile", "rds:DownloadDBLogFilePortion"],
    Resource: oneOrMany([...readLogs]),
  });
  if (options.events === true) {
    const regions = [...new Set(targets.map((t) => t.region))].sort();
    // DescribeEvents takes no resource-level permission: its Resource can only be "*". The
    // snapshot listings name a cluster or an instance and list its snapshots, whose names are not
    // known in advance; they are scoped to the regions.
    statements.push({ Sid: "ReadEvents", Effect: "Allow", Action: "rds:DescribeEvents", Resource: "*" });
    statements.push({
      Sid: "AttributeSnapshotEvents",
      Effect: "Allow",
      Action: ["rds:DescribeDBClusterSnapshots", "rds:DescribeDBSnapshots"],
      Resource: oneOrMany(
        regions.flatMap((region) =>
          ["cluster:*", "cluster-snapshot:*", "db:*", "snapshot:*"].map((resource) => rds(region, resource)),
        ),
      ),
    });
  }
  if (options.activityStreams === true) statements.push(...renderActivityStreamStatements(targets, options));
  if (options.destinationRoleArn !== undefined)
    statements.push({
      Sid: "AssumeDestinationRole",
      Effect: "Allow",
      Action: "sts:AssumeRole",
      Resource: options.destinationRoleArn,
    });
  return policyDocument(statements);
}
