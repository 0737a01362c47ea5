import { createHash } from "node:crypto";
import { appendFile, mkdtemp, readFile, rename, rm, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import {
  connectSharedSwift,
  type RdsEmulator,
  SHARED_SWIFT_HOOK_TIMEOUT_MS,
  startEmulator,
  trickyFleet,
  writeFleet,
  writeLogFile,
} from "@rds-log-archive/testkit";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createS3Client } from "../src/adapters/create-s3-client.js";
import { createDirObjectStore } from "../src/adapters/dir-object-store.js";
import { createS3ObjectStore } from "../src/adapters/s3-object-store.js";
import { type ArchiveConfig, parseConfig } from "../src/config/parse-config.js";
import type { ObjectStore } from "../src/destinations/object-store.js";
import type { RunReport } from "../src/report/run-report.js";
import { archive } from "../src/sources/log-files/archive-log-files.js";

const sharedSwift = inject("sharedSwift");

interface Destination {
  name: string;
  start(): Promise<{
    store: () => ObjectStore;
    destination: Record<string, unknown>;
    read(key: string): Promise<Buffer | undefined>;
    stop(): Promise<void>;
    s3Calls(): number;
  }>;
}

const destinations: Destination[] = [
  {
    name: "a local folder",
    async start() {
      const dir = await mkdtemp(path.join(tmpdir(), "archive-dir-"));
      return {
        store: () => createDirObjectStore({ dir, prefix: "rds/" }),
        destination: { dir, prefix: "rds/" },
        read: (key) => readFile(path.join(dir, key)).catch(() => undefined),
        stop: () => rm(dir, { recursive: true, force: true }),
        s3Calls: () => 0,
      };
    },
  },
  {
    name: "Swift over the S3 API",
    async start() {
      const swift = await connectSharedSwift(sharedSwift);
      const bucket = await swift.createBucket("archive");
      let calls = 0;
      const client: S3Client = createS3Client({
        region: swift.region,
        endpoint: swift.endpoint,
        credentials: swift.credentials,
      });
      client.middlewareStack.add(
        (next) => (args) => {
          calls++;
          return next(args);
        },
        { step: "finalizeRequest", name: "countRequests" },
      );
      return {
        store: () => createS3ObjectStore({ client, bucket, prefix: "rds/" }),
        destination: { bucket, prefix: "rds/", endpoint: swift.endpoint },
        read: async (key) => {
          try {
            const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
            return Buffer.from((await object.Body?.transformToByteArray()) ?? []);
          } catch {
            return undefined;
          }
        },
        stop: async () => client.destroy(),
        s3Calls: () => calls,
      };
    },
  },
];

describe.each(destinations)("archive() into $name", (destinationKind) => {
  const skip = destinationKind.name.startsWith("Swift") && !sharedSwift.available;
  const now = new Date();
  let emulator: RdsEmulator;
  let fleetDir: string;
  let target: Awaited<ReturnType<Destination["start"]>>;
  let store: ObjectStore;
  const runs: RunReport[] = [];

  const config = (): ArchiveConfig => {
    const parsed = parseConfig(
      {
        targets: [{ region: "us-east-1", clusters: ["aurora"], instances: ["maria"] }],
        destination: target.destination,
        concurrency: 3,
      },
      now,
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    return parsed.config;
  };
  const run = async (at = now) => {
    const report = await archive(config(), { store, now: () => at });
    runs.push(report);
    return report;
  };
  const source = (instance: string, name: string) =>
    readFile(path.join(fleetDir, "instances", instance, ...name.split("/")));

  beforeAll(async () => {
    if (skip) return;
    const { spec, logs } = trickyFleet(now);
    fleetDir = await writeFleet(spec, logs);
    emulator = await startEmulator({ fleetDir });
    process.env.AWS_ENDPOINT_URL_RDS = emulator.endpoint;
    process.env.AWS_ACCESS_KEY_ID = "test:tester";
    process.env.AWS_SECRET_ACCESS_KEY = "testing";
    target = await destinationKind.start();
    store = target.store();
  }, SHARED_SWIFT_HOOK_TIMEOUT_MS);

  afterAll(async () => {
    if (skip) return;
    await emulator.close();
    await target.stop();
    await rm(fleetDir, { recursive: true, force: true });
  });

  it.skipIf(skip)(
    "archives every settled file once, and each object decompresses to the source bytes",
    async () => {
      const report = await run();
      expect(report.totals).toMatchObject({ archived: 8, failed: 0, gaps: 0 });
      expect(report.items.find((i) => i.logFile === "audit/server_audit.log")).toMatchObject({
        outcome: "skipped",
        reason: "not-settled",
      });
      for (const item of report.items.filter((i) => i.outcome === "archived")) {
        const stored = await target.read(item.key);
        expect(stored, item.key).toBeDefined();
        const original = await source(item.instance, item.logFile);
        const restored = item.logFile.endsWith(".gz") ? (stored as Buffer) : gunzipSync(stored as Buffer);
        expect(restored.equals(original), item.logFile).toBe(true);
        expect(item.sha256).toBe(createHash("sha256").update(original).digest("hex"));
        expect((await store.head(item.key))?.sourceSha256).toBe(item.sha256);
      }
      const gz = report.items.find((i) => i.logFile.endsWith(".gz"));
      expect(gz?.key.endsWith(".gz.gz")).toBe(false);
    },
  );

  it.skipIf(skip)(
    "re-runs as a no-op: nothing written, nothing downloaded, at most 3 API calls per instance",
    async () => {
      emulator.requests.clear();
      const s3Before = target.s3Calls();
      const report = await run();
      expect(report.totals).toMatchObject({ archived: 0, failed: 0, gaps: 0 });
      const counts = emulator.requests.counts();
      expect(counts.DownloadCompleteDBLogFile ?? 0).toBe(0);
      const calls = Object.values(counts).reduce((a, b) => a + b, 0) + (target.s3Calls() - s3Before);
      expect(calls).toBeLessThanOrEqual(3 * 3);
    },
  );

  it.skipIf(skip)(
    "archives grown and repeating files as new versions, skips renamed copies, reports a vanished file as a gap, and overwrites nothing",
    async () => {
      const before = runs[0]?.items.filter((i) => i.outcome === "archived") ?? [];
      const later = new Date(now.getTime() + 3 * 3600_000);
      const maria = path.join(fleetDir, "instances/maria/audit");
      // A file written during the last run, not yet settled, that then disappears before this one: a true gap.
      await writeLogFile(fleetDir, "aurora-1", {
        name: "error/postgresql.log.2026-11-22-23",
        content: "soon gone\n",
        lastWritten: new Date(later.getTime() - 60_000),
      });
      // The active audit log is still being written during that run.
      const active = path.join(maria, "server_audit.log");
      await appendFile(active, "more activity\n");
      await utimes(active, new Date(later.getTime() - 60_000), new Date(later.getTime() - 60_000));
      await run(later);
      await rm(path.join(fleetDir, "instances/aurora-1/error/postgresql.log.2026-11-22-23"));
      // Size rotation: .2 -> .3, .1 -> .2, the active file -> .1, and a new active file.
      await rename(path.join(maria, "server_audit.log.2"), path.join(maria, "server_audit.log.3"));
      await rename(path.join(maria, "server_audit.log.1"), path.join(maria, "server_audit.log.2"));
      await rename(path.join(maria, "server_audit.log"), path.join(maria, "server_audit.log.1"));
      await writeLogFile(fleetDir, "maria", {
        name: "audit/server_audit.log",
        content: "new active\n",
        lastWritten: new Date(later.getTime() + 8 * 60_000),
      });
      // The legacy hourly name comes round again with the next day's content; a file grows.
      await writeLogFile(fleetDir, "maria", {
        name: "slowquery/mysql-slowquery.log.7",
        content: "today at 07:00\n",
        lastWritten: new Date(later.getTime() - 3600_000),
      });
      const spaced = path.join(fleetDir, "instances/aurora-2/slowquery/mysql slow query.log");
      await appendFile(spaced, "grown\n");
      await utimes(spaced, new Date(later.getTime() - 1800_000), new Date(later.getTime() - 1800_000));

      const report = await run(new Date(later.getTime() + 600_000));
      const archived = report.items
        .filter((i) => i.outcome === "archived")
        .map((i) => i.logFile)
        .sort();
      expect(archived).toEqual([
        "audit/server_audit.log.1",
        "slowquery/mysql slow query.log",
        "slowquery/mysql-slowquery.log.7",
      ]);
      expect(
        report.items
          .filter((i) => i.reason === "renamed-copy")
          .map((i) => i.logFile)
          .sort(),
      ).toEqual(["audit/server_audit.log.2", "audit/server_audit.log.3"]);
      expect(report.gaps).toEqual([
        expect.objectContaining({ instance: "aurora-1", logFile: "error/postgresql.log.2026-11-22-23" }),
      ]);
      for (const item of before) {
        const stored = await target.read(item.key);
        const original = item.logFile.endsWith(".gz") ? stored : gunzipSync(stored as Buffer);
        expect(
          createHash("sha256")
            .update(original as Buffer)
            .digest("hex"),
          `${item.key} unchanged`,
        ).toBe(item.sha256);
      }
    },
  );
});
