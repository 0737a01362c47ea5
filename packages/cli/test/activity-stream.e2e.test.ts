/**
 * `rds-log-archive activity-stream` as a user runs it: the built CLI as a child process, pointed by
 * the SDK's own variables at the emulator (RDS, KMS) and kinesalite, with records sealed by the
 * real Encryption SDK as RDS seals them. Killed with SIGKILL in the middle of a run and right after
 * it wrote an object, with records arriving before the next run, it archives every activity event
 * exactly once, byte for byte.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import {
  buildDasActivityEvent,
  buildDasHeartbeat,
  DAS_CLUSTER_RESOURCE_ID,
  DAS_INSTANCE_RESOURCE_ID,
  DAS_SAMPLE_SQL,
  type DasCluster,
  type DasEvent,
  putTestRecords,
  startDasCluster,
} from "@rds-log-archive/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/run-cli.js";

const CLI = fileURLToPath(new URL("../bundle/index.js", import.meta.url));
const RESOURCE_ID = DAS_CLUSTER_RESOURCE_ID;

let das: DasCluster;
let dir: string;
/** Every activity event put on the stream, by statement id. */
const produced = new Map<number, DasEvent>();
let statement = 0;

beforeAll(async () => {
  // Two shards: a run writes one object per shard, so it can be killed between them.
  das = await startDasCluster({ shards: 2 });
  dir = await mkdtemp(path.join(tmpdir(), "activity-e2e-"));
});

afterAll(async () => {
  await das?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const env = () => das.env();
const ARGS = ["activity-stream", "--cluster", "orders", "--dest"];

/** Puts `count` records; one in four is a heartbeat alone, the others carry two statements. */
async function put(count: number): Promise<void> {
  const records = [];
  for (let i = 0; i < count; i++) {
    const at = new Date();
    const events =
      i % 4 === 0
        ? [buildDasHeartbeat("aurora-postgresql", at)]
        : Array.from({ length: 2 }, () => {
            statement += 1;
            const event = buildDasActivityEvent("aurora-postgresql", {
              commandText: `${DAS_SAMPLE_SQL[statement % DAS_SAMPLE_SQL.length]} -- #${statement}`,
              at,
              statementId: statement,
            });
            produced.set(statement, event);
            return event;
          });
    records.push({ data: await das.producer.record(events), partitionKey: `key-${statement}-${i}` });
  }
  const client = das.kinesis.client();
  await putTestRecords(client, das.streamName, records);
  client.destroy();
}

async function archivedObjects(): Promise<string[]> {
  for (;;) {
    try {
      return (await readdir(dir, { recursive: true })).filter((f) => f.endsWith(".ndjson.gz")).sort();
    } catch (error) {
      // The CLI's staging folder can go between being listed and being read: list again.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
}

/** Every archived line, checked to be the event as produced with the record's place in front. */
async function archivedStatements(): Promise<number[]> {
  const ids: number[] = [];
  for (const file of await archivedObjects()) {
    const text = gunzipSync(await readFile(path.join(dir, file))).toString("utf8");
    for (const line of text.split("\n").filter((l) => l !== "")) {
      const event = JSON.parse(line) as Record<string, unknown>;
      expect(event.type).toBe("record");
      const id = event.statementId as number;
      const head = `{"shardId":${JSON.stringify(event.shardId)},"sequenceNumber":${JSON.stringify(event.sequenceNumber)},"clusterId":"${RESOURCE_ID}","instanceId":"${DAS_INSTANCE_RESOURCE_ID}",`;
      expect(line).toBe(head + JSON.stringify(produced.get(id)).slice(1));
      ids.push(id);
    }
  }
  return ids.sort((a, b) => a - b);
}

const everyStatement = () => Array.from({ length: statement }, (_, i) => i + 1);

/** Starts the CLI and kills it with SIGKILL once `when` holds. */
async function runAndKill(when: () => Promise<boolean>): Promise<void> {
  const child = spawn(process.execPath, [CLI, ...ARGS, dir], {
    env: { PATH: process.env.PATH ?? "", ...env() },
    stdio: "ignore",
  });
  const exited = once(child, "exit");
  for (let killed = false; !killed; ) {
    if (child.exitCode !== null)
      throw new Error(`the CLI ended (${child.exitCode}) before it could be killed`);
    if (await when()) {
      child.kill("SIGKILL");
      killed = true;
    } else await sleep(5);
  }
  const [code, signal] = await exited;
  expect(signal ?? code).toBe("SIGKILL");
}

describe("rds-log-archive activity-stream", () => {
  it("archives every event exactly once, byte for byte, across runs, SIGKILLs and records that arrive in between", async () => {
    await put(24);
    const first = await runCli([...ARGS, dir, "--json"], env());
    expect(first.code, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report.activity.totals).toMatchObject({ records: 24, heartbeats: 6, events: 36, failed: 0 });
    expect(first.stderr).toContain("rds-log-archive activity-stream: 36 events archived");
    expect(await archivedStatements()).toEqual(everyStatement());

    // Killed in the middle: as soon as it asked KMS for the data key, before it wrote anything.
    await put(200);
    das.emulator.requests.clear();
    await runAndKill(async () => (das.emulator.requests.counts().Decrypt ?? 0) > 0);

    // Killed right after it wrote an object (one of the two shards'), before its checkpoint moved.
    await put(40);
    const before = (await archivedObjects()).length;
    await runAndKill(async () => (await archivedObjects()).length > before);
    await put(40);

    const resumed = await runCli([...ARGS, dir], env());
    // Without --json the summary, which names what failed, is on stdout.
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(await archivedStatements()).toEqual(everyStatement());

    await put(12);
    const later = await runCli([...ARGS, dir], env());
    expect(later.code, later.stdout + later.stderr).toBe(0);
    expect(await archivedStatements()).toEqual(everyStatement());

    const objects = await archivedObjects();
    const idle = await runCli([...ARGS, dir, "--json"], env());
    expect(idle.code).toBe(0);
    expect(JSON.parse(idle.stdout).activity.totals).toMatchObject({ records: 0, objects: 0, kmsCalls: 0 });
    expect(await archivedObjects()).toEqual(objects);
  }, 300_000);

  it("exits 1 with a gap when the checkpoint is older than the stream's retention, and archives nothing twice", async () => {
    await put(8);
    const stateFile = path.join(dir, "_state", "activity", "us-east-1", `${RESOURCE_ID}.json`);
    const state = JSON.parse(await readFile(stateFile, "utf8"));
    for (const shard of Object.values(state.shards) as { arrival: string }[])
      shard.arrival = new Date(Date.now() - 30 * 3_600_000).toISOString();
    await writeFile(stateFile, JSON.stringify(state));
    const run = await runCli([...ARGS, dir], env());
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "gaps (activity records the stream no longer has and the archive never got):",
    );
    expect(run.stdout).toContain("older than the stream's 24 h retention");
    expect(await archivedStatements()).toEqual(everyStatement());
  });

  it("says how to start a stream that is not started, and refuses flags that are not its own", async () => {
    const quiet = await runCli(["activity-stream", "--cluster", "quiet", "--dest", dir], env());
    expect(quiet.code).toBe(1);
    expect(quiet.stdout).toContain(
      "ACTIVITY_STREAM_NOT_STARTED: the activity stream of cluster quiet in us-east-1 is stopped",
    );
    expect(quiet.stdout).toContain("start-activity-stream");
    const empty = await mkdtemp(path.join(tmpdir(), "activity-e2e-bad-"));
    for (const bad of [
      ["--log-types", "audit/*"],
      ["--max-duration", "soon"],
    ]) {
      const run = await runCli([...ARGS, empty, ...bad], env());
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(bad[0]);
    }
    expect(await readdir(empty)).toEqual([]);
    await rm(empty, { recursive: true });
  });

  it("plans a dry run: the shards and where each starts, reading and writing nothing", async () => {
    const empty = await mkdtemp(path.join(tmpdir(), "activity-e2e-dry-"));
    das.emulator.requests.clear();
    const run = await runCli([...ARGS, empty, "--dry-run"], env());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("2 shards would be read; nothing was read or written");
    expect(run.stdout).toContain("shardId-000000000000: planned from the archive");
    expect(das.emulator.requests.counts().Decrypt).toBeUndefined();
    expect(await readdir(empty)).toEqual([]);
    await rm(empty, { recursive: true });
  });
});
