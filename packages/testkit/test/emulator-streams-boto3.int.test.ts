/**
 * A second opinion from boto3 on the pieces the events and activity-stream sources read: KMS
 * (JSON 1.1, botocore's signer and error parser), DescribeEvents paging, the snapshot lookups and
 * the ActivityStream* members, all against the standalone emulator serving a fleet folder.
 */
import { execFile } from "node:child_process";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorProcess, startEmulatorProcess } from "../src/emulator/emulator-process.js";
import { writeFleet } from "../src/fleet/write-fleet.js";
import { serviceAvailability } from "../src/services/require-service.js";

const PYTHON = "/usr/bin/python3";
const boto3 = serviceAvailability("The boto3 fidelity check", [
  PYTHON,
  "/usr/lib/python3/dist-packages/boto3/__init__.py",
]);

const KEY = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const KEY_ARN = `arn:aws:kms:us-east-1:123456789012:key/${KEY}`;
const SNAPSHOT = "rds:orders-2026-11-22-03-10";
type Failure = { code: string; message: string; status: number } | null;

interface Survey {
  kms: {
    keyId: string;
    plaintextLength: number;
    roundTrip: boolean;
    decryptKeyId: string;
    metadata: Record<string, unknown>;
    creationDateType: string;
    errors: Record<string, Failure>;
  };
  events: {
    count: number;
    pages: number;
    ascending: boolean;
    snapshotEvent: Record<string, unknown>;
    lastHour: number;
    errors: Record<string, Failure>;
  };
  activityStream: { cluster: Record<string, unknown>; instance: Record<string, unknown> };
  snapshots: { cluster: string; instance: string; errors: Record<string, Failure> };
}

let fleetDir: string;
let emulator: EmulatorProcess;
let survey: Survey;

describe.skipIf(!boto3.available)("the stream-facing emulator as boto3 sees it", () => {
  beforeAll(async () => {
    const now = Date.now();
    fleetDir = await writeFleet({
      clusters: [
        {
          id: "orders",
          engine: "aurora-postgresql",
          members: ["orders-1"],
          resourceId: "cluster-ORDERS4HNY5V4RRNPKKYB7ICFK",
          activityStream: { status: "started", kmsKeyId: "alias/das" },
        },
      ],
      instances: [
        { id: "orders-1", engine: "aurora-postgresql", cluster: "orders" },
        {
          id: "ledger",
          engine: "oracle-ee",
          resourceId: "db-LEDGERCQYSMDPBRZ7BPMH7Y3RT",
          activityStream: { status: "started", kmsKeyId: KEY_ARN, engineNativeAuditFieldsIncluded: true },
        },
      ],
      clusterSnapshots: [{ id: SNAPSHOT, cluster: "orders", type: "automated" }],
      dbSnapshots: [{ id: "rds:ledger-2026-11-22-04-00", instance: "ledger", type: "automated" }],
      kmsKeys: [{ id: KEY, aliases: ["alias/das"] }],
    });
    // 45 events over the last 13 days (the newest 20 minutes ago), and one older than the 14 days RDS keeps.
    const events = [
      ...Array.from({ length: 45 }, (_, i) => ({
        sourceIdentifier: i % 2 === 0 ? SNAPSHOT : "orders",
        sourceType: i % 2 === 0 ? "db-cluster-snapshot" : "db-cluster",
        message: i % 2 === 0 ? "Automated cluster snapshot created" : "DB cluster started",
        categories: i % 2 === 0 ? ["backup"] : ["notification"],
        date: new Date(now - (44 - i) * 7 * 3600_000 - 20 * 60_000).toISOString(),
      })),
      {
        sourceIdentifier: "orders",
        sourceType: "db-cluster",
        message: "too old",
        date: new Date(now - 15 * 24 * 3600_000).toISOString(),
      },
    ];
    await writeFile(path.join(fleetDir, "events.json"), JSON.stringify(events));
    emulator = await startEmulatorProcess(["--fleet", fleetDir]);
    const { stdout } = await promisify(execFile)(
      PYTHON,
      [path.join(import.meta.dirname, "fidelity/boto3-streams.py"), emulator.endpoint, "us-east-1", KEY],
      {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: "test:tester",
          AWS_SECRET_ACCESS_KEY: "testing",
          PYTHONPATH: "",
        },
      },
    );
    survey = JSON.parse(stdout) as Survey;
  }, 120_000);

  afterAll(async () => {
    await emulator?.stop();
    if (fleetDir) await rm(fleetDir, { recursive: true, force: true });
  });

  it("KMS: a data key under an alias, decrypted with its encryption context, and the key described", () => {
    expect(survey.kms).toMatchObject({
      keyId: KEY_ARN,
      plaintextLength: 32,
      roundTrip: true,
      decryptKeyId: KEY_ARN,
      metadata: {
        KeyId: KEY,
        Arn: KEY_ARN,
        KeyState: "Enabled",
        KeyUsage: "ENCRYPT_DECRYPT",
        KeySpec: "SYMMETRIC_DEFAULT",
        Enabled: true,
      },
      creationDateType: "datetime",
    });
  });

  it("KMS: error codes and statuses as botocore parses them", () => {
    expect(survey.kms.errors).toEqual({
      wrongContext: { code: "InvalidCiphertextException", message: "", status: 400 },
      notFound: {
        code: "NotFoundException",
        message: "Alias arn:aws:kms:us-east-1:123456789012:alias/missing is not found.",
        status: 400,
      },
      throttled: {
        code: "ThrottlingException",
        message: "You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.",
        status: 400,
      },
      wrongSecret: {
        code: "InvalidSignatureException",
        message: expect.stringContaining("signature we calculated does not match"),
        status: 400,
      },
      noKeySpec: {
        code: "ValidationException",
        message: "Please specify either number of bytes or key spec.",
        status: 400,
      },
    });
  });

  it("DescribeEvents: 14 days in pages of 20, oldest first, the default hour, and RDS's errors", () => {
    expect(survey.events).toMatchObject({ count: 45, pages: 3, ascending: true, lastHour: 1 });
    expect(survey.events.snapshotEvent).toMatchObject({
      SourceIdentifier: SNAPSHOT,
      SourceType: "db-cluster-snapshot",
      EventCategories: ["backup"],
      SourceArn: `arn:aws:rds:us-east-1:123456789012:cluster-snapshot:${SNAPSHOT}`,
    });
    expect(survey.events.errors).toEqual({
      identifierWithoutType: {
        code: "InvalidParameterCombination",
        message: "Cannot specify source identifier without source type",
        status: 400,
      },
      maxRecords: {
        code: "InvalidParameterValue",
        message: expect.stringContaining("MaxRecords"),
        status: 400,
      },
    });
  });

  it("activity-stream members of a cluster and an instance, by RDS's element names", () => {
    expect(survey.activityStream).toEqual({
      cluster: {
        DbClusterResourceId: "cluster-ORDERS4HNY5V4RRNPKKYB7ICFK",
        ActivityStreamStatus: "started",
        ActivityStreamKmsKeyId: "alias/das",
        ActivityStreamKinesisStreamName: "aws-rds-das-cluster-ORDERS4HNY5V4RRNPKKYB7ICFK",
        ActivityStreamMode: "async",
      },
      instance: {
        DbiResourceId: "db-LEDGERCQYSMDPBRZ7BPMH7Y3RT",
        ActivityStreamStatus: "started",
        ActivityStreamKmsKeyId: KEY_ARN,
        ActivityStreamKinesisStreamName: "aws-rds-das-db-LEDGERCQYSMDPBRZ7BPMH7Y3RT",
        ActivityStreamMode: "async",
        ActivityStreamEngineNativeAuditFieldsIncluded: true,
      },
    });
  });

  it("snapshots map to their cluster and instance; unknown ones get RDS's 404 codes", () => {
    expect(survey.snapshots).toEqual({
      cluster: "orders",
      instance: "ledger",
      errors: {
        cluster: {
          code: "DBClusterSnapshotNotFoundFault",
          message: "DBClusterSnapshot nope not found.",
          status: 404,
        },
        instance: { code: "DBSnapshotNotFound", message: "DBSnapshot nope not found.", status: 404 },
      },
    });
  });
});
