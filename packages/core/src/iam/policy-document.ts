/** An IAM policy document, as IAM reads it (the field names are IAM's). */
export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

export interface PolicyStatement {
  Sid: string;
  Effect: "Allow";
  Principal?: { Federated: string } | { AWS: string };
  Action: string | string[];
  Resource?: string | string[];
  /** Operator (`StringEquals`, …) → condition key → value(s). */
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** A policy document of the given statements. */
export const policyDocument = (statements: PolicyStatement[]): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: statements,
});

/** One value as itself, several as a list: how IAM's own examples write them. */
export const oneOrMany = (values: readonly string[]): string | string[] =>
  values.length === 1 ? (values[0] as string) : [...values];

/** The AWS partition of a region: `aws`, `aws-cn` or `aws-us-gov`. */
export function partitionOfRegion(region: string | undefined): string {
  if (region?.startsWith("cn-")) return "aws-cn";
  if (region?.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** The parts of an ARN (`arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`), or undefined. */
export function parseArn(
  arn: string,
): { partition: string; service: string; region: string; account: string; resource: string } | undefined {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return undefined;
  const [, partition = "", service = "", region = "", account = ""] = parts;
  return { partition, service, region, account, resource: parts.slice(5).join(":") };
}

/** The DNS suffix of a partition's service endpoints, for `kms:ViaService`. */
export const dnsSuffixOf = (partition: string) =>
  partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
