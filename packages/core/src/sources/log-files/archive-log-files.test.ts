import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMemoryRds, type MemoryRds, memoryLogFile } from "../../../test/support/memory-rds-port.js";
import { createDirObjectStore } from "../../adapters/dir-object-store.js";
import { type ArchiveConfig, parseConfig } from "../../config/parse-config.js";
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
