/**
 * DAS test records round-trip through the real consumer path: kinesalite, KMS Decrypt on the
 * emulator with the stream's encryption context, the real Encryption SDK decrypt side, and one
 * gunzip of the whole plaintext; the events come back exactly as produced, for all four engines.
 */
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { buildDecrypt } from "@aws-crypto/decrypt-node";
import { CommitmentPolicy } from "@aws-crypto/material-management-node";
import { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from "@aws-crypto/raw-aes-keyring-node";
import { GetRecordsCommand, GetShardIteratorCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { DecryptCommand, KMSClient } from "@aws-sdk/client-kms";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDasProducer, type DasProducerOptions } from "../src/das/create-das-producer.js";
import {
  buildDasActivityEvent,
  buildDasHeartbeat,
  DAS_SAMPLE_SQL,
  type DasEngine,
  type DasEvent,
} from "../src/das/das-engine-events.js";
import { type RdsEmulator, startEmulator } from "../src/emulator/start-emulator.js";
import type { KinesisStandIn } from "../src/kinesis/kinesis-stand-in.js";
import { createTestStream, putTestRecords } from "../src/kinesis/kinesis-test-streams.js";
import { startKinesalite } from "../src/kinesis/start-kinesalite.js";

const gunzipAsync = promisify(gunzip);
const KEY_ID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const CLUSTER = "cluster-ORDERS4HNY5V4RRNPKKYB7ICFK";
const credentials = { accessKeyId: "test:tester", secretAccessKey: "testing" };

let emulator: RdsEmulator;
let kinesis: KinesisStandIn;
let stream: KinesisClient;
let kms: KMSClient;

beforeAll(async () => {
  emulator = await startEmulator({ fleet: { kmsKeys: [{ id: KEY_ID, aliases: ["alias/das"] }] } });
  kms = new KMSClient({ region: "us-east-1", endpoint: emulator.endpoint, credentials });
  kinesis = await startKinesalite();
  stream = kinesis.client();
});

beforeEach(() => emulator.requests.clear());

afterAll(async () => {
  stream.destroy();
  kms.destroy();
  await kinesis.stop();
  await emulator.close();
});

const producerFor = (engine: DasEngine, extra: Partial<DasProducerOptions> = {}) =>
  createDasProducer({
    kms,
    kmsKeyId: "alias/das",
    engine,
    instanceResourceId: "db-FZJTMYKCXQBUUZ6VLU7NW3ITCM",
    ...(engine.startsWith("aurora-") ? { clusterResourceId: CLUSTER } : {}),
    ...extra,
  });

/** Record i holds i % 4 activity events (0: a heartbeat-only record), SQL cycling through the samples. */
function workload(engine: DasEngine, records: number): DasEvent[][] {
  let statement = 0;
  const start = Date.UTC(2026, 10, 22, 9, 0, 0);
  return Array.from({ length: records }, (_, i) => {
    const at = new Date(start + i * 1000);
    if (i % 4 === 0) return [buildDasHeartbeat(engine, at)];
    return Array.from({ length: i % 4 }, () => {
      statement += 1;
      return buildDasActivityEvent(engine, {
        commandText: DAS_SAMPLE_SQL[statement % DAS_SAMPLE_SQL.length] as string,
        at,
        statementId: statement,
        engineNativeAuditFields: true,
      });
    });
  });
}

/** What a consumer does: read the shard, decrypt each data key once per distinct `key`, ESDK-decrypt, gunzip. */
async function consume(streamName: string, context: Record<string, string>) {
  const { ShardIterator } = await stream.send(
    new GetShardIteratorCommand({
      StreamName: streamName,
      ShardId: "shardId-000000000000",
      ShardIteratorType: "TRIM_HORIZON",
    }),
  );
  const { Records = [] } = await stream.send(new GetRecordsCommand({ ShardIterator }));
  const { decrypt } = buildDecrypt(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);
  const dataKeys = new Map<string, Uint8Array>();
  const out = [];
  for (const record of Records) {
    const envelope = JSON.parse(Buffer.from(record.Data as Uint8Array).toString("utf8"));
    let dataKey = dataKeys.get(envelope.key);
    if (!dataKey) {
      const { Plaintext } = await kms.send(
        new DecryptCommand({
          CiphertextBlob: Buffer.from(envelope.key, "base64"),
          EncryptionContext: context,
        }),
      );
      dataKey = new Uint8Array(Plaintext as Uint8Array);
      dataKeys.set(envelope.key, dataKey);
    }
    const keyring = new RawAesKeyringNode({
      keyNamespace: "BC",
      keyName: "DataKey",
      unencryptedMasterKey: new Uint8Array(dataKey),
      wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
    });
    const message = Buffer.from(envelope.databaseActivityEvents, "base64");
    const { plaintext, messageHeader } = await decrypt(keyring, message);
    out.push({
      envelope,
      message,
      messageHeader,
      payload: JSON.parse((await gunzipAsync(plaintext)).toString("utf8")),
    });
  }
  return out;
}

describe.each([
  ["aurora-postgresql", "1.1", { "aws:rds:dbc-id": CLUSTER }],
  ["aurora-mysql", "1.2", { "aws:rds:dbc-id": CLUSTER }],
  ["oracle", "1.3", { "aws:rds:db-id": "db-FZJTMYKCXQBUUZ6VLU7NW3ITCM" }],
  ["sqlserver", "1.4", { "aws:rds:db-id": "db-FZJTMYKCXQBUUZ6VLU7NW3ITCM" }],
] as const)("%s records", (engine, version, context) => {
  it("decrypt with the real SDK side into exactly the events produced, one KMS call for the shared data key", async () => {
    const streamName = `aws-rds-das-${engine}`;
    await createTestStream(stream, streamName, 1);
    const producer = producerFor(engine);
    expect(producer.encryptionContext).toEqual(context);
    const batches = workload(engine, 24);
    const data = [];
    for (const events of batches) data.push(await producer.record(events));
    await putTestRecords(
      stream,
      streamName,
      data.map((d, i) => ({ data: d, partitionKey: `p${i}` })),
    );
    expect(producer.dataKeys).toBe(1);

    const consumed = await consume(streamName, context);
    expect(consumed).toHaveLength(24);
    expect(emulator.requests.counts()).toMatchObject({ GenerateDataKey: 1, Decrypt: 1 });
    consumed.forEach(({ envelope, message, messageHeader, payload }, i) => {
      expect(Object.keys(envelope)).toEqual(["type", "version", "databaseActivityEvents", "key"]);
      expect(envelope).toMatchObject({ type: "DatabaseActivityMonitoringRecords", version });
      // Version 1, type 0x80 (customer authenticated encrypted data), suite 0x0378.
      expect([...message.subarray(0, 4)]).toEqual([0x01, 0x80, 0x03, 0x78]);
      expect(messageHeader.encryptedDataKeys.map((k) => k.providerId)).toEqual(["BC"]);
      expect(Object.keys(messageHeader.encryptionContext)).toEqual(["aws-crypto-public-key"]);
      expect(payload).toEqual({
        type: "DatabaseActivityMonitoringRecord",
        clusterId: engine.startsWith("aurora-") ? CLUSTER : "",
        instanceId: "db-FZJTMYKCXQBUUZ6VLU7NW3ITCM",
        databaseActivityEventList: batches[i],
      });
    });
    const activity = consumed
      .flatMap((c) => c.payload.databaseActivityEventList)
      .filter((e) => e.type === "record");
    expect(activity.map((e) => e.commandText)).toContain(
      "INSERT INTO notes (body) VALUES ('出荷済み 🚚 — お問い合わせ番号 12345')",
    );
    expect(consumed.filter((c) => c.payload.databaseActivityEventList[0].type === "heartbeat")).toHaveLength(
      6,
    );
  });
});

describe("field types per engine, as the user guides record them", () => {
  const event = (engine: DasEngine) =>
    buildDasActivityEvent(engine, {
      commandText: "SELECT 1",
      at: new Date("2026-11-22T09:00:01.234Z"),
      statementId: 7,
    });

  it("keeps each engine's logTime format and the mixed types of the id fields", () => {
    expect(event("aurora-postgresql")).toMatchObject({
      logTime: "2026-11-22 09:00:01.234123+00",
      sessionId: expect.any(String),
      statementId: 7,
      exitCode: null,
    });
    expect(event("aurora-mysql")).toMatchObject({
      logTime: "2026-11-22 09:00:01.234123+00",
      exitCode: "0",
      sessionId: "725121",
      transactionId: "7",
    });
    expect(event("oracle")).toMatchObject({
      logTime: "2026-11-22 09:00:01.234123",
      sessionId: 987654321,
      exitCode: 0,
      transactionId: "0000000000000000",
      engineNativeAuditFields: {},
    });
    expect(event("sqlserver")).toMatchObject({
      logTime: "2026-11-22 09:00:01.2341234+00",
      statementId: "0x00000000000000000000000000000007",
      sessionId: 62,
      exitCode: 1,
      engineNativeAuditFields: {},
    });
  });
});

describe("the producer's keys", () => {
  it("reuses one data key until told to rotate, or every N records", async () => {
    const every = producerFor("aurora-postgresql", { rotateEvery: 4 });
    const keys = new Set<string>();
    for (let i = 0; i < 10; i++)
      keys.add(
        JSON.parse((await every.record([buildDasHeartbeat("aurora-postgresql", new Date())])).toString()).key,
      );
    expect(every.dataKeys).toBe(3);
    expect(keys.size).toBe(3);
    const manual = producerFor("oracle");
    const first = JSON.parse((await manual.record([])).toString()).key;
    expect(JSON.parse((await manual.record([])).toString()).key).toBe(first);
    manual.rotateDataKey();
    expect(JSON.parse((await manual.record([])).toString()).key).not.toBe(first);
  });

  it("binds the data key to the stream's context: the other context key fails as real KMS does", async () => {
    const producer = producerFor("aurora-postgresql");
    const { key } = JSON.parse((await producer.record([])).toString());
    const error = await kms
      .send(
        new DecryptCommand({
          CiphertextBlob: Buffer.from(key, "base64"),
          EncryptionContext: { "aws:rds:db-id": CLUSTER },
        }),
      )
      .catch((e: Error) => e);
    expect((error as Error).name).toBe("InvalidCiphertextException");
  });

  it("makes signed messages that a consumer requiring committed suites refuses, as real DAS messages are", async () => {
    const producer = producerFor("aurora-mysql", { frameLength: 256 });
    const events = Array.from({ length: 20 }, (_, i) =>
      buildDasActivityEvent("aurora-mysql", {
        commandText: `${DAS_SAMPLE_SQL[i % 5]} -- ${"長".repeat(50)}`,
        at: new Date(),
        statementId: i,
      }),
    );
    const envelope = JSON.parse((await producer.record(events)).toString());
    const { Plaintext } = await kms.send(
      new DecryptCommand({
        CiphertextBlob: Buffer.from(envelope.key, "base64"),
        EncryptionContext: producer.encryptionContext,
      }),
    );
    const keyring = () =>
      new RawAesKeyringNode({
        keyNamespace: "BC",
        keyName: "DataKey",
        unencryptedMasterKey: new Uint8Array(Plaintext as Uint8Array),
        wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
      });
    const strict = buildDecrypt(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
    await expect(
      strict.decrypt(keyring(), envelope.databaseActivityEvents, { encoding: "base64" }),
    ).rejects.toThrow(/Configuration conflict[\s\S]*ALG_AES256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384/);
    const { decrypt } = buildDecrypt(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT);
    const { plaintext, messageHeader } = await decrypt(keyring(), envelope.databaseActivityEvents, {
      encoding: "base64",
    });
    expect(messageHeader.frameLength).toBe(256);
    expect(plaintext.length).toBeGreaterThan(256);
    expect(JSON.parse((await gunzipAsync(plaintext)).toString()).databaseActivityEventList).toEqual(events);
  });
});
