import type { ArchiveTarget } from "../config/parse-config.js";
import { hasTagFilter, type TagFilter } from "../config/tag-filter.js";
import { oneOrMany, type PolicyDocument, type PolicyStatement, policyDocument } from "./policy-document.js";
import { renderActivityStreamStatements } from "./render-activity-stream-policy.js";

/**
 * The RDS permissions of the source role, as narrow as the targets allow. Each call the engine
 * makes names its resource: DescribeDBClusters a cluster, DescribeDBInstances an instance (or,
 * for `all`, every instance of the region: `db:*`), DescribeDBLogFiles and the downloads an
 * instance. All three Describe actions take resource-level permissions (resource types `cluster`
 * and `db` in the Service Authorization Reference), so none needs `"Resource": "*"`. A cluster's
 * members are only known at run time, so reading their logs takes `db:*` in that region. A target
 * with tags reads logs under a condition on them (`rds:db-tag/<key>`), in a statement of its own.
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
  // The log reads, one statement per tag filter ("" for the targets without one).
  const readLogs = new Map<string, { tags: TagFilter; resources: string[] }>();
  for (const region of [...new Set(targets.map((t) => t.region))].sort()) {
    const inRegion = targets.filter((t) => t.region === region);
    // RDS stores identifiers in lowercase, and ARNs match case-sensitively.
    const instances = inRegion.flatMap((t) => t.instances.map((id) => id.toLowerCase()));
    const clusters = inRegion.flatMap((t) => t.clusters.map((id) => id.toLowerCase()));
    // A tag filter lists a cluster's members with DescribeDBInstances filtered on db-cluster-id,
    // which names no instance: RDS authorizes it against db:*, as it does a listing of all.
    const all = inRegion.some((t) => t.all || (t.clusters.length > 0 && hasTagFilter(t.tags)));
    for (const id of all ? ["*"] : instances) describeInstances.add(rds(region, `db:${id}`));
    for (const id of clusters) describeClusters.add(rds(region, `cluster:${id}`));
    const filters = new Map(inRegion.map((t) => [JSON.stringify(Object.entries(t.tags).sort()), t.tags]));
    for (const [key, tags] of filters) {
      const same = inRegion.filter((t) => JSON.stringify(Object.entries(t.tags).sort()) === key);
      const ids = same.some((t) => t.all || t.clusters.length > 0)
        ? ["*"]
        : [...new Set(same.flatMap((t) => t.instances.map((id) => id.toLowerCase())))];
      const group = readLogs.get(key) ?? { tags, resources: [] };
      readLogs.set(key, group);
      group.resources.push(...ids.map((id) => rds(region, `db:${id}`)));
    }
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
  let tagged = 0;
  for (const { tags, resources } of readLogs.values()) {
    // rds:db-tag/<key> is RDS's condition key for a DB instance's tags (RDS User Guide, "Specifying
    // conditions: Using custom tags"); the three actions name the instance, so IAM checks the tags
    // the archiver selected by. Several keys in one StringEquals must all match, as the filter does.
    const condition = hasTagFilter(tags)
      ? {
          Condition: {
            StringEquals: Object.fromEntries(Object.entries(tags).map(([k, v]) => [`rds:db-tag/${k}`, v])),
          },
        }
      : {};
    tagged += hasTagFilter(tags) ? 1 : 0;
    statements.push({
      Sid: hasTagFilter(tags) ? `ReadTaggedLogFiles${tagged > 1 ? tagged : ""}` : "ReadLogFiles",
      Effect: "Allow",
      Action: ["rds:DescribeDBLogFiles", "rds:DownloadCompleteDBLogFile", "rds:DownloadDBLogFilePortion"],
      Resource: oneOrMany(resources),
      ...condition,
    });
  }
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
