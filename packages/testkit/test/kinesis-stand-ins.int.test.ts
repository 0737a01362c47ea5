/**
 * The two Kinesis stand-ins the activity-stream tests run against, through the real SDK:
 * kinesalite in process (fast) and kinesis-local as a child process (resharding with
 * `ChildShards`, `ShardFilter`, `StreamARN`), each on loopback only and stopped by the test.
 */
import { spawn } from "node:child_process";
import { readdir, readFile, readlink } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import {
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
} from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KinesisStandIn } from "../src/kinesis/kinesis-stand-in.js";
import {
  createTestStream,
  listTestShards,
  mergeTestShards,
  putTestRecords,
  splitTestShard,
  updateTestShardCount,
} from "../src/kinesis/kinesis-test-streams.js";
import { startKinesalite } from "../src/kinesis/start-kinesalite.js";
import { startKinesisLocal } from "../src/kinesis/start-kinesis-local.js";

/** Every record of a shard from TRIM_HORIZON to where the stand-in says the shard ends or is caught up. */
async function readShard(client: KinesisClient, streamName: string, shardId: string) {
  const { ShardIterator } = await client.send(
    new GetShardIteratorCommand({
      StreamName: streamName,
      ShardId: shardId,
      ShardIteratorType: "TRIM_HORIZON",
    }),
  );
  const data: string[] = [];
  let iterator = ShardIterator;
  let last: GetRecordsCommandOutput | undefined;
  while (iterator) {
    last = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
    data.push(...(last.Records ?? []).map((r) => Buffer.from(r.Data as Uint8Array).toString("utf8")));
    if (last.MillisBehindLatest === 0 && (last.Records ?? []).length === 0) break;
    iterator = last.NextShardIterator;
  }
  return { data, closed: iterator === undefined || iterator === null, childShards: last?.ChildShards ?? [] };
}

/** Listening TCP sockets from /proc, with their local address in hex (loopback is 0100007F). */
async function listeningSockets(): Promise<{ address: string; port: number; inode: string }[]> {
  const tables = await Promise.all(["/proc/net/tcp", "/proc/net/tcp6"].map((f) => readFile(f, "utf8")));
  return tables
    .flatMap((t) => t.split("\n").slice(1))
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols[3] === "0A")
    .map((cols) => {
      const [address = "", port = "0"] = (cols[1] ?? "").split(":");
      return { address, port: Number.parseInt(port, 16), inode: cols[9] ?? "" };
    });
}

/** The addresses a process listens on: its socket inodes matched against /proc/net/tcp{,6}. */
async function listeningAddressesOf(pid: number): Promise<string[]> {
  const fds = await readdir(`/proc/${pid}/fd`);
  const links = await Promise.all(fds.map((fd) => readlink(`/proc/${pid}/fd/${fd}`).catch(() => "")));
  const inodes = new Set(links.flatMap((l) => /^socket:\[(\d+)\]$/.exec(l)?.slice(1) ?? []));
  return (await listeningSockets()).filter((s) => inodes.has(s.inode)).map((s) => s.address);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("kinesalite, in process", () => {
  let kinesis: KinesisStandIn;
  let client: KinesisClient;

  beforeAll(async () => {
    kinesis = await startKinesalite();
    client = kinesis.client();
  });

  afterAll(async () => {
    client.destroy();
    await kinesis.stop();
  });

  it("creates a stream, takes records with multibyte data, and gives them back in order", async () => {
    const arn = await createTestStream(client, "das-fast", 1);
    expect(arn).toMatch(/^arn:aws:kinesis:us-east-1:\d+:stream\/das-fast$/);
    const records = ["一行目 🚀", "second", "third"].map((data, i) => ({ data, partitionKey: `p${i}` }));
    const put = await putTestRecords(client, "das-fast", records);
    expect(put.map((p) => p.shardId)).toEqual(Array(3).fill("shardId-000000000000"));
    expect(BigInt(put[2]?.sequenceNumber ?? 0) > BigInt(put[0]?.sequenceNumber ?? 0)).toBe(true);
    const { data } = await readShard(client, "das-fast", "shardId-000000000000");
    expect(data).toEqual(["一行目 🚀", "second", "third"]);
  });

  it("splits and merges shards, children naming their parents", async () => {
    await createTestStream(client, "das-reshard", 1);
    const children = await splitTestShard(client, "das-reshard", "shardId-000000000000");
    expect(children).toHaveLength(2);
    const shards = await listTestShards(client, "das-reshard");
    const parent = shards.find((s) => s.ShardId === "shardId-000000000000");
    expect(parent?.SequenceNumberRange?.EndingSequenceNumber).toBeDefined();
    for (const id of children)
      expect(shards.find((s) => s.ShardId === id)?.ParentShardId).toBe(parent?.ShardId);
    const [merged] = await mergeTestShards(
      client,
      "das-reshard",
      children[0] as string,
      children[1] as string,
    );
    const after = await listTestShards(client, "das-reshard");
    expect(after.find((s) => s.ShardId === merged)).toMatchObject({
      ParentShardId: children[0],
      AdjacentParentShardId: children[1],
    });
  });

  it("stops listening when stopped", async () => {
    const other = await startKinesalite();
    const port = Number(new URL(other.endpoint).port);
    expect((await listeningSockets()).filter((s) => s.port === port).map((s) => s.address)).toEqual([
      "0100007F",
    ]);
    await other.stop();
    await expect(fetch(other.endpoint)).rejects.toThrow();
  });
});

describe("kinesis-local, as a child process", () => {
  let kinesis: KinesisStandIn;
  let client: KinesisClient;

  beforeAll(async () => {
    kinesis = await startKinesisLocal();
    client = kinesis.client();
  }, 90_000);

  afterAll(async () => {
    client?.destroy();
    await kinesis?.stop();
  });

  it("listens on loopback only, both of its ports (HTTP and TLS)", async () => {
    expect(await listeningAddressesOf(kinesis.pid as number)).toEqual(["0100007F", "0100007F"]);
  });

  it("reshards with UpdateShardCount: the closed parent's last page carries ChildShards, and ShardFilter sees only open shards", async () => {
    const arn = await createTestStream(client, "aws-rds-das-cluster-RESHARD", 1);
    expect(arn).toBe("arn:aws:kinesis:us-east-1:123456789012:stream/aws-rds-das-cluster-RESHARD");
    await putTestRecords(client, "aws-rds-das-cluster-RESHARD", [
      { data: "before 1", partitionKey: "a" },
      { data: "before 2", partitionKey: "b" },
    ]);
    const children = await updateTestShardCount(client, "aws-rds-das-cluster-RESHARD", 2);
    expect(children).toHaveLength(2);
    await putTestRecords(
      client,
      "aws-rds-das-cluster-RESHARD",
      Array.from({ length: 6 }, (_, i) => ({ data: `after ${i}`, partitionKey: `key-${i}` })),
    );
    const parent = await readShard(client, "aws-rds-das-cluster-RESHARD", "shardId-000000000000");
    expect(parent.data).toEqual(["before 1", "before 2"]);
    expect(parent.closed).toBe(true);
    expect(parent.childShards.map((c) => c.ShardId).sort()).toEqual([...children].sort());
    const afterData = (
      await Promise.all(children.map((id) => readShard(client, "aws-rds-das-cluster-RESHARD", id)))
    ).flatMap((r) => r.data);
    expect(afterData.sort()).toEqual(Array.from({ length: 6 }, (_, i) => `after ${i}`));
    const open = await client.send(
      new ListShardsCommand({ StreamARN: arn, ShardFilter: { Type: "AT_LATEST" } }),
    );
    expect(open.Shards?.map((s) => s.ShardId).sort()).toEqual([...children].sort());
  });

  it("stops only its own process, and exits by itself when the process that started it dies", async () => {
    const script = `
      const { startKinesisLocal } = await import(${JSON.stringify(new URL("../dist/index.js", import.meta.url).href)});
      const kinesis = await startKinesisLocal();
      process.stdout.write(String(kinesis.pid) + "\\n");
      setInterval(() => {}, 1000);
    `;
    const parent = spawn(process.execPath, ["--input-type=module", "-e", script], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const pid = await new Promise<number>((resolve, reject) => {
      parent.stdout.on("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
      parent.once("exit", (code) => reject(new Error(`the parent exited first (${code})`)));
    });
    expect(alive(pid)).toBe(true);
    parent.kill("SIGKILL");
    for (let i = 0; i < 300 && alive(pid); i++) await sleep(100);
    expect(alive(pid)).toBe(false);
    expect(alive(kinesis.pid as number)).toBe(true);
  }, 90_000);
});
