/**
 * The fault knobs that change the fleet while a client works on it: a file that grows between
 * listing and download, a numbered series that rotates while its `.1` is fetched, a file replaced
 * in place, and an instance removed mid-run. Each is checked through the real SDK (listings) and
 * a SigV4-signed REST download, on what the client is served byte for byte.
 */
import { rm } from "node:fs/promises";
import {
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeDBLogFilesCommand,
  DownloadDBLogFilePortionCommand,
  RDSClient,
} from "@aws-sdk/client-rds";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createGeneratedLogStream } from "../src/emulator/generated-log.js";
import { type RdsEmulator, startEmulator } from "../src/emulator/start-emulator.js";
import { writeFleet } from "../src/fleet/write-fleet.js";
import { signDownload } from "./support/sign-download.js";

const credentials = { accessKeyId: "test:tester", secretAccessKey: "testing" };
const NOW = new Date("2026-11-22T12:00:00Z");
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);
const ACTIVE = "20261122 11:59:00,maria,app,10.0.0.1,9,1,QUERY,shop,'SELECT 1',0\n".repeat(40);
const ROTATED_ONCE = "rotated once\n".repeat(300);
const ROTATED_TWICE = "rotated twice\n".repeat(200);
const PG_LOG = "2026-11-22 10:00:00 UTC::@:[1]:LOG:  checkpoint complete\n".repeat(500);
const GENERATED = { name: "error/postgresql.log.2026-11-22-10", size: 100_000, seed: 5 };

let emulator: RdsEmulator;
let fleetDir: string;
let rds: RDSClient;

beforeAll(async () => {
  fleetDir = await writeFleet(
    {
      clusters: [{ id: "aurora", engine: "aurora-postgresql", members: ["aurora-1", "aurora-2"] }],
      instances: [
        { id: "maria", engine: "mariadb" },
        {
          id: "aurora-1",
          engine: "aurora-postgresql",
          cluster: "aurora",
          generatedLogs: [{ ...GENERATED, lastWritten: minutesAgo(90).toISOString() }],
        },
        { id: "aurora-2", engine: "aurora-postgresql", cluster: "aurora" },
      ],
    },
    {
      maria: [
        { name: "audit/server_audit.log", content: ACTIVE, lastWritten: minutesAgo(1) },
        { name: "audit/server_audit.log.1", content: ROTATED_ONCE, lastWritten: minutesAgo(30) },
        { name: "audit/server_audit.log.2", content: ROTATED_TWICE, lastWritten: minutesAgo(90) },
        { name: "error/postgresql.log.2026-11-22-10", content: PG_LOG, lastWritten: minutesAgo(100) },
      ],
      "aurora-2": ["10", "11"].map((h) => ({
        name: `error/postgresql.log.2026-11-22-${h}`,
        content: `hour ${h}\n`.repeat(50),
        lastWritten: minutesAgo(60),
      })),
    },
  );
});

afterAll(async () => {
  await rm(fleetDir, { recursive: true, force: true });
});

// A fresh emulator per test: the changes these knobs make are meant to last.
beforeEach(async () => {
  emulator = await startEmulator({ fleetDir, now: () => NOW });
  rds = new RDSClient({ region: "us-east-1", endpoint: emulator.endpoint, credentials, maxAttempts: 1 });
});

afterEach(async () => {
  rds.destroy();
  await emulator.close();
});

async function download(instance: string, logFileName: string): Promise<{ status: number; body: Buffer }> {
  const signed = await signDownload({ endpoint: emulator.endpoint, credentials, instance, logFileName });
  const response = await fetch(signed.url, { headers: signed.headers });
  return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
}

async function listing(instance: string) {
  const { DescribeDBLogFiles = [] } = await rds.send(
    new DescribeDBLogFilesCommand({ DBInstanceIdentifier: instance }),
  );
  return new Map(
    DescribeDBLogFiles.map((f) => [f.LogFileName ?? "", { size: f.Size, lastWritten: f.LastWritten }]),
  );
}

async function generated(seed: number, size: number, start = 0, end = size): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of createGeneratedLogStream(seed, size, start, end)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe("growOnDownload: a body longer than listed", () => {
  it("serves more bytes than DescribeDBLogFiles listed, starting with the listed ones, and the listing catches up", async () => {
    const name = "error/postgresql.log.2026-11-22-10";
    const before = (await listing("maria")).get(name);
    expect(before?.size).toBe(PG_LOG.length);
    emulator.faults.set({ growOnDownload: [{ name, bytes: 4096, instance: "maria" }] });

    const { status, body } = await download("maria", name);
    expect(status).toBe(200);
    expect(body.length).toBe(PG_LOG.length + 4096);
    expect(body.subarray(0, PG_LOG.length).toString("utf8")).toBe(PG_LOG);

    const after = (await listing("maria")).get(name);
    expect(after?.size).toBe(PG_LOG.length + 4096);
    expect(after?.lastWritten).toBeGreaterThan(before?.lastWritten ?? Number.POSITIVE_INFINITY);
    // Once per set: the next download serves the grown file as it now is.
    expect((await download("maria", name)).body.equals(body)).toBe(true);
  });

  it("grows a generated file too, and the portion API serves the grown file from Marker 0", async () => {
    emulator.faults.set({ growOnDownload: [{ name: GENERATED.name, bytes: 1000 }] });
    let text = "";
    let marker = "0";
    for (;;) {
      const page = await rds.send(
        new DownloadDBLogFilePortionCommand({
          DBInstanceIdentifier: "aurora-1",
          LogFileName: GENERATED.name,
          Marker: marker,
          NumberOfLines: 500,
        }),
      );
      text += page.LogFileData ?? "";
      marker = page.Marker ?? "";
      if (!page.AdditionalDataPending) break;
    }
    expect(Buffer.byteLength(text)).toBe(GENERATED.size + 1000);
    expect(text.startsWith((await generated(GENERATED.seed, GENERATED.size)).toString("utf8"))).toBe(true);
    expect((await listing("aurora-1")).get(GENERATED.name)?.size).toBe(GENERATED.size + 1000);
  });
});

describe("rotateOnDownload: the series shifts while .1 is fetched", () => {
  it("serves the new .1 (the active file, as MariaDB rotates), and later listings show .1 → .2 → .3", async () => {
    const before = await listing("maria");
    emulator.faults.set({ rotateOnDownload: [{ name: "audit/server_audit.log.1" }] });

    const { body } = await download("maria", "audit/server_audit.log.1");
    expect(body.toString("utf8")).toBe(ACTIVE);
    expect(body.length).not.toBe(ROTATED_ONCE.length);

    const after = await listing("maria");
    expect(after.get("audit/server_audit.log")?.size).toBe(0);
    expect(after.get("audit/server_audit.log.1")).toEqual(before.get("audit/server_audit.log"));
    expect(after.get("audit/server_audit.log.2")).toEqual(before.get("audit/server_audit.log.1"));
    expect(after.get("audit/server_audit.log.3")).toEqual(before.get("audit/server_audit.log.2"));
    expect((await download("maria", "audit/server_audit.log.2")).body.toString("utf8")).toBe(ROTATED_ONCE);
    expect((await download("maria", "audit/server_audit.log.3")).body.toString("utf8")).toBe(ROTATED_TWICE);
  });

  it("with newSize, the new .1 is other text of that size", async () => {
    emulator.faults.set({ rotateOnDownload: [{ name: "audit/server_audit.log.1", newSize: 123 }] });
    const { body } = await download("maria", "audit/server_audit.log.1");
    expect(body.length).toBe(123);
    expect(body.toString("utf8")).not.toBe(ROTATED_ONCE.slice(0, 123));
    const after = await listing("maria");
    expect(after.get("audit/server_audit.log.1")?.size).toBe(123);
    expect(after.get("audit/server_audit.log.2")?.size).toBe(ROTATED_ONCE.length);
  });
});

describe("replaceOnDownload: a file replaced in place", () => {
  it("keeps the name and, by default, the size, but serves other bytes and moves LastWritten on", async () => {
    const name = "audit/server_audit.log.2";
    const before = (await listing("maria")).get(name);
    emulator.faults.set({ replaceOnDownload: [{ name }] });
    const { body } = await download("maria", name);
    expect(body.length).toBe(ROTATED_TWICE.length);
    expect(body.toString("utf8")).not.toBe(ROTATED_TWICE);
    const after = (await listing("maria")).get(name);
    expect(after?.size).toBe(before?.size);
    expect(after?.lastWritten).toBeGreaterThan(before?.lastWritten ?? Number.POSITIVE_INFINITY);
  });

  it("can change the size", async () => {
    emulator.faults.set({ replaceOnDownload: [{ name: GENERATED.name, size: 10 }] });
    expect((await download("aurora-1", GENERATED.name)).body.length).toBe(10);
    expect((await listing("aurora-1")).get(GENERATED.name)?.size).toBe(10);
  });
});

describe("removeInstances: an instance removed mid-run", () => {
  const members = async () =>
    (await rds.send(new DescribeDBClustersCommand({}))).DBClusters?.[0]?.DBClusterMembers?.map(
      (m) => m.DBInstanceIdentifier,
    );
  const instances = async () =>
    (await rds.send(new DescribeDBInstancesCommand({}))).DBInstances?.map((n) => n.DBInstanceIdentifier);
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => expect.unreachable("the call succeeded"),
      (e: { Code?: string; $metadata: { httpStatusCode?: number } }) => ({
        code: e.Code,
        status: e.$metadata.httpStatusCode,
      }),
    );

  it("serves N downloads in full, then is gone from every listing and answers 404 DBInstanceNotFound", async () => {
    emulator.faults.set({ removeInstances: [{ instance: "aurora-2", afterDownloads: 2 }] });
    expect(await members()).toEqual(["aurora-1", "aurora-2"]);
    const first = await download("aurora-2", "error/postgresql.log.2026-11-22-10");
    expect(first.body.toString("utf8")).toBe("hour 10\n".repeat(50));
    expect(await instances()).toContain("aurora-2");
    const second = await download("aurora-2", "error/postgresql.log.2026-11-22-11");
    expect(second.body.toString("utf8")).toBe("hour 11\n".repeat(50));

    expect(await instances()).toEqual(["aurora-1", "maria"]);
    expect(await members()).toEqual(["aurora-1"]);
    expect(
      await failure(rds.send(new DescribeDBLogFilesCommand({ DBInstanceIdentifier: "aurora-2" }))),
    ).toEqual({ code: "DBInstanceNotFound", status: 404 });
    expect(
      await failure(rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "aurora-2" }))),
    ).toEqual({ code: "DBInstanceNotFound", status: 404 });
    const third = await download("aurora-2", "error/postgresql.log.2026-11-22-10");
    expect(third.status).toBe(404);
    // The SDK maps both wire spellings to one class, so the raw body is what shows the code.
    expect(third.body.toString("utf8")).toContain("<Code>DBInstanceNotFound</Code>");
  });

  it("is removed now with removeInstance in process, or DELETE /_emulator/instances/ID on the admin API", async () => {
    expect(emulator.removeInstance("AURORA-2")).toBe(1);
    expect(await members()).toEqual(["aurora-1"]);
    const deleted = await fetch(`${emulator.endpoint}/_emulator/instances/maria`, { method: "DELETE" });
    expect(await deleted.json()).toEqual({ removed: 1 });
    expect(await instances()).toEqual(["aurora-1"]);
    const again = await fetch(`${emulator.endpoint}/_emulator/instances/maria`, { method: "DELETE" });
    expect(again.status).toBe(404);
  });
});

describe("the admin API", () => {
  it("sets the new knobs with PUT /_emulator/faults and refuses a misspelt one", async () => {
    const put = (body: unknown) =>
      fetch(`${emulator.endpoint}/_emulator/faults`, { method: "PUT", body: JSON.stringify(body) });
    const accepted = await put({ replaceOnDownload: [{ name: GENERATED.name, size: 7 }] });
    expect(accepted.status).toBe(200);
    expect((await download("aurora-1", GENERATED.name)).body.length).toBe(7);

    const refused = await put({ rotateOnDownlaod: [{ name: "x.1" }] });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toContain(
      "unknown fault knob rotateOnDownlaod",
    );
  });
});
