import { describe, expect, it } from "vitest";
import type { ArchiveTarget } from "../config/parse-config.js";
import { renderSourcePolicy } from "./render-source-policy.js";

const target = (fields: Partial<ArchiveTarget> & { region: string }): ArchiveTarget => ({
  clusters: [],
  instances: [],
  all: false,
  engines: [],
  tags: {},
  logTypes: [],
  ...fields,
});
const statement = (policy: ReturnType<typeof renderSourcePolicy>, sid: string) =>
  policy.Statement.find((s) => s.Sid === sid);

describe("renderSourcePolicy", () => {
  it("scopes named instances to themselves", () => {
    const policy = renderSourcePolicy(
      [target({ region: "eu-west-1", instances: ["Billing-1", "billing-2"] })],
      {
        partition: "aws",
        account: "111122223333",
      },
    );
    expect(policy).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DescribeInstances",
          Effect: "Allow",
          Action: "rds:DescribeDBInstances",
          Resource: [
            "arn:aws:rds:eu-west-1:111122223333:db:billing-1",
            "arn:aws:rds:eu-west-1:111122223333:db:billing-2",
          ],
        },
        {
          Sid: "ReadLogFiles",
          Effect: "Allow",
          Action: ["rds:DescribeDBLogFiles", "rds:DownloadCompleteDBLogFile", "rds:DownloadDBLogFilePortion"],
          Resource: [
            "arn:aws:rds:eu-west-1:111122223333:db:billing-1",
            "arn:aws:rds:eu-west-1:111122223333:db:billing-2",
          ],
        },
      ],
    });
  });

  it("names clusters, and reads the logs of any instance in their region, since members change", () => {
    const policy = renderSourcePolicy([target({ region: "us-east-1", clusters: ["orders"] })], {
      partition: "aws",
      account: "*",
    });
    expect(statement(policy, "DescribeInstances")).toBeUndefined();
    expect(statement(policy, "DescribeClusters")?.Resource).toBe("arn:aws:rds:us-east-1:*:cluster:orders");
    expect(statement(policy, "ReadLogFiles")?.Resource).toBe("arn:aws:rds:us-east-1:*:db:*");
  });

  it("lists every instance of a region with all: true, per region, and nothing outside the named regions", () => {
    const policy = renderSourcePolicy(
      [
        target({ region: "us-east-1", all: true }),
        target({ region: "ap-northeast-1", instances: ["tokyo-1"] }),
      ],
      { partition: "aws", account: "*" },
    );
    expect(statement(policy, "DescribeInstances")?.Resource).toEqual([
      "arn:aws:rds:ap-northeast-1:*:db:tokyo-1",
      "arn:aws:rds:us-east-1:*:db:*",
    ]);
    expect(statement(policy, "ReadLogFiles")?.Resource).toEqual([
      "arn:aws:rds:ap-northeast-1:*:db:tokyo-1",
      "arn:aws:rds:us-east-1:*:db:*",
    ]);
    expect(JSON.stringify(policy)).not.toContain('"*"');
  });

  it("may assume the destination role, and follows the partition", () => {
    const destinationRoleArn = "arn:aws-cn:iam::444455556666:role/log-archive-writer";
    const policy = renderSourcePolicy([target({ region: "cn-north-1", all: true })], {
      partition: "aws-cn",
      account: "*",
      destinationRoleArn,
    });
    expect(statement(policy, "ReadLogFiles")?.Resource).toBe("arn:aws-cn:rds:cn-north-1:*:db:*");
    expect(statement(policy, "AssumeDestinationRole")).toEqual({
      Sid: "AssumeDestinationRole",
      Effect: "Allow",
      Action: "sts:AssumeRole",
      Resource: destinationRoleArn,
    });
  });

  it("adds DescribeEvents and the snapshot listings that attribute snapshot events, only for events", () => {
    const targets = [target({ region: "eu-west-1", clusters: ["orders"] })];
    const without = renderSourcePolicy(targets, { partition: "aws", account: "111122223333" });
    expect(statement(without, "ReadEvents")).toBeUndefined();
    const policy = renderSourcePolicy(targets, { partition: "aws", account: "111122223333", events: true });
    expect(statement(policy, "ReadEvents")).toEqual({
      Sid: "ReadEvents",
      Effect: "Allow",
      Action: "rds:DescribeEvents",
      Resource: "*",
    });
    expect(statement(policy, "AttributeSnapshotEvents")).toEqual({
      Sid: "AttributeSnapshotEvents",
      Effect: "Allow",
      Action: ["rds:DescribeDBClusterSnapshots", "rds:DescribeDBSnapshots"],
      Resource: [
        "arn:aws:rds:eu-west-1:111122223333:cluster:*",
        "arn:aws:rds:eu-west-1:111122223333:cluster-snapshot:*",
        "arn:aws:rds:eu-west-1:111122223333:db:*",
        "arn:aws:rds:eu-west-1:111122223333:snapshot:*",
      ],
    });
  });
});

describe("renderSourcePolicy for activity streams", () => {
  it("reads the DAS streams of the regions, and decrypts only under the encryption context of the selected kinds", () => {
    const policy = renderSourcePolicy(
      [
        target({ region: "us-east-1", clusters: ["orders"] }),
        target({ region: "eu-west-1", instances: ["ledger"] }),
      ],
      { partition: "aws", account: "111122223333", activityStreams: true },
    );
    expect(statement(policy, "ReadActivityStreams")).toEqual({
      Sid: "ReadActivityStreams",
      Effect: "Allow",
      Action: [
        "kinesis:DescribeStreamSummary",
        "kinesis:ListShards",
        "kinesis:GetShardIterator",
        "kinesis:GetRecords",
      ],
      Resource: [
        "arn:aws:kinesis:eu-west-1:111122223333:stream/aws-rds-das-*",
        "arn:aws:kinesis:us-east-1:111122223333:stream/aws-rds-das-*",
      ],
    });
    expect(statement(policy, "DecryptClusterActivity")).toMatchObject({
      Action: "kms:Decrypt",
      Resource: ["arn:aws:kms:eu-west-1:111122223333:key/*", "arn:aws:kms:us-east-1:111122223333:key/*"],
      Condition: { StringLike: { "kms:EncryptionContext:aws:rds:dbc-id": "cluster-*" } },
    });
    expect(statement(policy, "DecryptInstanceActivity")?.Condition).toEqual({
      StringLike: { "kms:EncryptionContext:aws:rds:db-id": "db-*" },
    });
    const clustersOnly = renderSourcePolicy([target({ region: "us-east-1", clusters: ["orders"] })], {
      partition: "aws",
      account: "111122223333",
      activityStreams: true,
    });
    expect(statement(clustersOnly, "DecryptInstanceActivity")).toBeUndefined();
    const plain = renderSourcePolicy([target({ region: "us-east-1", clusters: ["orders"] })], {
      partition: "aws",
      account: "1",
    });
    expect(plain.Statement.map((s) => s.Sid)).not.toContain("ReadActivityStreams");
  });

  it("reads a tagged target's logs under rds:db-tag conditions, in a statement of its own", () => {
    const policy = renderSourcePolicy(
      [
        target({ region: "us-east-1", all: true, tags: { team: "payments", env: "prod" } }),
        target({ region: "us-east-1", clusters: ["orders"], tags: { team: "orders" } }),
        target({ region: "eu-west-1", instances: ["billing"] }),
      ],
      { partition: "aws", account: "111122223333" },
    );
    const read = ["rds:DescribeDBLogFiles", "rds:DownloadCompleteDBLogFile", "rds:DownloadDBLogFilePortion"];
    expect(policy.Statement.filter((s) => s.Sid.startsWith("Read"))).toEqual([
      {
        Sid: "ReadLogFiles",
        Effect: "Allow",
        Action: read,
        Resource: "arn:aws:rds:eu-west-1:111122223333:db:billing",
      },
      {
        Sid: "ReadTaggedLogFiles",
        Effect: "Allow",
        Action: read,
        Resource: "arn:aws:rds:us-east-1:111122223333:db:*",
        Condition: { StringEquals: { "rds:db-tag/team": "payments", "rds:db-tag/env": "prod" } },
      },
      {
        Sid: "ReadTaggedLogFiles2",
        Effect: "Allow",
        Action: read,
        Resource: "arn:aws:rds:us-east-1:111122223333:db:*",
        Condition: { StringEquals: { "rds:db-tag/team": "orders" } },
      },
    ]);
    // Listing a cluster's members by db-cluster-id names no instance: db:* in that region.
    expect(statement(policy, "DescribeInstances")?.Resource).toEqual([
      "arn:aws:rds:eu-west-1:111122223333:db:billing",
      "arn:aws:rds:us-east-1:111122223333:db:*",
    ]);
  });
});
