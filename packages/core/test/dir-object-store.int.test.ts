import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, utimes, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDirObjectStore } from "../src/adapters/dir-object-store.js";
import type { ArchivedObjectMetadata, ObjectStore } from "../src/destinations/object-store.js";
import { isArchiverError } from "../src/errors.js";
import { updateState } from "../src/state/update-state.js";

let root: string;
let store: ObjectStore;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "dir-store-"));
  store = createDirObjectStore({ dir: join(root, "archive"), prefix: "logs/" });
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const metadataOf = (
  bytes: Buffer,
  logFileName = "error/postgresql.log.2026-11-20-10",
): ArchivedObjectMetadata => ({
  instance: "billing",
  logFileName,
  sourceSize: bytes.length,
  lastWritten: Date.UTC(2026, 10, 20, 10, 59, 0, 123),
  sourceSha256: createHash("sha256").update(bytes).digest("hex"),
  cluster: "orders",
  region: "us-east-1",
});

const put = (key: string, bytes: Buffer) =>
  store.putNew(key, Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]), {
    contentType: "application/gzip",
    metadata: () => metadataOf(bytes),
  });

/** Every file under the root, relative, including temp files and sidecars (not a staging folder's owner file). */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(folder.length + 1))
    .filter((file) => !/^\.tmp-rds-log-archive-[^/]+\/owner\.json$/.test(file))
    .sort();
}

/** A body that delivers some bytes, then fails like a dropped download. */
function failingBody(): Readable {
  return new Readable({
    read() {
      this.push(randomBytes(64 * 1024));
      setImmediate(() => this.destroy(new Error("connection reset by peer")));
    },
  });
}

const KEY = "logs/orders/error/2026/11/20/10/billing/postgresql.log.2026-11-20-10.gz";

describe("createDirObjectStore", () => {
  it("round-trips the bytes and writes the metadata sidecar", async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    expect(await put(KEY, bytes)).toEqual({ outcome: "created", bytesWritten: bytes.length });

    const path = join(root, "archive", KEY);
    expect((await readFile(path)).equals(bytes)).toBe(true);
    expect(await store.head(KEY)).toEqual(metadataOf(bytes));
    expect(JSON.parse(await readFile(`${path}.meta.json`, "utf8"))).toEqual({
      instance: "billing",
      "log-file-name": "error/postgresql.log.2026-11-20-10",
      "source-size": String(bytes.length),
      "last-written": "2026-11-20T10:59:00.123Z",
      "source-sha256": metadataOf(bytes).sourceSha256,
      cluster: "orders",
      region: "us-east-1",
      "content-type": "application/gzip",
    });
    expect(await store.head("logs/orders/other.gz")).toBeUndefined();
  });

  it("never overwrites: a second put reports exists and leaves content and mtime alone", async () => {
    const first = randomBytes(5000);
    await put(KEY, first);
    const path = join(root, "archive", KEY);
    const past = new Date("2026-01-01T00:00:00Z");
    await utimes(path, past, past);

    expect(await put(KEY, randomBytes(5000))).toEqual({ outcome: "exists", bytesWritten: 0 });
    expect((await readFile(path)).equals(first)).toBe(true);
    expect((await stat(path)).mtime).toEqual(past);
    expect(await filesUnder(join(root, "archive"))).toEqual([KEY, `${KEY}.meta.json`]);
  });

  it("lets exactly one of five concurrent writers of the same key create it", async () => {
    const bytes = randomBytes(256 * 1024);
    const results = await Promise.all(Array.from({ length: 5 }, () => put(KEY, bytes)));
    expect(results.filter((r) => r.outcome === "created")).toHaveLength(1);
    expect(results.filter((r) => r.outcome === "exists")).toHaveLength(4);
    expect((await readFile(join(root, "archive", KEY))).equals(bytes)).toBe(true);
    expect(await filesUnder(join(root, "archive"))).toEqual([KEY, `${KEY}.meta.json`]);
  });

  it.each([
    "../x",
    "logs/../../x",
    "logs/a/../../../b",
    "/etc/passwd",
    "logs//a",
    "logs/./a",
    "logs/a\\..\\..\\b",
    "logs/.tmp-1234",
    "logs/a.gz.meta.json",
    "logs/_state/x.json",
    "other/a.gz",
    "",
  ])("refuses the hostile or reserved key %j", async (key) => {
    const error = await put(key, randomBytes(10)).catch((e: unknown) => e);
    expect(isArchiverError(error) && error.code).toBe("UNSAFE_KEY");
    expect(await filesUnder(root)).toEqual([]);
  });

  it("refuses a folder that a symbolic link takes outside the root", async () => {
    const outside = join(root, "outside");
    await mkdir(outside);
    await mkdir(join(root, "archive", "logs"), { recursive: true });
    await symlink(outside, join(root, "archive", "logs", "escape"));
    const error = await put("logs/escape/x.gz", randomBytes(10)).catch((e: unknown) => e);
    expect(isArchiverError(error) && error.code).toBe("UNSAFE_KEY");
    expect(await readdir(outside)).toEqual([]);
  });

  it("leaves no object and no temp file when the body fails half-way", async () => {
    const error = await store
      .putNew(KEY, failingBody(), {
        contentType: "application/gzip",
        metadata: () => metadataOf(Buffer.alloc(0)),
      })
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe("connection reset by peer");
    expect(await filesUnder(join(root, "archive"))).toEqual([]);
    expect(await store.head(KEY)).toBeUndefined();
  });

  it("leaves nothing when the metadata cannot be produced (a short download)", async () => {
    const error = await store
      .putNew(KEY, Readable.from([Buffer.from("short")]), {
        contentType: "application/gzip",
        metadata: () => {
          throw new Error("read 5 of 10 bytes");
        },
      })
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe("read 5 of 10 bytes");
    expect(await filesUnder(join(root, "archive"))).toEqual([]);
  });

  it("lists objects only: no temp files, sidecars or state", async () => {
    const bytes = randomBytes(100);
    await put(KEY, bytes);
    await put("logs/orders/error/2026/11/20/11/billing/postgresql.log.2026-11-20-11.gz", randomBytes(7));
    await store.writeState("logs/_state/us-east-1/billing.json", "{}\n", null);
    await writeFile(join(root, "archive", "logs/orders/error/2026/11/20/10/billing/.tmp-other"), "x");

    const listed = [];
    for await (const entry of store.list("logs/")) listed.push(entry);
    expect(listed).toEqual([
      { key: KEY, size: 100 },
      { key: "logs/orders/error/2026/11/20/11/billing/postgresql.log.2026-11-20-11.gz", size: 7 },
    ]);
    const hour10 = [];
    for await (const entry of store.list("logs/orders/error/2026/11/20/1")) hour10.push(entry.key);
    expect(hour10).toHaveLength(2);
  });

  it("keeps temp files out of the dated folders, in one staging folder it removes on close", async () => {
    await put(KEY, randomBytes(100));
    const staging = (await readdir(join(root, "archive"))).filter((n) =>
      n.startsWith(".tmp-rds-log-archive-"),
    );
    expect(staging).toHaveLength(1);
    expect(await filesUnder(join(root, "archive", "logs"))).toEqual([
      "orders/error/2026/11/20/10/billing/postgresql.log.2026-11-20-10.gz",
      "orders/error/2026/11/20/10/billing/postgresql.log.2026-11-20-10.gz.meta.json",
    ]);
    await store.close();
    expect((await readdir(join(root, "archive"))).filter((n) => n.startsWith(".tmp-"))).toEqual([]);
  });

  it("sweeps the staging folder of a killed run, never one of a live run", async () => {
    const archive = join(root, "archive");
    const dead = spawnSync(process.execPath, ["-e", "process.exit(0)"]).pid;
    const leftovers = {
      dead: { host: hostname(), pid: dead },
      live: { host: hostname(), pid: process.ppid },
    };
    for (const [name, owner] of Object.entries(leftovers)) {
      const folder = join(archive, `.tmp-rds-log-archive-${owner.pid}-${name}`);
      await mkdir(folder, { recursive: true });
      await writeFile(join(folder, "owner.json"), JSON.stringify({ ...owner, startedAt: "" }));
      await writeFile(join(folder, "data-half-written"), "interrupted");
    }
    await put(KEY, randomBytes(10));
    const names = await readdir(archive);
    expect(names).not.toContain(`.tmp-rds-log-archive-${dead}-dead`);
    expect(names).toContain(`.tmp-rds-log-archive-${process.ppid}-live`);
  });

  it("never follows a link planted inside the root: no folder is made outside it", async () => {
    const outside = join(root, "outside");
    await mkdir(outside);
    await mkdir(join(root, "archive", "logs"), { recursive: true });
    await symlink(outside, join(root, "archive", "logs", "orders"));
    const error = await put(KEY, randomBytes(10)).catch((e: unknown) => e);
    expect(isArchiverError(error) && error.code).toBe("UNSAFE_KEY");
    expect(await readdir(outside)).toEqual([]);
    const reading = await store.readObject(KEY).catch((e: unknown) => e);
    expect(isArchiverError(reading) && reading.code).toBe("UNSAFE_KEY");
  });

  it("answers head through a link planted inside the root only when nothing is there", async () => {
    const outside = join(root, "outside");
    await mkdir(join(outside, "a"), { recursive: true });
    await mkdir(join(root, "archive", "logs"), { recursive: true });
    await symlink(outside, join(root, "archive", "logs", "orders"));
    expect(await store.head("logs/orders/b/missing.gz")).toBeUndefined();
    await writeFile(join(outside, "a", "x.gz"), "not ours");
    await writeFile(join(outside, "a", "x.gz.meta.json"), JSON.stringify({ instance: "i" }));
    const error = await store.head("logs/orders/a/x.gz").catch((e: unknown) => e);
    expect(isArchiverError(error) && error.code).toBe("UNSAFE_KEY");
  });

  it("makes a folder again when it was removed after the store wrote into it", async () => {
    const stateKey = "logs/_state/us-east-1/billing.json";
    expect(await store.writeState(stateKey, '{"v":1}\n', null)).toBe(true);
    await put(KEY, randomBytes(10));
    await rm(join(root, "archive", "logs"), { recursive: true });
    expect(await store.writeState(stateKey, '{"v":1}\n', null)).toBe(true);
    expect((await put(KEY, randomBytes(10))).outcome).toBe("created");
  });

  it("reports a folder it cannot write to as a coded error", async () => {
    await writeFile(join(root, "not-a-folder"), "");
    const blocked = createDirObjectStore({ dir: join(root, "not-a-folder"), prefix: "" });
    const body = Readable.from([Buffer.from("x")]);
    const error = await blocked
      .putNew("a.gz", body, { contentType: "application/gzip", metadata: () => metadataOf(Buffer.from("x")) })
      .catch((e: unknown) => e);
    expect(isArchiverError(error) && error.code).toBe("DESTINATION_WRITE_FAILED");
    expect(body.destroyed).toBe(true);
  });

  it("reads and replaces state documents, and only under {prefix}_state/", async () => {
    const key = "logs/_state/us-east-1/billing.json";
    expect(await store.readState(key)).toBeUndefined();
    expect(await store.writeState(key, '{"v":1}\n', null)).toBe(true);
    const first = await store.readState(key);
    expect(await store.writeState(key, '{"v":2}\n', first?.version ?? null)).toBe(true);
    expect((await store.readState(key))?.body).toBe('{"v":2}\n');
    expect(await filesUnder(join(root, "archive", "logs"))).toEqual(["_state/us-east-1/billing.json"]);
    const error = await store.writeState(KEY, "{}", null).catch((e: unknown) => e);
    expect(isArchiverError(error) && error.code).toBe("UNSAFE_KEY");
  });

  it("writes state only over the version read: a writer that read before another wrote is refused", async () => {
    const key = "logs/_state/us-east-1/billing.json";
    await store.writeState(key, '{"v":1}\n', null);
    const mine = await store.readState(key);
    const theirs = await store.readState(key);
    expect(await store.writeState(key, '{"theirs":true}\n', theirs?.version ?? null)).toBe(true);
    expect(await store.writeState(key, '{"mine":true}\n', mine?.version ?? null)).toBe(false);
    expect(await store.writeState(key, '{"again":true}\n', null)).toBe(false);
    expect((await store.readState(key))?.body).toBe('{"theirs":true}\n');
  });

  it("updateState keeps every concurrent writer's change", async () => {
    const key = "logs/_state/us-east-1/billing.json";
    const codec = {
      parse: (t: string | undefined) => (t === undefined ? undefined : (JSON.parse(t) as string[])),
      render: (v: string[]) => JSON.stringify(v),
    };
    // Two stores, as two runs would have them, and twenty writers at once.
    const other = createDirObjectStore({ dir: join(root, "archive"), prefix: "logs/" });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        updateState(i % 2 === 0 ? store : other, key, codec, (current) => [...(current ?? []), `w${i}`]),
      ),
    );
    const final = codec.parse((await store.readState(key))?.body) ?? [];
    expect(final.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `w${i}`).sort());
  });
});
