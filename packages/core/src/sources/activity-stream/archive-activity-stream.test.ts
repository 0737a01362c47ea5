import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readActivityArchive } from "../../../test/support/activity-archive.js";
import {
  createMemoryDecryptor,
  createMemoryKinesis,
  createMemoryKms,
  type MemoryKinesis,
  type MemoryKms,
  memoryDasRecord,
} from "../../../test/support/memory-activity-stream.js";
import { createMemoryRds, type MemoryRds } from "../../../test/support/memory-rds-port.js";
import { createDirObjectStore } from "../../adapters/dir-object-store.js";
import { parseConfig } from "../../config/parse-config.js";
import type { ObjectStore } from "../../destinations/object-store.js";
import { judgeRun } from "../../report/judge-run.js";
import { type ActivityStreamDeps, archiveActivityStream } from "./archive-activity-stream.js";

// The runner through its ports: RDS, Kinesis, KMS and the decryptor in memory, the archive in a
// temp folder. The same guarantees against kinesalite, the emulator's KMS and the real Encryption
// SDK are in test/activity-stream*.int.test.ts.
const RESOURCE_ID = "cluster-ORDERS4HNY5V4RRNPKKYB7ICFK";
const STREAM = `aws-rds-das-${RESOURCE_ID}`;
const CREATED = Date.parse("2026-11-19T08:00:00Z");
const STATE = path.join("_state", "activity", "us-east-1", `${RESOURCE_ID}.json`);

let dir: string;
let rds: MemoryRds;
let kinesis: MemoryKinesis;
let kms: MemoryKms;
let dataKey: ReturnType<MemoryKms["createDataKey"]>;
let now: number;
let statement: number;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "activity-source-"));
  rds = createMemoryRds();
  rds.clusters.set("orders", {
    id: "orders",
    engine: "aurora-postgresql",
    members: ["orders-1"],
    resourceId: RESOURCE_ID,
    activityStream: { status: "started", kinesisStreamName: STREAM, kmsKeyId: "alias/das" },
  });
  kinesis = createMemoryKinesis();
  kinesis.createStream(STREAM, CREATED);
  kms = createMemoryKms();
  dataKey = kms.createDataKey({ "aws:rds:dbc-id": RESOURCE_ID });
  now = Date.parse("2026-11-20T10:20:00Z");
  statement = 0;
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Puts `records` records, each with `events` activity events and one heartbeat, a second apart. */
function put(records: number, events = 2, shardId?: string): void {
  for (let r = 0; r < records; r++) {
    now += 1000;
    const list = [
      ...Array.from({ length: events }, () => {
        statement += 1;
        return `{"type":"record","statementId":${statement},"commandText":"SELECT '山田太郎 🚚' -- #${statement}","rowCount":12345678901234567890}`;
      }),
      `{"type":"heartbeat","logTime":"x"}`,
    ];
    const payload = `{"type":"DatabaseActivityMonitoringRecord","clusterId":"${RESOURCE_ID}","instanceId":"db-ORDERSONE","databaseActivityEventList":[${list.join(",")}]}`;
    kinesis.put(STREAM, memoryDasRecord(dataKey, payload), now, shardId);
  }
}

function config(extra: Record<string, unknown> = {}) {
  const parsed = parseConfig(
    { targets: [{ region: "us-east-1", clusters: ["orders"] }], destination: { dir }, ...extra },
    new Date(now),
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.config;
}

const run = (extra: Record<string, unknown> = {}, deps: ActivityStreamDeps = {}) =>
  archiveActivityStream(config(extra), {
    now: () => new Date(now),
    store: createDirObjectStore({ dir, prefix: "" }),
    createRdsPort: () => rds,
    createKinesisPort: () => kinesis,
    createKmsPort: () => kms,
    decryptor: createMemoryDecryptor(),
    sleep: async () => {},
    ...deps,
  });

/** The statement ids archived, in archive order. */
async function archivedStatements(): Promise<number[]> {
  return (await readActivityArchive(dir)).events.map((e) => e.statementId as number);
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("the activity-stream source through its ports", () => {
  it("archives every event once over three runs, keeps each line as written, drops heartbeats, and a run with nothing new writes nothing", async () => {
    put(5);
    const first = await run();
    expect(first.activity?.totals).toMatchObject({
      records: 5,
      events: 10,
      heartbeats: 5,
      objects: 1,
      failed: 0,
      kmsCalls: 1,
    });
    const { lines, keys } = await readActivityArchive(dir);
    expect(keys).toEqual([
      `orders/activity/2026/11/20/10/orders/20261119T080000Z-shardId-000000000000-${first.activity?.items[0]?.firstSequenceNumber}.ndjson.gz`,
    ]);
    expect(lines[0]).toBe(
      `{"shardId":"shardId-000000000000","sequenceNumber":"${first.activity?.items[0]?.firstSequenceNumber}","clusterId":"${RESOURCE_ID}","instanceId":"db-ORDERSONE","type":"record","statementId":1,"commandText":"SELECT '山田太郎 🚚' -- #1","rowCount":12345678901234567890}`,
    );

    put(3);
    await run();
    put(4, 1);
    const third = await run();
    expect(third.activity?.totals).toMatchObject({ records: 4, events: 4, objects: 1 });
    expect(await archivedStatements()).toEqual(range(1, 20));

    const before = await readFile(path.join(dir, STATE), "utf8");
    const idle = await run();
    expect(idle.activity?.totals).toMatchObject({ records: 0, events: 0, objects: 0, kmsCalls: 0 });
    expect((await readActivityArchive(dir)).keys).toHaveLength(3);
    expect(await readFile(path.join(dir, STATE), "utf8")).toBe(before);
    expect(judgeRun(idle, { failOnGap: true }).failed).toBe(false);
  });

  it("decrypts each data key once per run, and a rotated key once more", async () => {
    put(300, 1);
    dataKey = kms.createDataKey({ "aws:rds:dbc-id": RESOURCE_ID });
    put(100, 1);
    const report = await run();
    expect(kms.calls).toBe(2);
    expect(report.activity?.totals).toMatchObject({ records: 400, kmsCalls: 2 });
  });

  it("loses and duplicates nothing when a run dies after writing a batch, before its checkpoint, and records arrive before the next run", async () => {
    put(4);
    await run();
    put(3);
    const dying = dieAfterFirstObject(createDirObjectStore({ dir, prefix: "" }));
    expect(judgeRun(await run({}, { store: dying }), { failOnGap: true }).failed).toBe(true);
    expect((await readActivityArchive(dir)).keys).toHaveLength(2);
    put(5);
    const next = await run();
    expect(next.activity?.items.map((i) => i.outcome)).toEqual(["archived"]);
    expect(await archivedStatements()).toEqual(range(1, 24));
  });

  it("moves the checkpoint past heartbeats that write no object, so the next run does not open them again", async () => {
    put(2);
    await run();
    const heartbeat = `{"type":"DatabaseActivityMonitoringRecord","clusterId":"","instanceId":"i","databaseActivityEventList":[{"type":"heartbeat"}]}`;
    for (let i = 0; i < 3; i++) {
      now += 1000;
      kinesis.put(STREAM, memoryDasRecord(dataKey, heartbeat), now);
    }
    const idle = await run();
    expect(idle.activity?.totals).toMatchObject({ records: 3, events: 0, heartbeats: 3, objects: 0 });
    const decryptor = createMemoryDecryptor();
    const again = await run({}, { decryptor });
    expect(decryptor.opened).toBe(0);
    expect(again.activity?.totals.kmsCalls).toBe(0);
    put(1);
    await run();
    expect(await archivedStatements()).toEqual(range(1, 6));
  });

  it("rebuilds a lost state from the archive without duplicating anything", async () => {
    put(6);
    await run();
    await rm(path.join(dir, "_state"), { recursive: true });
    put(2);
    const next = await run();
    expect(next.activity?.streams[0]?.shards[0]?.from).toBe("archive");
    expect(await archivedStatements()).toEqual(range(1, 16));
  });

  it("gives two overlapping runs one copy of each event", async () => {
    put(30);
    await Promise.all([run(), run()]);
    put(10);
    await Promise.all([run(), run(), run()]);
    const statements = await archivedStatements();
    expect(statements.sort((a, b) => a - b)).toEqual(range(1, 80));
  });

  it("reads a split shard to its end before its children, and loses nothing across the reshard", async () => {
    put(3);
    await run();
    put(2);
    const [left, right] = kinesis.split(STREAM, "shardId-000000000000");
    put(2, 2, left);
    put(2, 2, right);
    const report = await run();
    expect(report.activity?.streams[0]?.shards.map((s) => [s.shardId, s.outcome])).toEqual([
      ["shardId-000000000000", "closed"],
      ["shardId-000000000001", "caught-up"],
      ["shardId-000000000002", "caught-up"],
    ]);
    expect((await archivedStatements()).sort((a, b) => a - b)).toEqual(range(1, 18));
    const parentLast = report.activity?.items.filter((i) => i.shardId === "shardId-000000000000").at(-1);
    expect(parentLast?.lastSequenceNumber).toBeDefined();
    put(1, 1, left);
    const after = await run();
    expect(after.activity?.streams[0]?.shards[0]).toMatchObject({
      shardId: "shardId-000000000000",
      outcome: "done",
    });
    expect(await archivedStatements()).toHaveLength(19);
  });

  it("leaves children waiting while --max-duration stops their parent, and goes on from the checkpoints next time", async () => {
    put(1500, 1);
    const [left] = kinesis.split(STREAM, "shardId-000000000000");
    put(2, 1, left);
    // The clock passes the deadline once the parent's first page (1,000 records) has been read.
    const stopping = await run(
      { maxDuration: "10m" },
      { now: () => new Date(now + ((kinesis.calls.getRecords ?? 0) > 0 ? 3_600_000 : 0)) },
    );
    expect(stopping.activity?.streams[0]).toMatchObject({ stoppedEarly: true, records: 1000 });
    expect(stopping.activity?.streams[0]?.shards.map((s) => s.outcome)).toEqual([
      "stopped",
      "waiting",
      "waiting",
    ]);
    expect(await archivedStatements()).toEqual(range(1, 1000));
    const resumed = await run();
    expect(resumed.activity?.streams[0]?.shards.map((s) => [s.outcome, s.from])).toEqual([
      ["closed", "checkpoint"],
      ["caught-up", "trim-horizon"],
      ["caught-up", "trim-horizon"],
    ]);
    expect((await archivedStatements()).sort((a, b) => a - b)).toEqual(range(1, 1502));
  });

  it("reports a checkpoint older than the retention as a gap that fails the run, and archives what is left once", async () => {
    put(4);
    await run();
    put(4);
    now += 25 * 3_600_000;
    kinesis.trim(STREAM, now - 24 * 3_600_000);
    put(2);
    const report = await run();
    expect(report.gaps).toEqual([
      expect.objectContaining({
        instance: "orders",
        logFile: "activity/shardId-000000000000",
        reason: expect.stringContaining("older than the stream's 24 h retention"),
      }),
    ]);
    expect(judgeRun(report, { failOnGap: true }).failed).toBe(true);
    expect(await archivedStatements()).toEqual([...range(1, 8), ...range(17, 20)]);
    expect((await run()).gaps).toEqual([]);
  });

  it("reports a recreated stream as a gap and starts it afresh", async () => {
    put(3);
    await run();
    kinesis.streams.delete(STREAM);
    kinesis.createStream(STREAM, now);
    put(2);
    const report = await run();
    expect(report.gaps[0]?.reason).toContain("was deleted and created again");
    expect(await archivedStatements()).toEqual(range(1, 10));
    expect((await readActivityArchive(dir)).keys.filter((k) => k.includes("20261120T")).length).toBe(1);
  });

  it("renews expired iterators after the last record read and waits out throttling", async () => {
    put(2500, 1);
    kinesis.expireNext = 1;
    const first = await run();
    expect(first.activity?.totals).toMatchObject({ records: 2500, failed: 0 });
    put(1500, 1);
    kinesis.throttleNext = 3;
    kinesis.expireNext = 0;
    const second = await run();
    expect(second.activity?.totals).toMatchObject({ records: 1500, failed: 0 });
    expect(await archivedStatements()).toEqual(range(1, 4000));
  });

  it("stops a shard at a record it cannot open, archives what came before, and goes on from there next time", async () => {
    put(3);
    const failing = createMemoryDecryptor({ failOn: (payload) => payload.includes('#5"') });
    const report = await run({}, { decryptor: failing });
    expect(report.activity?.streams[0]?.shards[0]).toMatchObject({
      outcome: "failed",
      error: { code: "RECORD_DECRYPT_FAILED" },
    });
    expect(judgeRun(report, { failOnGap: false }).failed).toBe(true);
    expect(await archivedStatements()).toEqual(range(1, 4));
    await run();
    expect(await archivedStatements()).toEqual(range(1, 6));
  });

  it("plans a dry run without reading, decrypting or writing", async () => {
    put(3);
    const report = await run({ dryRun: true });
    expect(report.activity?.streams[0]?.shards).toEqual([
      expect.objectContaining({ shardId: "shardId-000000000000", outcome: "planned", from: "archive" }),
    ]);
    expect(kinesis.calls.getRecords).toBeUndefined();
    expect(kms.calls).toBe(0);
    expect((await readActivityArchive(dir)).keys).toEqual([]);
  });

  it("names a cluster whose stream is not started, and an Aurora member given as an instance", async () => {
    rds.clusters.set("billing", {
      id: "billing",
      engine: "aurora-mysql",
      members: ["billing-1"],
      activityStream: { status: "stopped" },
    });
    rds.instances.set("orders-1", { id: "orders-1", engine: "aurora-postgresql", cluster: "orders" });
    const report = await run({
      targets: [{ region: "us-east-1", clusters: ["orders", "billing"], instances: ["orders-1"] }],
    });
    expect(
      report.targets
        .filter((t) => t.error)
        .map((t) => [t.cluster ?? t.instance, t.error?.code, t.error?.hint]),
    ).toEqual([
      ["billing", "ACTIVITY_STREAM_NOT_STARTED", expect.stringContaining("start-activity-stream")],
      ["orders-1", "ACTIVITY_STREAM_NOT_STARTED", "archive it with --cluster orders"],
    ]);
    expect(judgeRun(report, { failOnGap: true }).failed).toBe(true);
  });
});

/**
 * A store whose state writes fail once it has written an object, as if the process had died
 * between that object and its checkpoint.
 */
function dieAfterFirstObject(store: ObjectStore): ObjectStore {
  let written = false;
  return {
    ...store,
    async putNew(key, body, options) {
      const result = await store.putNew(key, body, options);
      written ||= result.outcome === "created";
      return result;
    },
    async writeState(key, body, expected) {
      if (written) throw new Error("killed");
      return store.writeState(key, body, expected);
    },
  };
}
