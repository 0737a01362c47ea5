/**
 * Opening DAS messages with the real Encryption SDK, as RDS seals them (data keys from the
 * emulator's KMS, the signed suite 0x0378, gzip): the native signing-key load of
 * DasMaterialsManager opens exactly what the SDK's own manager opens and still refuses a message
 * whose signature does not match; the worker pool's chunks give each record its own result.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { buildDecrypt } from "@aws-crypto/decrypt-node";
import { CommitmentPolicy } from "@aws-crypto/material-management-node";
import { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from "@aws-crypto/raw-aes-keyring-node";
import { DecryptCommand, KMSClient } from "@aws-sdk/client-kms";
import {
  buildDasActivityEvent,
  buildDasHeartbeat,
  createDasProducer,
  type RdsEmulator,
  startEmulator,
} from "@rds-log-archive/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDecryptPool } from "../src/adapters/create-decrypt-pool.js";
import { openDasMessage } from "../src/adapters/open-das-message.js";
import { parseActivityEnvelope } from "../src/sources/activity-stream/parse-activity-payload.js";

const KEY_ID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

let emulator: RdsEmulator;
let sealed: { message: string; dataKey: Uint8Array }[];

beforeAll(async () => {
  emulator = await startEmulator({ fleet: { kmsKeys: [{ id: KEY_ID, aliases: ["alias/das"] }] } });
  const kms = new KMSClient({
    region: "us-east-1",
    endpoint: emulator.endpoint,
    credentials: { accessKeyId: "test:tester", secretAccessKey: "testing" },
  });
  const producer = createDasProducer({
    kms,
    kmsKeyId: "alias/das",
    engine: "aurora-postgresql",
    instanceResourceId: "db-OPENONEFZJTMYKCXQBUUZ6VAB",
    clusterResourceId: "cluster-OPEN4HNY5V4RRNPKKYB7ICFK",
    rotateEvery: 2,
  });
  const at = new Date("2026-03-01T10:00:00Z");
  const records = [
    await producer.record([
      buildDasActivityEvent("aurora-postgresql", {
        commandText: "SELECT 'žluťoučký kůň' AS 名前",
        at,
        statementId: 1,
      }),
      buildDasHeartbeat("aurora-postgresql", at),
    ]),
    await producer.record([buildDasHeartbeat("aurora-postgresql", at)]),
    ...(await Promise.all(
      [3, 4, 5].map((statementId) =>
        producer.record([
          buildDasActivityEvent("aurora-postgresql", {
            commandText: `SELECT ${statementId}`,
            at,
            statementId,
          }),
        ]),
      ),
    )),
  ];
  sealed = await Promise.all(
    records.map(async (data) => {
      const envelope = parseActivityEnvelope(data);
      const { Plaintext } = await kms.send(
        new DecryptCommand({
          CiphertextBlob: Buffer.from(envelope.key, "base64"),
          EncryptionContext: producer.encryptionContext,
        }),
      );
      return { message: envelope.databaseActivityEvents, dataKey: new Uint8Array(Plaintext as Uint8Array) };
    }),
  );
  kms.destroy();
});

afterAll(async () => {
  await emulator?.close();
});

describe("openDasMessage", () => {
  it("opens what the Encryption SDK's own materials manager opens, to the byte", async () => {
    const { decrypt } = buildDecrypt(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT);
    const { gunzipSync } = await import("node:zlib");
    for (const { message, dataKey } of sealed) {
      const keyring = new RawAesKeyringNode({
        keyNamespace: "BC",
        keyName: "DataKey",
        unencryptedMasterKey: new Uint8Array(dataKey),
        wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
      });
      const { plaintext } = await decrypt(keyring, message, { encoding: "base64" });
      const text = gunzipSync(plaintext).toString("utf8");
      const opened = await openDasMessage(message, dataKey);
      expect(opened.events.map((e) => JSON.parse(e))).toEqual(
        JSON.parse(text).databaseActivityEventList.filter((e: { type: string }) => e.type !== "heartbeat"),
      );
    }
    const [first] = sealed;
    const opened = await openDasMessage(first?.message ?? "", first?.dataKey ?? new Uint8Array());
    expect(opened.heartbeats).toBe(1);
    expect(opened.events.join("")).toContain("žluťoučký kůň");
  });

  it("prints nothing on stderr while opening messages (Node 24 deprecates some key handling, DEP0204)", async () => {
    // In a process of its own: Node prints a deprecation once a process, maybe before this test.
    const built = new URL("../dist/adapters/open-das-message.js", import.meta.url).href;
    const script = `import { openDasMessage } from ${JSON.stringify(built)};
      for (const { message, dataKey } of JSON.parse(process.env.SEALED))
        await openDasMessage(message, Buffer.from(dataKey, "base64"));
      console.log("opened");`;
    const SEALED = JSON.stringify(
      sealed.map(({ message, dataKey }) => ({ message, dataKey: Buffer.from(dataKey).toString("base64") })),
    );
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ["--input-type=module", "-e", script],
      { env: { ...process.env, SEALED } },
    );
    expect({ stdout, stderr }).toEqual({ stdout: "opened\n", stderr: "" });
  });

  it("refuses a message whose signature does not match its content", async () => {
    const [first] = sealed;
    const bytes = Buffer.from(first?.message ?? "", "base64");
    // The footer ends the message: a 2-byte length, then the DER ECDSA signature.
    bytes[bytes.length - 8] = (bytes[bytes.length - 8] ?? 0) ^ 0x01;
    await expect(
      openDasMessage(bytes.toString("base64"), first?.dataKey ?? new Uint8Array()),
    ).rejects.toMatchObject({
      code: "RECORD_DECRYPT_FAILED",
    });
  });

  it("refuses a message opened with another record's data key", async () => {
    const [first] = sealed;
    const other = new Uint8Array(32).fill(7);
    await expect(openDasMessage(first?.message ?? "", other)).rejects.toMatchObject({
      code: "RECORD_DECRYPT_FAILED",
    });
  });
});

describe("createDecryptPool", () => {
  it("answers each record of many chunks with its own payload or error, the data keys of several records shared", async () => {
    const inline = await Promise.all(sealed.map(({ message, dataKey }) => openDasMessage(message, dataKey)));
    // 60 records: several chunks per worker; every seventh opened with another data key.
    const jobs = Array.from({ length: 60 }, (_, i) => {
      const record = sealed[i % sealed.length] as (typeof sealed)[number];
      return i % 7 === 3
        ? { ...record, dataKey: new Uint8Array(32).fill(9), fails: true }
        : { ...record, fails: false };
    });
    const pool = createDecryptPool(2);
    try {
      const settled = await Promise.allSettled(jobs.map((job) => pool.open(job.message, job.dataKey)));
      settled.forEach((outcome, i) => {
        if (jobs[i]?.fails)
          expect(outcome).toMatchObject({ status: "rejected", reason: { code: "RECORD_DECRYPT_FAILED" } });
        else expect(outcome).toEqual({ status: "fulfilled", value: inline[i % sealed.length] });
      });
    } finally {
      await pool.close();
    }
  });
});
