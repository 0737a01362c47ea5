import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createMemoryRds,
  type MemoryLogFile,
  type MemoryRds,
  memoryLogFile,
} from "../../../test/support/memory-rds-port.js";
import { createDirObjectStore } from "../../adapters/dir-object-store.js";
import { type ArchiveConfig, parseConfig } from "../../config/parse-config.js";
import { ArchiverError } from "../../errors.js";
import { archive } from "./archive-log-files.js";

// The runner through its ports: RDS in memory, the archive in a temp folder, no SDK, no emulator.
const NOW = new Date("2026-11-20T12:30:00Z");
let dir: string;
let rds: MemoryRds;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "log-files-source-"));
  rds = createMemoryRds();
  rds.clusters.set("orders", { id: "orders", engine: "aurora-postgresql", members: ["orders-1"] });
  rds.instances.set("orders-1", { id: "orders-1", engine: "aurora-postgresql", cluster: "orders" });
  rds.logs.set("orders-1", [
    memoryLogFile(
      "error/postgresql.log.2026-11-20-10",
      "ten o'clock 日本語\n",
      new Date("2026-11-20T10:59:00Z"),
    ),
    memoryLogFile("error/postgresql.log.2026-11-20-11", "eleven\n", new Date("2026-11-20T11:59:00Z")),
  ]);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function config(): ArchiveConfig {
  const parsed = parseConfig(
    { targets: [{ region: "us-east-1", clusters: ["orders"] }], destination: { dir } },
    NOW,
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.config;
}

const run = () =>
  archive(config(), {
    createRdsPort: () => rds,
    now: () => NOW,
    store: createDirObjectStore({ dir, prefix: "" }),
  });

describe("the log-files source through its ports", () => {
  it("archives each settled version once, and a re-run downloads nothing", async () => {
    const first = await run();
    expect(first.totals).toMatchObject({ archived: 2, failed: 0, gaps: 0 });
    const key = first.items[0]?.key ?? "";
    expect(key).toBe(
      "orders/error/2026/11/20/10/orders-1/postgresql.log.2026-11-20-10_20261120T105900000Z_22.gz",
    );
    expect(gunzipSync(await readFile(path.join(dir, key))).toString()).toBe("ten o'clock 日本語\n");

    const downloads = rds.calls.downloadLogFile;
    const second = await run();
    expect(second.totals).toMatchObject({ archived: 0, skipped: 2 });
    expect(rds.calls.downloadLogFile).toBe(downloads);
  });

  it("archives a file that grew as a new version beside the old one", async () => {
    await run();
    const logs = rds.logs.get("orders-1") ?? [];
    logs[1] = memoryLogFile(
      "error/postgresql.log.2026-11-20-11",
      "eleven\nand more\n",
      new Date("2026-11-20T11:59:30Z"),
    );
    const report = await run();
    expect(report.items.filter((i) => i.outcome === "archived").map((i) => i.size)).toEqual([16]);
  });
});

/** Every object stored in the archive folder, key → decompressed bytes. */
async function archivedObjects(): Promise<Map<string, string>> {
  const store = createDirObjectStore({ dir, prefix: "" });
  const objects = new Map<string, string>();
  for await (const { key } of store.list(""))
    objects.set(key, gunzipSync(await readFile(path.join(dir, key))).toString());
  return objects;
}

const logsOf = () => rds.logs.get("orders-1") ?? [];

describe("the bytes stored are the version listed", () => {
  it("a file that grows during its download is not stored under its listed key; its growth is archived once settled", async () => {
    rds.onDownload = (_instance, name) => {
      if (name !== "error/postgresql.log.2026-11-20-11") return;
      rds.onDownload = undefined;
      const logs = logsOf();
      logs[1] = memoryLogFile(name, "eleven\nand a late line\n", new Date("2026-11-20T12:29:00Z"));
    };
    const report = await run();
    expect(report.totals).toMatchObject({ archived: 1, failed: 0, gaps: 0 });
    expect(report.items.find((i) => i.logFile.endsWith("-11"))).toMatchObject({
      outcome: "skipped",
      reason: "changed-during-download",
    });
    expect([...(await archivedObjects()).values()]).toEqual(["ten o'clock 日本語\n"]);

    const later = await archive(config(), {
      createRdsPort: () => rds,
      now: () => new Date("2026-11-20T12:40:00Z"),
      store: createDirObjectStore({ dir, prefix: "" }),
    });
    expect(later.totals).toMatchObject({ archived: 1, gaps: 0 });
    expect([...(await archivedObjects()).values()].sort()).toEqual([
      "eleven\nand a late line\n",
      "ten o'clock 日本語\n",
    ]);
  });

  it("a body longer than RDS lists is never cut to the listed size and stored", async () => {
    // RDS serving more than its listing says, every time: no object is made of it.
    const listed = logsOf()[1] as MemoryLogFile;
    logsOf()[1] = { ...listed, content: Buffer.from("eleven\nplus bytes the listing does not know\n") };
    const report = await run();
    expect(report.totals).toMatchObject({ archived: 1, failed: 0 });
    expect(report.items.find((i) => i.logFile.endsWith("-11"))?.reason).toBe("changed-during-download");
    expect([...(await archivedObjects()).values()]).toEqual(["ten o'clock 日本語\n"]);
  });

  it("a rotation during the download of server_audit.log.1 stores the listed version, fetched from .2", async () => {
    rds.instances.set("maria", { id: "maria", engine: "mariadb" });
    const first = memoryLogFile(
      "audit/server_audit.log.1",
      "the listed first file\n",
      new Date("2026-11-20T11:00:00Z"),
    );
    rds.logs.set("maria", [first]);
    rds.onDownload = (_instance, name) => {
      if (name !== "audit/server_audit.log.1") return;
      rds.onDownload = undefined;
      rds.logs.set("maria", [
        { ...first, name: "audit/server_audit.log.2" },
        memoryLogFile(
          "audit/server_audit.log.1",
          "a newer file, same length!\n",
          new Date("2026-11-20T12:20:00Z"),
        ),
      ]);
    };
    const report = await archive(
      {
        ...config(),
        targets: [
          { ...config().targets[0], clusters: [], instances: ["maria"] } as ArchiveConfig["targets"][number],
        ],
      },
      { createRdsPort: () => rds, now: () => NOW, store: createDirObjectStore({ dir, prefix: "" }) },
    );
    expect(report.totals).toMatchObject({ archived: 1, failed: 0, gaps: 0 });
    const item = report.items.find((i) => i.outcome === "archived");
    expect((await archivedObjects()).get(item?.key ?? "")).toBe("the listed first file\n");
  });

  it("a file replaced in place during its download is a gap, and the replacement is not stored under the old key", async () => {
    rds.onDownload = (_instance, name) => {
      if (name !== "error/postgresql.log.2026-11-20-11") return;
      rds.onDownload = undefined;
      logsOf()[1] = memoryLogFile(name, "ELEVEN\n", new Date("2026-11-20T12:29:00Z"));
    };
    const report = await run();
    expect(report.totals).toMatchObject({ archived: 1, failed: 0, gaps: 1 });
    expect(report.gaps[0]).toMatchObject({ logFile: "error/postgresql.log.2026-11-20-11" });
    expect([...(await archivedObjects()).values()]).toEqual(["ten o'clock 日本語\n"]);
  });
});

describe("losses are gaps, once", () => {
  it("a file rotated away between listing and download is one gap, not a failure, and no later run repeats it", async () => {
    rds.onDownload = (_instance, name) => {
      if (name === "error/postgresql.log.2026-11-20-10") rds.logs.set("orders-1", logsOf().slice(1));
    };
    const report = await run();
    expect(report.totals).toMatchObject({ archived: 1, failed: 0, gaps: 1 });
    expect(report.items.find((i) => i.logFile.endsWith("-10"))).toMatchObject({ outcome: "skipped" });
    const again = await run();
    expect(again.totals).toMatchObject({ failed: 0, gaps: 0 });
  });

  it("an instance deleted mid-run turns what it still had into gaps, not failures", async () => {
    rds.logs.set("orders-1", [
      ...logsOf(),
      memoryLogFile("error/postgresql.log.2026-11-20-12", "twelve\n", new Date("2026-11-20T12:29:00Z")),
    ]);
    rds.onDownload = () => {
      rds.instances.delete("orders-1");
      rds.clusters.set("orders", { id: "orders", engine: "aurora-postgresql", members: [] });
    };
    const report = await run();
    expect(report.totals).toMatchObject({ archived: 0, failed: 0, gaps: 3 });
    expect(report.items.map((i) => i.reason).sort()).toEqual([
      "instance-gone",
      "instance-gone",
      "not-settled",
    ]);
    expect(report.gaps.map((g) => g.logFile).sort()).toEqual([
      "error/postgresql.log.2026-11-20-10",
      "error/postgresql.log.2026-11-20-11",
      "error/postgresql.log.2026-11-20-12",
    ]);
    const state = JSON.parse(await readFile(path.join(dir, "_state/us-east-1/orders-1.json"), "utf8"));
    expect(state).toMatchObject({ pending: [], goneAt: NOW.toISOString() });
  });
});

describe("an instance deleted just after serving a file", () => {
  it("keeps the file it served in full, and reports the rest as gaps", async () => {
    const list = rds.listLogFiles.bind(rds);
    // RDS deletes the instance once the first download has been served, before it is re-checked.
    rds.listLogFiles = async (instance, filter) => {
      if (filter?.filenameContains !== undefined) {
        rds.instances.delete("orders-1");
        rds.clusters.set("orders", { id: "orders", engine: "aurora-postgresql", members: [] });
      }
      return list(instance, filter);
    };
    const report = await archive(
      { ...config(), concurrency: 1 },
      { createRdsPort: () => rds, now: () => NOW, store: createDirObjectStore({ dir, prefix: "" }) },
    );
    expect(report.totals).toMatchObject({ archived: 1, failed: 0, gaps: 1 });
    expect([...(await archivedObjects()).values()]).toEqual(["ten o'clock 日本語\n"]);
    expect(report.gaps[0]).toMatchObject({ logFile: "error/postgresql.log.2026-11-20-11" });
  });
});

describe("an instance deleted between runs", () => {
  it("the next run reports what the instance's state still awaited, once", async () => {
    rds.logs.set("orders-1", [
      ...logsOf(),
      memoryLogFile("error/postgresql.log.2026-11-20-12", "twelve\n", new Date("2026-11-20T12:29:00Z")),
    ]);
    expect((await run()).totals).toMatchObject({ archived: 2, gaps: 0 });
    // An Aurora reader scaled in: gone from the cluster, and from RDS.
    rds.instances.delete("orders-1");
    rds.clusters.set("orders", { id: "orders", engine: "aurora-postgresql", members: [] });
    const later = () =>
      archive(config(), {
        createRdsPort: () => rds,
        now: () => new Date("2026-11-20T13:30:00Z"),
        store: createDirObjectStore({ dir, prefix: "" }),
      });
    const report = await later();
    expect(report.gaps).toEqual([
      expect.objectContaining({ instance: "orders-1", logFile: "error/postgresql.log.2026-11-20-12" }),
    ]);
    expect(report.targets.filter((t) => t.error)).toEqual([]);
    expect((await later()).gaps).toEqual([]);
  });
});

describe("names longer than a file system allows", () => {
  it("archives a log file whose name is over 255 bytes, with no state to go by, and the rest beside it", async () => {
    const long = `error/${"audit-trail-".repeat(24)}.log`;
    rds.logs.set("orders-1", [
      ...logsOf(),
      memoryLogFile(long, "long name\n", new Date("2026-11-20T11:30:00Z")),
    ]);
    const report = await run();
    expect(report.targets[0]?.error).toBeUndefined();
    expect(report.totals).toMatchObject({ archived: 3, failed: 0 });
    const item = report.items.find((i) => i.logFile === long);
    expect((await archivedObjects()).get(item?.key ?? "")).toBe("long name\n");
    // The state lost: the next run finds every object by its key again.
    await rm(path.join(dir, "_state"), { recursive: true });
    expect((await run()).totals).toMatchObject({ archived: 0, skipped: 3, failed: 0 });
  });
});

describe("the report keeps what happened to every file", () => {
  it("keeps every archived item when the state cannot be saved, and says the objects are safe", async () => {
    const store = createDirObjectStore({ dir, prefix: "" });
    const failing = {
      ...store,
      writeState: async () => {
        throw new ArchiverError("DESTINATION_WRITE_FAILED", "could not write the state (EACCES)");
      },
    };
    const report = await archive(config(), { createRdsPort: () => rds, now: () => NOW, store: failing });
    expect(report.totals).toMatchObject({ archived: 2 });
    expect(report.targets[0]?.error).toMatchObject({
      code: "DESTINATION_WRITE_FAILED",
      hint: expect.stringContaining("the 2 object(s) this run wrote are archived"),
    });
  });

  it("fails only the file whose destination check fails, and archives the others", async () => {
    const store = createDirObjectStore({ dir, prefix: "" });
    const failing = {
      ...store,
      head: async (key: string) => {
        if (key.includes("-10_"))
          throw new ArchiverError("DESTINATION_READ_FAILED", `could not stat ${key} (EIO)`);
        return store.head(key);
      },
    };
    const report = await archive(config(), { createRdsPort: () => rds, now: () => NOW, store: failing });
    expect(report.targets[0]?.error).toBeUndefined();
    expect(report.items.map((i) => [i.logFile, i.outcome]).sort()).toEqual([
      ["error/postgresql.log.2026-11-20-10", "failed"],
      ["error/postgresql.log.2026-11-20-11", "archived"],
    ]);
  });
});
