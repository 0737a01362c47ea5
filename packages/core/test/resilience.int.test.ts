import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import {
  createGeneratedLogStream,
  type RdsEmulator,
  startEmulator,
  writeFleet,
} from "@rds-log-archive/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { createDirObjectStore } from "../src/adapters/dir-object-store.js";
import { archive } from "../src/archive.js";
import { parseConfig } from "../src/config/parse-config.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
process.env.AWS_ACCESS_KEY_ID = "test:tester";
process.env.AWS_SECRET_ACCESS_KEY = "testing";

const CLI = new URL("../../cli/dist/cli.js", import.meta.url).pathname;
const HOUR = 3600_000;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function sha256OfGenerated(seed: number, size: number): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createGeneratedLogStream(seed, size)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** What the CLI process gets: only AWS_* variables point it at the emulator. */
const cliEnv = (emulator: RdsEmulator) => ({
  PATH: process.env.PATH ?? "",
  AWS_ENDPOINT_URL_RDS: emulator.endpoint,
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "test:tester",
  AWS_SECRET_ACCESS_KEY: "testing",
});

/** A fleet of generated files: `instances` instances with `files` hourly logs of `size` bytes each. */
async function generatedFleet(instances: number, files: number, size: number) {
  const now = Date.now();
  const spec = Array.from({ length: instances }, (_, i) => ({
    id: `pg-${i}`,
    engine: "postgres",
    generatedLogs: Array.from({ length: files }, (_, h) => ({
      name: `error/postgresql.log.2026-11-20-${String(h).padStart(2, "0")}`,
      size,
      lastWritten: new Date(now - (files - h) * HOUR).toISOString(),
      seed: i * 100 + h,
    })),
  }));
  const fleetDir = await writeFleet({ instances: spec });
  const archiveDir = await mkdtemp(path.join(tmpdir(), "resilience-"));
  cleanups.push(
    () => rm(fleetDir, { recursive: true, force: true }),
    () => rm(archiveDir, { recursive: true, force: true }),
  );
  return { spec, fleetDir, archiveDir };
}

describe("resilience", () => {
  it("completes a correct archive within two runs under 30% throttling, 5% download errors and mid-body resets", async () => {
    const { spec, fleetDir, archiveDir } = await generatedFleet(4, 3, 512 * 1024);
    const emulator: RdsEmulator = await startEmulator({
      fleetDir,
      faults: {
        throttleRate: 0.3,
        downloadErrorRate: 0.05,
        resetMidBodyRate: 0.05,
        shortBodyRate: 0.02,
        seed: 11,
      },
    });
    cleanups.push(() => emulator.close());
    process.env.AWS_ENDPOINT_URL_RDS = emulator.endpoint;
    const parsed = parseConfig(
      { targets: [{ region: "us-east-1", all: true }], destination: { dir: archiveDir }, concurrency: 4 },
      new Date(),
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const store = createDirObjectStore({ dir: archiveDir, prefix: "" });

    let runs = 0;
    let archived = 0;
    for (; runs < 2; ) {
      runs++;
      const report = await archive(parsed.config, { store });
      archived += report.totals.archived;
      if (report.totals.failed === 0 && report.targets.every((t) => !t.error)) break;
    }
    expect(archived).toBe(12);
    const counts = emulator.requests.counts();
    const faults = emulator.requests.requests.filter((r) => r.errorCode !== undefined || r.status >= 500);
    expect(faults.length, `faults injected: ${JSON.stringify(counts)}`).toBeGreaterThan(5);

    for (const instance of spec) {
      for (const log of instance.generatedLogs) {
        const objects = [];
        for await (const object of store.list(""))
          if (object.key.includes(`/${instance.id}/`) && object.key.includes(log.name.slice(6)))
            objects.push(object.key);
        expect(objects, `${instance.id} ${log.name}`).toHaveLength(1);
        const stored = await readFile(path.join(archiveDir, objects[0] as string));
        const digest = createHash("sha256").update(gunzipSync(stored)).digest("hex");
        expect(digest).toBe(await sha256OfGenerated(log.seed, log.size));
      }
    }
  }, 240_000);

  it("leaves nothing partial when killed with SIGKILL mid-transfer, and the next run completes", async () => {
    const { fleetDir, archiveDir } = await generatedFleet(1, 1, 256 * 1024 * 1024);
    const emulator = await startEmulator({ fleetDir });
    cleanups.push(() => emulator.close());
    const env = cliEnv(emulator);
    const child = spawn(process.execPath, [CLI, "sync", "--all", "--dest", archiveDir], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stderr.on("data", (d) => {
      output += d;
    });
    // Kill it once the download is under way: the emulator counts the bytes it has sent.
    await new Promise<void>((resolve) => {
      const poll = setInterval(async () => {
        const temps = (await readdir(archiveDir, { recursive: true }).catch(() => [])).filter((f) =>
          f.includes(".tmp-"),
        );
        if (temps.length > 0 || output.includes("files to archive")) {
          clearInterval(poll);
          setTimeout(resolve, 300);
        }
      }, 20);
    });
    child.kill("SIGKILL");
    await once(child, "exit");
    const afterKill = (await readdir(archiveDir, { recursive: true })).filter((f) => f.endsWith(".gz"));
    expect(afterKill).toEqual([]);

    const rerun = spawn(process.execPath, [CLI, "sync", "--all", "--dest", archiveDir, "--json", "--quiet"], {
      env,
    });
    let json = "";
    rerun.stdout.on("data", (d) => {
      json += d;
    });
    const [code] = await once(rerun, "exit");
    expect(code).toBe(0);
    const report = JSON.parse(json);
    expect(report.totals).toMatchObject({ archived: 1, failed: 0 });
    const stored = await readFile(path.join(archiveDir, report.items[0].key));
    expect(createHash("sha256").update(gunzipSync(stored)).digest("hex")).toBe(
      await sha256OfGenerated(0, 256 * 1024 * 1024),
    );
  }, 240_000);

  it("archives a 1 GiB file with peak RSS under 200 MB", async () => {
    const { fleetDir, archiveDir } = await generatedFleet(1, 1, 1024 ** 3);
    const emulator = await startEmulator({ fleetDir });
    cleanups.push(() => emulator.close());
    const env = cliEnv(emulator);
    const child = spawn(
      "/usr/bin/time",
      ["-f", "maxrss_kb=%M", process.execPath, CLI, "sync", "--all", "--dest", archiveDir, "--quiet"],
      { env },
    );
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const [code] = await once(child, "exit");
    expect(code, stderr).toBe(0);
    const peakKb = Number(/maxrss_kb=(\d+)/.exec(stderr)?.[1]);
    console.info(`peak RSS archiving 1 GiB: ${(peakKb / 1024).toFixed(1)} MiB`);
    expect(peakKb * 1024).toBeLessThan(200 * 1024 * 1024);
    const objects = (await readdir(archiveDir, { recursive: true })).filter((f) => f.endsWith(".gz"));
    expect(objects).toHaveLength(1);
  }, 300_000);
});
