import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProcess } from "./support/run-cli.js";

const BIN = fileURLToPath(new URL("../bin/rds-log-archive.cjs", import.meta.url));
let work = "";
let probe = "";

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "rds-bin-pool-"));
  // Preloaded before the bin: at exit, the size libuv was given and the threads it made.
  probe = path.join(work, "probe.cjs");
  await mkdir(path.join(work, "archive"));
  await writeFile(
    probe,
    [
      "const pool = () => String(process.env.UV_THREADPOOL_SIZE);",
      'const threads = () => require("node:fs").readdirSync("/proc/self/task").length;',
      'process.on("exit", () => process.stderr.write("pool=" + pool() + " threads=" + threads() + "\\n"));',
    ].join("\n"),
  );
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/**
 * Runs a command that reads a folder, so the pool surely starts (Node 20 starts it while loading
 * the bundle, Node 24 only at the first file-system call; `--version` makes none).
 */
async function threadsOf(env: Record<string, string>): Promise<{ pool: string; threads: number }> {
  const run = await runProcess(
    process.execPath,
    ["--require", probe, BIN, "verify", "--dest", path.join(work, "archive")],
    {
      env: { PATH: process.env.PATH ?? "", ...env },
    },
  );
  expect(run.code, run.stderr).toBe(0);
  const [, pool = "", threads = "0"] = /pool=(\S+) threads=(\d+)/.exec(run.stderr) ?? [];
  return { pool, threads: Number(threads) };
}

describe.runIf(process.platform === "linux")("the rds-log-archive bin", () => {
  it("sizes libuv's thread pool to 16 before anything can start it with 4", async () => {
    const sized = await threadsOf({});
    expect(sized.pool).toBe("16");
    const given = await threadsOf({ UV_THREADPOOL_SIZE: "2" });
    expect(given.pool).toBe("2");
    // The same process but for the pool: 14 threads more.
    expect(sized.threads - given.threads).toBe(14);
  });
});
