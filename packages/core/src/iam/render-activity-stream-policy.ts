import type { ArchiveTarget } from "../config/parse-config.js";
import { oneOrMany, type PolicyStatement } from "./policy-document.js";

/**
 * What `activity-stream` needs besides the RDS Describe calls: read access to the DAS Kinesis
 * streams of the targets' regions, and KMS Decrypt of their data keys, only under the encryption
 * context RDS binds them to (`aws:rds:dbc-id` = an Aurora cluster's resource id, `aws:rds:db-id` =
 * an RDS for Oracle / SQL Server instance's). Stream names and resource ids (`cluster-…`,
 * `db-…`) are not in the config, so the statements take their prefixes; the notes say how to pin
 * them.
 */
export function renderActivityStreamStatements(
  targets: readonly ArchiveTarget[],
  options: { partition: string; account: string },
): PolicyStatement[] {
  const regions = [...new Set(targets.map((t) => t.region))].sort();
  const arn = (service: string, region: string, resource: string) =>
    `arn:${options.partition}:${service}:${region}:${options.account}:${resource}`;
  const keys = oneOrMany(regions.map((region) => arn("kms", region, "key/*")));
  const statements: PolicyStatement[] = [
    {
      Sid: "ReadActivityStreams",
      Effect: "Allow",
      Action: [
        "kinesis:DescribeStreamSummary",
        "kinesis:ListShards",
        "kinesis:GetShardIterator",
        "kinesis:GetRecords",
      ],
      Resource: oneOrMany(regions.map((region) => arn("kinesis", region, "stream/aws-rds-das-*"))),
    },
  ];
  if (targets.some((t) => t.all || t.clusters.length > 0))
    statements.push({
      Sid: "DecryptClusterActivity",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: keys,
      Condition: { StringLike: { "kms:EncryptionContext:aws:rds:dbc-id": "cluster-*" } },
    });
  if (targets.some((t) => t.all || t.instances.length > 0))
    statements.push({
      Sid: "DecryptInstanceActivity",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: keys,
      Condition: { StringLike: { "kms:EncryptionContext:aws:rds:db-id": "db-*" } },
    });
  return statements;
}
