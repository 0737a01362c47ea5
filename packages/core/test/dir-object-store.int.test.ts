import { createHash, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDirObjectStore } from "../src/adapters/dir-object-store.js";
import type { ArchivedObjectMetadata, ObjectStore } from "../src/destinations/object-store.js";
import { isArchiverError } from "../src/errors.js";

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

/** Every file under the root, relative, including temp files and sidecars. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(folder.length + 1))
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

  it("lists objects only: no temp files, sidecars or state, and sweeps stale temp files", async () => {
    const bytes = randomBytes(100);
    await put(KEY, bytes);
    await put("logs/orders/error/2026/11/20/11/billing/postgresql.log.2026-11-20-11.gz", randomBytes(7));
    await store.writeState("logs/_state/us-east-1/billing.json", "{}\n");
    const folder = join(root, "archive", "logs/orders/error/2026/11/20/10/billing");
    const stale = join(folder, ".tmp-stale");
    const fresh = join(folder, ".tmp-fresh");
    await writeFile(stale, "killed run");
    await writeFile(fresh, "live writer");
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(stale, old, old);

    const listed = [];
    for await (const entry of store.list("logs/")) listed.push(entry);
    expect(listed).toEqual([
      { key: KEY, size: 100 },
      { key: "logs/orders/error/2026/11/20/11/billing/postgresql.log.2026-11-20-11.gz", size: 7 },
    ]);
    const hour10 = [];
    for await (const entry of store.list("logs/orders/error/2026/11/20/1")) hour10.push(entry.key);
    expect(hour10).toHaveLength(2);

    await put("logs/orders/error/2026/11/20/10/billing/postgresql.log.2026-11-20-10.1.gz", randomBytes(5));
    const names = await readdir(folder);
    expect(names).not.toContain(".tmp-stale");
    expect(names).toContain(".tmp-fresh");
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
    await store.writeState(key, '{"v":1}\n');
    await store.writeState(key, '{"v":2}\n');
    expect(await store.readState(key)).toBe('{"v":2}\n');
    expect(await filesUnder(join(root, "archive"))).toEqual(["logs/_state/us-east-1/billing.json"]);
    const error = await store.writeState(KEY, "{}").catch((e: unknown) => e);
    expect(isArchiverError(error) && error.code).toBe("UNSAFE_KEY");
  });
});
