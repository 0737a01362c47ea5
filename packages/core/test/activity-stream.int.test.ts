/**
 * The activity-stream source on the real SDK adapters: RDS and KMS on the emulator (SigV4
 * checked, encryption context enforced, calls counted), Kinesis on kinesalite (behind a proxy that
 * injects Kinesis's throttling and expiry errors where a test asks), records sealed by the real
 * Encryption SDK as RDS seals them for all four engines, and decryption on worker threads.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { KMSClient } from "@aws-sdk/client-kms";
import {
  buildDasActivityEvent,
  buildDasHeartbeat,
  createDasProducer,
  createTestStream,
  DAS_SAMPLE_SQL,
  type DasEngine,
  type DasEvent,
  type DasProducer,
  type KinesisFaultProxy,
  type KinesisStandIn,
  putTestRecords,
  type RdsEmulator,
  startEmulator,
  startKinesalite,
  startKinesisFaultProxy,
} from "@rds-log-archive/testkit";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDirObjectStore } from "../src/adapters/dir-object-store.js";
import { parseConfig } from "../src/config/parse-config.js";
import { judgeRun } from "../src/report/judge-run.js";
import {
  type ActivityStreamDeps,
  archiveActivityStream,
} from "../src/sources/activity-stream/archive-activity-stream.js";
import { readActivityArchive } from "./support/activity-archive.js";

process.env.AWS_ACCESS_KEY_ID = "test:tester";
process.env.AWS_SECRET_ACCESS_KEY = "testing";

const KEY_ID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const KEY_ARN = `arn:aws:kms:us-east-1:123456789012:key/${KEY_ID}`;
const READER_ROLE = "arn:aws:iam::123456789012:role/das-reader";

interface StreamFixture {
  engine: DasEngine;
  /** The cluster or instance id. */
  owner: string;
  resourceId: string;
  instanceResourceId: string;
}

const ORDERS: StreamFixture = {
  engine: "aurora-postgresql",
  owner: "orders",
  resourceId: "cluster-ORDERS4HNY5V4RRNPKKYB7ICFK",
  instanceResourceId: "db-ORDERSONEFZJTMYKCXQBUUZ6V",
};
const SHOP: StreamFixture = {
  engine: "aurora-mysql",
  owner: "shop",
  resourceId: "cluster-SHOP7QX2LMN4RRNPKKYB7ICFK",
  instanceResourceId: "db-SHOPONEFZJTMYKCXQBUUZ6VAB",
};
const LEDGER: StreamFixture = {
  engine: "oracle",
  owner: "ledger",
  resourceId: "db-LEDGERCQYSMDPBRZ7BPMH7Y3RT",
  instanceResourceId: "db-LEDGERCQYSMDPBRZ7BPMH7Y3RT",
};
const PAYROLL: StreamFixture = {
  engine: "sqlserver",
  owner: "payroll",
  resourceId: "db-PAYROLLQYSMDPBRZ7BPMH7Y3RT",
  instanceResourceId: "db-PAYROLLQYSMDPBRZ7BPMH7Y3RT",
};
const STREAMS = [ORDERS, SHOP, LEDGER, PAYROLL];
const streamName = (f: StreamFixture) => `aws-rds-das-${f.resourceId}`;

let emulator: RdsEmulator;
let kinesalite: KinesisStandIn;
let proxy: KinesisFaultProxy;
let kms: KMSClient;
let dir: string;
const producers = new Map<string, DasProducer>();
/** Every activity event put on each stream, by its statement id. */
const produced = new Map<string, Map<number, DasEvent>>();
let statement = 0;

beforeAll(async () => {
  emulator = await startEmulator({
    // The role trusts the default credentials' key, as a role trusts the account that runs the tool.
    sts: { roles: [{ roleArn: READER_ROLE, trust: [{ principals: ["test:tester"] }] }] },
    fleet: {
      kmsKeys: [{ id: KEY_ID, aliases: ["alias/das"] }],
      clusters: [
        {
          id: "orders",
          engine: "aurora-postgresql",
          members: ["orders-1"],
          resourceId: ORDERS.resourceId,
          activityStream: { status: "started", kmsKeyId: "alias/das" },
        },
        {
          id: "shop",
          engine: "aurora-mysql",
          members: ["shop-1"],
          resourceId: SHOP.resourceId,
          activityStream: { status: "started", kmsKeyId: KEY_ARN },
        },
        { id: "quiet", engine: "aurora-postgresql", members: ["quiet-1"] },
      ],
      instances: [
        {
          id: "orders-1",
          engine: "aurora-postgresql",
          cluster: "orders",
          resourceId: ORDERS.instanceResourceId,
        },
        { id: "shop-1", engine: "aurora-mysql", cluster: "shop", resourceId: SHOP.instanceResourceId },
        { id: "quiet-1", engine: "aurora-postgresql", cluster: "quiet" },
        {
          id: "ledger",
          engine: "oracle-ee",
          resourceId: LEDGER.resourceId,
          activityStream: { status: "started", kmsKeyId: KEY_ARN, engineNativeAuditFieldsIncluded: true },
        },
        {
          id: "payroll",
          engine: "sqlserver-se",
          resourceId: PAYROLL.resourceId,
          activityStream: { status: "started", kmsKeyId: "alias/das" },
        },
      ],
    },
  });
  kinesalite = await startKinesalite();
  proxy = await startKinesisFaultProxy(kinesalite);
  process.env.AWS_ENDPOINT_URL_RDS = emulator.endpoint;
  process.env.AWS_ENDPOINT_URL_KMS = emulator.endpoint;
  process.env.AWS_ENDPOINT_URL_STS = emulator.endpoint;
  process.env.AWS_ENDPOINT_URL_KINESIS = proxy.endpoint;
  kms = new KMSClient({
    region: "us-east-1",
    endpoint: emulator.endpoint,
    credentials: { accessKeyId: "test:tester", secretAccessKey: "testing" },
  });
  const client = kinesalite.client();
  for (const fixture of STREAMS) {
    await createTestStream(client, streamName(fixture), 1);
    produced.set(fixture.owner, new Map());
    producers.set(
      fixture.owner,
      createDasProducer({
        kms,
        kmsKeyId: "alias/das",
        engine: fixture.engine,
        instanceResourceId: fixture.instanceResourceId,
        ...(fixture.engine.startsWith("aurora-") ? { clusterResourceId: fixture.resourceId } : {}),
        // Multi-frame messages for one engine: the gzip then spans frames.
        ...(fixture.engine === "aurora-mysql" ? { frameLength: 256 } : {}),
      }),
    );
  }
  client.destroy();
});

afterAll(async () => {
  kms?.destroy();
  await proxy?.stop();
  await kinesalite?.stop();
  await emulator?.close();
});

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "activity-int-"));
  return () => rm(dir, { recursive: true, force: true });
});

/** Puts `records` records on each stream; record i holds i % 3 activity events, or a heartbeat alone. */
async function put(records: number, fixtures: StreamFixture[] = STREAMS): Promise<void> {
  const client = kinesalite.client();
  for (const fixture of fixtures) {
    const producer = producers.get(fixture.owner) as DasProducer;
    const data: Buffer[] = [];
    for (let i = 0; i < records; i++) {
      const at = new Date();
      const events: DasEvent[] =
        i % 3 === 0
          ? [buildDasHeartbeat(fixture.engine, at)]
          : Array.from({ length: i % 3 }, () => {
              statement += 1;
              const event = buildDasActivityEvent(fixture.engine, {
                commandText: `${DAS_SAMPLE_SQL[statement % DAS_SAMPLE_SQL.length]} -- #${statement}`,
                at,
                statementId: statement,
                engineNativeAuditFields: fixture.engine === "oracle",
              });
              produced.get(fixture.owner)?.set(statement, event);
              return event;
            });
      data.push(await producer.record(events));
    }
    await putTestRecords(
      client,
      streamName(fixture),
      data.map((d, i) => ({ data: d, partitionKey: `p${i}` })),
    );
  }
  client.destroy();
}

const config = (
  selection: Record<string, unknown> = { clusters: ["orders", "shop"], instances: ["ledger", "payroll"] },
  extra: Record<string, unknown> = {},
) => {
  const parsed = parseConfig(
    { targets: [{ region: "us-east-1", ...selection }], destination: { dir }, ...extra },
    new Date(),
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.config;
};

const run = (cfg = config(), deps: ActivityStreamDeps = {}) =>
  archiveActivityStream(cfg, {
    store: createDirObjectStore({ dir, prefix: "" }),
    decryptWorkers: 2,
    ...deps,
  });

/** The statement ids a statement-id field holds, whatever the engine's type for it. */
const statementOf = (event: Record<string, unknown>) =>
  typeof event.statementId === "string"
    ? Number.parseInt(event.statementId, 16)
    : (event.statementId as number);

describe("activity streams through the SDK adapters", () => {
  it("archives every event of four engines' streams once over three runs, byte for byte, and writes nothing when nothing is new", async () => {
    const putBefore = statement;
    for (let round = 0; round < 3; round++) {
      await put(12);
      const report = await run();
      expect(report.targets.filter((t) => t.error)).toEqual([]);
      expect(report.activity?.totals).toMatchObject({ streams: 4, records: 48, heartbeats: 16, failed: 0 });
      expect(judgeRun(report, { failOnGap: true }).failed).toBe(false);
    }
    const archive = await readActivityArchive(dir);
    expect(archive.events.some((e) => e.type === "heartbeat")).toBe(false);
    for (const fixture of STREAMS) {
      const expected = [...(produced.get(fixture.owner) ?? [])].filter(([id]) => id > putBefore);
      const lines = archive.lines.filter(
        (line) => archive.keys.length > 0 && line.includes(`"instanceId":"${fixture.instanceResourceId}"`),
      );
      expect(lines).toHaveLength(expected.length);
      for (const line of lines) {
        const event = JSON.parse(line) as Record<string, unknown>;
        const original = produced.get(fixture.owner)?.get(statementOf(event)) as DasEvent;
        const head = `{"shardId":"shardId-000000000000","sequenceNumber":${JSON.stringify(event.sequenceNumber)},"clusterId":${JSON.stringify(fixture.engine.startsWith("aurora-") ? fixture.resourceId : "")},"instanceId":"${fixture.instanceResourceId}",`;
        expect(line).toBe(head + JSON.stringify(original).slice(1));
      }
    }
    expect(archive.lines.join("\n")).toContain("出荷済み 🚚 — お問い合わせ番号 12345");
    expect(archive.keys.filter((k) => k.startsWith("orders/activity/"))[0]).toMatch(
      /^orders\/activity\/\d{4}\/\d{2}\/\d{2}\/\d{2}\/orders\/\d{8}T\d{6}Z-shardId-000000000000-\d+\.ndjson\.gz$/,
    );
    const metadata = JSON.parse(await readFile(path.join(dir, `${archive.keys[0]}.meta.json`), "utf8"));
    expect(metadata).toMatchObject({
      "log-file-name": expect.stringMatching(/^activity\/shardId-000000000000\/\d+-\d+$/),
      region: "us-east-1",
    });

    const idle = await run();
    expect(idle.activity?.totals).toMatchObject({ records: 0, objects: 0, kmsCalls: 0 });
    expect((await readActivityArchive(dir)).keys).toEqual(archive.keys);
  });

  it("asks KMS once for a data key that 300 records share: fewer than 0.01 calls a record", async () => {
    const orders = [ORDERS];
    await put(300, orders);
    emulator.requests.clear();
    const report = await run(config({ clusters: ["orders"] }));
    const decrypts = emulator.requests.counts().Decrypt ?? 0;
    expect(report.activity?.totals.records).toBeGreaterThanOrEqual(300);
    expect(decrypts).toBe(1);
    expect(decrypts / (report.activity?.totals.records ?? 1)).toBeLessThan(0.01);
    expect(report.activity?.totals.kmsCalls).toBe(1);
  });

  it("waits out Kinesis throttling and renews an expired iterator without losing or repeating a record", async () => {
    const shop = [SHOP];
    await run(config({ clusters: ["shop"] }));
    const before = (await readActivityArchive(dir)).events.length;
    await put(30, shop);
    proxy.fail("GetRecords", "ProvisionedThroughputExceededException", 3);
    const throttled = await run(config({ clusters: ["shop"] }));
    expect(proxy.faulted.GetRecords).toBe(3);
    await put(30, shop);
    proxy.fail("GetRecords", "ExpiredIteratorException", 1);
    const iterators = proxy.calls.GetShardIterator ?? 0;
    const expired = await run(config({ clusters: ["shop"] }));
    expect(proxy.calls.GetShardIterator).toBe(iterators + 2);
    for (const report of [throttled, expired]) expect(report.activity?.totals.failed).toBe(0);
    const ids = (await readActivityArchive(dir)).events.map(statementOf);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length - before).toBe(60);
  });

  it("ends a stalled Kinesis call at the config's idle timeout and retries it, losing and repeating nothing", async () => {
    const shop = [SHOP];
    await put(9, shop);
    const stalled = proxy.faulted.GetRecords ?? 0;
    proxy.stall("GetRecords");
    // Without the config's timeouts on the Kinesis client, the stalled call would hold the run.
    const report = await run(config({ clusters: ["shop"] }, { timeouts: { idle: "1s" } }));
    expect(proxy.faulted.GetRecords).toBe(stalled + 1);
    expect(report.activity?.totals.failed).toBe(0);
    const ids = (await readActivityArchive(dir)).events.map(statementOf);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort((a, b) => a - b)).toEqual(
      [...(produced.get("shop")?.keys() ?? [])].sort((a, b) => a - b),
    );
  });

  it("reads Kinesis and asks KMS under the target's role, in the run's named session with its external id", async () => {
    await put(3, [ORDERS]);
    emulator.requests.clear();
    const report = await run(
      config(
        { clusters: ["orders"], roleArn: READER_ROLE },
        { roleSessionName: "das-nightly-42", roleExternalId: "ext-das-7" },
      ),
    );
    expect(report.activity?.totals.failed).toBe(0);
    const decrypts = emulator.requests.requests.filter((r) => r.operation === "Decrypt");
    expect(decrypts.length).toBeGreaterThan(0);
    for (const request of decrypts)
      expect(request.assumedRoleArn).toBe("arn:aws:sts::123456789012:assumed-role/das-reader/das-nightly-42");
    const assumed = emulator.requests.requests.filter((r) => r.operation === "AssumeRole");
    expect(assumed.length).toBeGreaterThan(0);
    for (const request of assumed)
      expect(request).toMatchObject({ roleSessionName: "das-nightly-42", externalId: "ext-das-7" });
  });

  it("names the encryption context when KMS refuses a data key, and a denied or disabled key", async () => {
    // A stream whose records were sealed for another cluster's context.
    const wrong = createDasProducer({
      kms,
      kmsKeyId: "alias/das",
      engine: "aurora-postgresql",
      instanceResourceId: "db-X",
      clusterResourceId: "cluster-SOMEONEELSE",
    });
    const client = kinesalite.client();
    await putTestRecords(client, streamName(ORDERS), [
      { data: await wrong.record([buildDasHeartbeat("aurora-postgresql", new Date())]), partitionKey: "p" },
    ]);
    client.destroy();
    const refused = await run(config({ clusters: ["orders"] }));
    expect(refused.activity?.streams[0]?.shards[0]?.error).toMatchObject({
      code: "KMS_DECRYPT_FAILED",
      hint: expect.stringContaining("aws:rds:dbc-id"),
    });

    emulator.kms.setKnobs({ accessDeniedKeys: [KEY_ID] });
    const denied = await run(config({ instances: ["ledger"] }));
    emulator.kms.setKnobs({ disabledKeys: [KEY_ID] });
    const disabled = await run(config({ instances: ["ledger"] }));
    emulator.kms.setKnobs({});
    expect(denied.activity?.streams[0]?.shards[0]?.error).toMatchObject({
      code: "ACCESS_DENIED",
      hint: expect.stringContaining("kms:Decrypt"),
    });
    expect(disabled.activity?.streams[0]?.shards[0]?.error).toMatchObject({ code: "KMS_DECRYPT_FAILED" });
    expect(judgeRun(disabled, { failOnGap: false }).failed).toBe(true);
  });

  it("reports a checkpoint older than the stream's retention as a gap, and archives nothing twice", async () => {
    const payroll = [PAYROLL];
    await put(6, payroll);
    await run(config({ instances: ["payroll"] }));
    await put(6, payroll);
    const later = new Date(Date.now() + 25 * 3_600_000);
    const report = await run(config({ instances: ["payroll"] }), { now: () => later });
    expect(report.gaps).toEqual([
      expect.objectContaining({
        instance: "payroll",
        reason: expect.stringContaining("older than the stream's 24 h retention"),
      }),
    ]);
    expect(judgeRun(report, { failOnGap: true }).failed).toBe(true);
    const ids = (await readActivityArchive(dir)).events.map(statementOf);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("says how to start a stream that is not started, and names a stream Kinesis does not have", async () => {
    const report = await run(config({ clusters: ["quiet"] }));
    expect(report.targets[0]?.error).toMatchObject({
      code: "ACTIVITY_STREAM_NOT_STARTED",
      hint: expect.stringContaining("start-activity-stream"),
    });
    const client = kinesalite.client();
    const { DeleteStreamCommand } = await import("@aws-sdk/client-kinesis");
    await client.send(new DeleteStreamCommand({ StreamName: streamName(PAYROLL) }));
    client.destroy();
    const gone = await run(config({ instances: ["payroll"] }));
    expect(gone.activity?.streams[0]?.error).toMatchObject({ code: "STREAM_NOT_FOUND" });
  });
});
