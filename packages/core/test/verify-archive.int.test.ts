import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { connectSharedSwift } from "@rds-log-archive/testkit";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createS3Client } from "../src/adapters/create-s3-client.js";
import { createDirObjectStore } from "../src/adapters/dir-object-store.js";
import { createS3ObjectStore } from "../src/adapters/s3-object-store.js";
import { type ArchiveConfig, parseConfig } from "../src/config/parse-config.js";
import type { ObjectStore } from "../src/destinations/object-store.js";
import { archive } from "../src/sources/log-files/archive-log-files.js";
import { runtimeHasZstd } from "../src/sources/log-files/compression.js";
import { verifyArchive } from "../src/verify/verify-archive.js";
import { createMemoryRds, memoryLogFile } from "./support/memory-rds-port.js";

const NOW = new Date("2026-11-20T12:30:00Z");
const sharedSwift = inject("sharedSwift");

/** What a test does to a stored object: read its bytes and metadata, and write them back changed. */
interface Tamper {
  read(key: string): Promise<{ body: Buffer; metadata: Record<string, string> | undefined }>;
  write(key: string, body: Buffer, metadata: Record<string, string> | undefined): Promise<void>;
}

interface Destination {
  name: string;
  skip: boolean;
  start(): Promise<{
    store: ObjectStore;
    destination: Record<string, unknown>;
    tamper: Tamper;
    stop(): Promise<void>;
  }>;
}

const destinations: Destination[] = [
  {
    name: "a local folder",
    skip: false,
    async start() {
      const dir = await mkdtemp(path.join(tmpdir(), "verify-dir-"));
      const sidecar = (key: string) => path.join(dir, `${key}.meta.json`);
      return {
        store: createDirObjectStore({ dir, prefix: "rds/" }),
        destination: { dir, prefix: "rds/" },
        tamper: {
          read: async (key) => ({
            body: await readFile(path.join(dir, key)),
            metadata: JSON.parse(await readFile(sidecar(key), "utf8")),
          }),
          async write(key, body, metadata) {
            await writeFile(path.join(dir, key), body);
            if (metadata === undefined) await rm(sidecar(key));
          },
        },
        stop: () => rm(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: "Swift over the S3 API",
    skip: !sharedSwift.available,
    async start() {
      const swift = await connectSharedSwift(sharedSwift);
      const bucket = await swift.createBucket("verify");
      const client: S3Client = createS3Client({
        region: swift.region,
        endpoint: swift.endpoint,
        credentials: swift.credentials,
      });
      return {
        store: createS3ObjectStore({ client, bucket, prefix: "rds/" }),
        destination: { bucket, prefix: "rds/", endpoint: swift.endpoint },
        tamper: {
          async read(key) {
            const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
            return {
              body: Buffer.from((await object.Body?.transformToByteArray()) ?? []),
              metadata: object.Metadata,
            };
          },
          // Objects are never overwritten by the archiver; a test may, to stand for damage.
          async write(key, body, metadata) {
            await client.send(
              new PutObjectCommand({
                Bucket: bucket,
                Key: key,
                Body: body,
                ...(metadata ? { Metadata: metadata } : {}),
              }),
            );
          },
        },
        stop: async () => client.destroy(),
      };
    },
  },
];

describe.each(destinations)("verify on $name", (kind) => {
  let target: Awaited<ReturnType<Destination["start"]>>;
  let keys: Record<string, string>;
  const config = (): ArchiveConfig => {
    const parsed = parseConfig(
      { targets: [{ region: "us-east-1", all: true }], destination: target.destination },
      NOW,
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    return parsed.config;
  };
  const verify = (window: { since?: Date; until?: Date } = {}) =>
    verifyArchive({ destination: config().destination, concurrency: 3, ...window }, { store: target.store });

  beforeAll(async () => {
    if (kind.skip) return;
    target = await kind.start();
    const rds = createMemoryRds();
    rds.instances.set("db-1", { id: "db-1", engine: "aurora-postgresql" });
    const at = (hour: number) => new Date(Date.UTC(2026, 10, 20, hour, 59));
    rds.logs.set("db-1", [
      ...[7, 8, 9, 10].map((hour) =>
        memoryLogFile(
          `error/postgresql.log.2026-11-20-${String(hour).padStart(2, "0")}`,
          `hour ${hour}\n`.repeat(500),
          at(hour),
        ),
      ),
      // Already gzip, stored as it is: verify must take it for its own bytes.
      {
        ...memoryLogFile("error/postgresql.log.2026-11-20-06.gz", "", at(6)),
        ...gzipped("six o'clock\n".repeat(900)),
      },
    ]);
    const report = await archive(config(), { createRdsPort: () => rds, now: () => NOW, store: target.store });
    expect(report.totals).toMatchObject({ archived: 5, failed: 0 });
    keys = Object.fromEntries(report.items.map((i) => [i.logFile.slice(-5), i.key]));
  }, 120_000);

  afterAll(async () => {
    // Undefined when start-up failed; its own error is the one to read.
    await target?.stop();
  });

  it.skipIf(kind.skip)("finds a sound archive sound, the stored-as-is .gz included", async () => {
    const report = await verify();
    expect(report.totals).toMatchObject({ checked: 5, ok: 5, bad: 0 });
    expect(report.bad).toEqual([]);
  });

  it.skipIf(kind.skip)("names a flipped byte, a truncated object and a missing metadata record", async () => {
    const flipped = keys["20-07"] as string;
    const truncated = keys["20-08"] as string;
    const bare = keys["20-09"] as string;
    const a = await target.tamper.read(flipped);
    const body = Buffer.from(a.body);
    const middle = Math.floor(body.length / 2);
    body.writeUInt8(body.readUInt8(middle) ^ 0x01, middle);
    await target.tamper.write(flipped, body, a.metadata);
    const b = await target.tamper.read(truncated);
    await target.tamper.write(truncated, b.body.subarray(0, b.body.length - 9), b.metadata);
    const c = await target.tamper.read(bare);
    await target.tamper.write(bare, c.body, undefined);

    const report = await verify();
    expect(report.totals).toMatchObject({ checked: 5, ok: 2, bad: 3 });
    expect(report.bad).toEqual(
      [
        {
          key: flipped,
          problems: [{ code: "NOT_GZIP", message: expect.stringContaining("does not decompress") }],
        },
        {
          key: truncated,
          problems: [{ code: "NOT_GZIP", message: expect.stringContaining("unexpected end of file") }],
        },
        {
          key: bare,
          problems: [{ code: "NO_METADATA", message: expect.stringContaining("no metadata record") }],
        },
      ].sort((x, y) => (x.key < y.key ? -1 : 1)),
    );
  });

  it.skipIf(kind.skip)("names an object whose content is not what its metadata records", async () => {
    const key = keys["20-10"] as string;
    const { metadata } = await target.tamper.read(key);
    await target.tamper.write(key, gzipSync("hour 10\n".repeat(499)), metadata);
    const report = await verify({ since: new Date("2026-11-20T10:00:00Z") });
    expect(report.bad).toEqual([{ key, problems: [{ code: "SIZE_MISMATCH", message: expect.any(String) }] }]);
  });

  it.skipIf(kind.skip)(
    "reads only the window: since and until on the object's hour and LastWritten",
    async () => {
      const report = await verify({
        since: new Date("2026-11-20T06:00:00Z"),
        until: new Date("2026-11-20T07:00:00Z"),
      });
      expect(report.totals).toMatchObject({ checked: 1, ok: 1, outsideWindow: 4 });
    },
  );
});

function gzipped(text: string) {
  const content = gzipSync(Buffer.from(text));
  return { content, size: content.length };
}

// zstd comes with Node 22.15's zlib: CI's Node 24 runs this; on Node 20 there is nothing to compress with.
describe.skipIf(!runtimeHasZstd())("verify on zstd objects (Node 22.15 and later)", () => {
  it("archives with compression zstd into .zst keys that say zstd, and verify proves and faults them", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "verify-zstd-"));
    try {
      const parsed = parseConfig(
        {
          targets: [{ region: "us-east-1", all: true }],
          destination: { dir, prefix: "rds/" },
          compression: "zstd-5",
        },
        NOW,
      );
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      const store = createDirObjectStore({ dir, prefix: "rds/" });
      const rds = createMemoryRds();
      rds.instances.set("db-1", { id: "db-1", engine: "postgres" });
      rds.logs.set("db-1", [
        memoryLogFile(
          "error/postgresql.log.2026-11-20-09",
          "nine\n".repeat(5000),
          new Date("2026-11-20T09:59:00Z"),
        ),
        memoryLogFile(
          "error/postgresql.log.2026-11-20-10",
          "ten\n".repeat(5000),
          new Date("2026-11-20T10:59:00Z"),
        ),
      ]);
      const report = await archive(parsed.config, { createRdsPort: () => rds, now: () => NOW, store });
      expect(report.totals).toMatchObject({ archived: 2, failed: 0 });
      const [first = "", second = ""] = report.items.map((item) => item.key);
      expect([first, second].every((key) => key.endsWith(".zst"))).toBe(true);
      const sidecar = JSON.parse(await readFile(path.join(dir, `${first}.meta.json`), "utf8"));
      expect(sidecar).toMatchObject({ compression: "zstd", "content-type": "application/zstd" });
      const verify = () =>
        verifyArchive({ destination: parsed.config.destination, concurrency: 2 }, { store });
      expect((await verify()).totals).toMatchObject({ checked: 2, ok: 2, bad: 0 });

      const body = await readFile(path.join(dir, second));
      await writeFile(path.join(dir, second), body.subarray(0, body.length - 5));
      expect((await verify()).bad).toEqual([
        { key: second, problems: [{ code: "NOT_GZIP", message: expect.stringContaining("as zstd") }] },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
