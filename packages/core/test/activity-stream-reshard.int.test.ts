/**
 * A DAS stream resharded between runs, on kinesis-local (the npm build of kinesis-mock, which ends
 * closed shards with ChildShards as Kinesis does): a split and then a merge lose no record, and
 * every batch of a parent is written before any batch of its children.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { KMSClient } from "@aws-sdk/client-kms";
import {
  buildDasActivityEvent,
  createDasProducer,
  createTestStream,
  type DasProducer,
  type KinesisStandIn,
  listTestShards,
  mergeTestShards,
  putTestRecords,
  type RdsEmulator,
  splitTestShard,
  startEmulator,
  startKinesisLocal,
} from "@rds-log-archive/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDirObjectStore } from "../src/adapters/dir-object-store.js";
import { parseConfig } from "../src/config/parse-config.js";
import type { ObjectStore } from "../src/destinations/object-store.js";
import { archiveActivityStream } from "../src/sources/activity-stream/archive-activity-stream.js";
import { readActivityArchive } from "./support/activity-archive.js";

process.env.AWS_ACCESS_KEY_ID = "test:tester";
process.env.AWS_SECRET_ACCESS_KEY = "testing";

const KEY_ID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const RESOURCE_ID = "cluster-RESHARD4HNY5V4RRNPKKYB7IC";
const STREAM = `aws-rds-das-${RESOURCE_ID}`;

let emulator: RdsEmulator;
let kinesis: KinesisStandIn;
let kms: KMSClient;
let producer: DasProducer;
let dir: string;
let statement = 0;
/** Keys in the order the runs wrote them. */
const writes: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({
    fleet: {
      kmsKeys: [{ id: KEY_ID, aliases: ["alias/das"] }],
      clusters: [
        {
          id: "orders",
          engine: "aurora-postgresql",
          members: ["orders-1"],
          resourceId: RESOURCE_ID,
          activityStream: { status: "started", kmsKeyId: "alias/das" },
        },
      ],
      instances: [{ id: "orders-1", engine: "aurora-postgresql", cluster: "orders" }],
    },
  });
  kinesis = await startKinesisLocal();
  process.env.AWS_ENDPOINT_URL_RDS = emulator.endpoint;
  process.env.AWS_ENDPOINT_URL_KMS = emulator.endpoint;
  process.env.AWS_ENDPOINT_URL_KINESIS = kinesis.endpoint;
  kms = new KMSClient({
    region: "us-east-1",
    endpoint: emulator.endpoint,
    credentials: { accessKeyId: "test:tester", secretAccessKey: "testing" },
  });
  producer = createDasProducer({
    kms,
    kmsKeyId: "alias/das",
    engine: "aurora-postgresql",
    instanceResourceId: "db-RESHARDONEFZJTMYKCXQBUUZ6",
    clusterResourceId: RESOURCE_ID,
  });
  dir = await mkdtemp(path.join(tmpdir(), "activity-reshard-"));
}, 120_000);

afterAll(async () => {
  kms?.destroy();
  await kinesis?.stop();
  await emulator?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Puts `count` records of one event each on the shard whose hash range starts the key range given. */
async function put(count: number, hashKey: string): Promise<void> {
  const data = [];
  for (let i = 0; i < count; i++) {
    statement += 1;
    data.push({
      data: await producer.record([
        buildDasActivityEvent("aurora-postgresql", {
          commandText: `SELECT '出荷' -- #${statement}`,
          at: new Date(),
          statementId: statement,
        }),
      ]),
      partitionKey: `p${statement}`,
      explicitHashKey: hashKey,
    });
  }
  const client = kinesis.client();
  await putTestRecords(client, STREAM, data);
  client.destroy();
}

async function startingHashKeys(): Promise<Map<string, string>> {
  const client = kinesis.client();
  const shards = await listTestShards(client, STREAM);
  client.destroy();
  return new Map(shards.map((s) => [s.ShardId ?? "", s.HashKeyRange?.StartingHashKey ?? "0"]));
}

function recording(store: ObjectStore): ObjectStore {
  return {
    ...store,
    async putNew(key, body, options) {
      const result = await store.putNew(key, body, options);
      if (result.outcome === "created") writes.push(key);
      return result;
    },
  };
}

async function run() {
  const parsed = parseConfig(
    { targets: [{ region: "us-east-1", clusters: ["orders"] }], destination: { dir } },
    new Date(),
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return archiveActivityStream(parsed.config, {
    store: recording(createDirObjectStore({ dir, prefix: "" })),
    decryptWorkers: 1,
  });
}

const shardOfKey = (key: string) => /-(shardId-\d+)-\d+\.ndjson\.gz$/.exec(key)?.[1];

/** Every write of a child's batch comes after the last write of each of its parents' batches. */
function expectParentsWrittenFirst(parents: Record<string, string[]>): void {
  for (const [child, of] of Object.entries(parents)) {
    const firstChild = writes.findIndex((k) => shardOfKey(k) === child);
    if (firstChild < 0) continue;
    for (const parent of of) {
      const lastParent = writes.findLastIndex((k) => shardOfKey(k) === parent);
      expect(lastParent, `${parent} before ${child}`).toBeLessThan(firstChild);
    }
  }
}

describe("a resharded activity stream", () => {
  it("loses nothing across a split and a merge, and writes parents before children", async () => {
    const client = kinesis.client();
    await createTestStream(client, STREAM, 1);
    client.destroy();
    const [zero = "0"] = (await startingHashKeys()).values();
    await put(4, zero);
    const first = await run();
    expect(first.activity?.totals).toMatchObject({ records: 4, failed: 0 });

    // Records the first run did not see, then a split, then records on both children.
    await put(3, zero);
    const splitClient = kinesis.client();
    const children = await splitTestShard(splitClient, STREAM, "shardId-000000000000");
    splitClient.destroy();
    const keys = await startingHashKeys();
    for (const child of children) await put(2, keys.get(child) ?? "0");
    const second = await run();
    expect(second.activity?.streams[0]?.shards.map((s) => [s.shardId, s.outcome])).toEqual([
      ["shardId-000000000000", "closed"],
      [children[0], "caught-up"],
      [children[1], "caught-up"],
    ]);
    expectParentsWrittenFirst({
      [children[0] as string]: ["shardId-000000000000"],
      [children[1] as string]: ["shardId-000000000000"],
    });

    // Both children merge into one; records before and after.
    for (const child of children) await put(1, keys.get(child) ?? "0");
    const mergeClient = kinesis.client();
    const [merged] = await mergeTestShards(mergeClient, STREAM, children[0] as string, children[1] as string);
    mergeClient.destroy();
    await put(2, (await startingHashKeys()).get(merged as string) ?? "0");
    const third = await run();
    expect(third.activity?.streams[0]?.shards.map((s) => s.outcome)).toEqual([
      "done",
      "closed",
      "closed",
      "caught-up",
    ]);
    expectParentsWrittenFirst({ [merged as string]: children as string[] });

    const ids = (await readActivityArchive(dir)).events.map((e) => e.statementId as number);
    expect(ids.sort((a, b) => a - b)).toEqual(Array.from({ length: statement }, (_, i) => i + 1));
    expect((await run()).activity?.totals).toMatchObject({ records: 0, objects: 0 });
  });
});
