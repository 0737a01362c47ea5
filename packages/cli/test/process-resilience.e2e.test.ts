/**
 * The CLI as a process under the two things only a process can suffer: a SIGKILL in the middle
 * of a transfer, and a file far larger than any buffer it may hold.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import {
  hourlyGeneratedFleet,
  type RdsEmulator,
  serviceAvailability,
  sha256OfGeneratedLog,
  startEmulator,
  writeFleet,
} from "@rds-log-archive/testkit";
import { afterEach, expect, it } from "vitest";
import { runCli } from "./support/run-cli.js";

// Peak RSS of a whole process, as GNU time reports it.
const gnuTime = serviceAvailability("GNU time", ["/usr/bin/time"]);
const CLI = fileURLToPath(new URL("../bundle/index.js", import.meta.url));
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** One instance with one generated file of `size` bytes, served by an emulator; and an empty archive folder. */
async function oneFileFleet(
  size: number,
): Promise<{ emulator: RdsEmulator; archiveDir: string; seed: number }> {
  const [instance = expect.unreachable()] = hourlyGeneratedFleet({ instances: 1, files: 1, size });
  const fleetDir = await writeFleet({ instances: [instance] });
  const archiveDir = await mkdtemp(path.join(tmpdir(), "process-resilience-"));
  const emulator = await startEmulator({ fleetDir });
  cleanups.push(
    () => rm(fleetDir, { recursive: true, force: true }),
    () => rm(archiveDir, { recursive: true, force: true }),
    () => emulator.close(),
  );
  return { emulator, archiveDir, seed: instance.generatedLogs[0]?.seed ?? expect.unreachable() };
}

/** What the CLI process gets: only AWS_* variables point it at the emulator. */
const cliEnv = (emulator: RdsEmulator) => ({
  PATH: process.env.PATH ?? "",
  AWS_ENDPOINT_URL_RDS: emulator.endpoint,
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "test:tester",
  AWS_SECRET_ACCESS_KEY: "testing",
});

it("leaves nothing partial when killed with SIGKILL mid-transfer, and the next run completes", async () => {
  const size = 256 * 1024 * 1024;
  const { emulator, archiveDir, seed } = await oneFileFleet(size);
  const child = spawn(process.execPath, [CLI, "sync", "--all", "--dest", archiveDir], {
    env: cliEnv(emulator),
    stdio: "ignore",
  });
  // Kill it mid-write: once the object's temp file exists, and some of it has been written.
  await new Promise<void>((resolve) => {
    const poll = setInterval(async () => {
      const temps = (await readdir(archiveDir, { recursive: true }).catch(() => [])).filter((f) =>
        f.includes(".tmp-"),
      );
      if (temps.length > 0) {
        clearInterval(poll);
        setTimeout(resolve, 300);
      }
    }, 20);
  });
  child.kill("SIGKILL");
  await once(child, "exit");
  const afterKill = (await readdir(archiveDir, { recursive: true })).filter((f) => f.endsWith(".gz"));
  expect(afterKill).toEqual([]);

  const rerun = await runCli(["sync", "--all", "--dest", archiveDir, "--json", "--quiet"], cliEnv(emulator));
  expect(rerun.code, rerun.stderr).toBe(0);
  const report = JSON.parse(rerun.stdout);
  expect(report.totals).toMatchObject({ archived: 1, failed: 0 });
  const stored = await readFile(path.join(archiveDir, report.items[0].key));
  expect(createHash("sha256").update(gunzipSync(stored)).digest("hex")).toBe(
    await sha256OfGeneratedLog(seed, size),
  );
}, 240_000);

it.skipIf(!gnuTime.available)(
  "archives a 1 GiB file with peak RSS under 200 MB",
  async () => {
    const { emulator, archiveDir } = await oneFileFleet(1024 ** 3);
    const child = spawn(
      "/usr/bin/time",
      ["-f", "maxrss_kb=%M", process.execPath, CLI, "sync", "--all", "--dest", archiveDir, "--quiet"],
      { env: cliEnv(emulator) },
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
  },
  300_000,
);
