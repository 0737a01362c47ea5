/** The activity-stream members of DescribeDBClusters / DescribeDBInstances, from the fleet. */
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from "@aws-sdk/client-rds";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFleetSpec } from "../src/emulator/fleet.js";
import { type RdsEmulator, startEmulator } from "../src/emulator/start-emulator.js";

const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
let emulator: RdsEmulator;
let rds: RDSClient;

beforeAll(async () => {
  emulator = await startEmulator({
    fleet: {
      clusters: [
        {
          id: "orders",
          engine: "aurora-postgresql",
          members: ["orders-1"],
          resourceId: "cluster-ORDERS4HNY5V4RRNPKKYB7ICFK",
          activityStream: { status: "started", kmsKeyId: KEY_ARN, mode: "async" },
        },
        {
          id: "billing",
          engine: "aurora-mysql",
          members: ["billing-1"],
          activityStream: { status: "starting", kmsKeyId: "alias/das", mode: "sync" },
        },
        { id: "plain", engine: "aurora-postgresql", members: ["plain-1"] },
      ],
      instances: [
        {
          id: "orders-1",
          engine: "aurora-postgresql",
          cluster: "orders",
          resourceId: "db-ORDERSONEFZJTMYKCXQBUUZ6V",
        },
        { id: "billing-1", engine: "aurora-mysql", cluster: "billing" },
        { id: "plain-1", engine: "aurora-postgresql", cluster: "plain" },
        {
          id: "ledger",
          engine: "oracle-ee",
          resourceId: "db-LEDGERCQYSMDPBRZ7BPMH7Y3RT",
          activityStream: {
            status: "started",
            kmsKeyId: KEY_ARN,
            engineNativeAuditFieldsIncluded: true,
            policyStatus: "unlocked",
          },
        },
        { id: "payroll", engine: "sqlserver-se", activityStream: { status: "stopping", kmsKeyId: KEY_ARN } },
      ],
    },
  });
  rds = new RDSClient({
    region: "us-east-1",
    endpoint: emulator.endpoint,
    credentials: { accessKeyId: "test:tester", secretAccessKey: "testing" },
  });
});

afterAll(async () => {
  rds.destroy();
  await emulator.close();
});

describe("Aurora clusters", () => {
  it("report a started stream with its Kinesis stream, key and mode, named after the fleet's resource id", async () => {
    const { DBClusters = [] } = await rds.send(
      new DescribeDBClustersCommand({ DBClusterIdentifier: "orders" }),
    );
    expect(DBClusters[0]).toMatchObject({
      DbClusterResourceId: "cluster-ORDERS4HNY5V4RRNPKKYB7ICFK",
      ActivityStreamStatus: "started",
      ActivityStreamKinesisStreamName: "aws-rds-das-cluster-ORDERS4HNY5V4RRNPKKYB7ICFK",
      ActivityStreamKmsKeyId: KEY_ARN,
      ActivityStreamMode: "async",
    });
    const byResourceId = await rds.send(
      new DescribeDBClustersCommand({
        Filters: [{ Name: "db-cluster-resource-id", Values: ["cluster-ORDERS4HNY5V4RRNPKKYB7ICFK"] }],
      }),
    );
    expect(byResourceId.DBClusters?.map((c) => c.DBClusterIdentifier)).toEqual(["orders"]);
  });

  it("report a starting stream as such, and a cluster without one as stopped with nothing else", async () => {
    const { DBClusters = [] } = await rds.send(new DescribeDBClustersCommand({}));
    const billing = DBClusters.find((c) => c.DBClusterIdentifier === "billing");
    expect(billing).toMatchObject({ ActivityStreamStatus: "starting", ActivityStreamMode: "sync" });
    expect(billing?.ActivityStreamKinesisStreamName).toBe(`aws-rds-das-${billing?.DbClusterResourceId}`);
    expect(billing?.DbClusterResourceId).toMatch(/^cluster-[A-Z2-7]{26}$/);
    const plain = DBClusters.find((c) => c.DBClusterIdentifier === "plain");
    expect(plain?.ActivityStreamStatus).toBe("stopped");
    expect(plain).not.toHaveProperty("ActivityStreamKinesisStreamName");
    expect(plain).not.toHaveProperty("ActivityStreamKmsKeyId");
  });
});

describe("RDS for Oracle and SQL Server instances", () => {
  it("report the instance-level stream with DbiResourceId, native audit fields and policy status", async () => {
    const { DBInstances = [] } = await rds.send(
      new DescribeDBInstancesCommand({ DBInstanceIdentifier: "ledger" }),
    );
    expect(DBInstances[0]).toMatchObject({
      DbiResourceId: "db-LEDGERCQYSMDPBRZ7BPMH7Y3RT",
      ActivityStreamStatus: "started",
      ActivityStreamKinesisStreamName: "aws-rds-das-db-LEDGERCQYSMDPBRZ7BPMH7Y3RT",
      ActivityStreamKmsKeyId: KEY_ARN,
      ActivityStreamMode: "async",
      ActivityStreamEngineNativeAuditFieldsIncluded: true,
      ActivityStreamPolicyStatus: "unlocked",
    });
    const payroll = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "payroll" }));
    expect(payroll.DBInstances?.[0]).toMatchObject({
      ActivityStreamStatus: "stopping",
      ActivityStreamEngineNativeAuditFieldsIncluded: false,
    });
    const member = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "orders-1" }));
    expect(member.DBInstances?.[0]).toMatchObject({
      DbiResourceId: "db-ORDERSONEFZJTMYKCXQBUUZ6V",
      ActivityStreamStatus: "stopped",
    });
  });
});

describe("the fleet's activity-stream fields", () => {
  it("are checked, every problem named with its path", () => {
    expect(() =>
      parseFleetSpec({
        clusters: [
          {
            id: "c",
            engine: "aurora-postgresql",
            members: [],
            resourceId: "cluster-lower",
            activityStream: { status: "running", mode: "fast" },
          },
        ],
        instances: [
          { id: "i", engine: "oracle-ee", resourceId: "cluster-ABC" },
          { id: "j", engine: "sqlserver-se", activityStream: "on" },
        ],
      }),
    ).toThrow(
      [
        "fleet is not a valid fleet:",
        "  - clusters[0].resourceId: must be cluster- followed by upper-case letters and digits",
        "  - clusters[0].activityStream.status: must be one of stopped, starting, started, stopping",
        "  - clusters[0].activityStream.kmsKeyId: must be a non-empty string",
        "  - clusters[0].activityStream.mode: must be one of sync, async",
        "  - instances[0].resourceId: must be db- followed by upper-case letters and digits",
        "  - instances[1].activityStream: must be an object",
      ].join("\n"),
    );
  });
});
