/**
 * Names from RDS never reach the terminal raw: a log file name holding a newline and a workflow
 * command, a terminal escape, or a bidirectional override prints escaped, in every line the CLI
 * writes (progress lines, the plan, the summary, --verbose), while the files themselves are
 * archived byte for byte.
 */
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import {
  type EmulatorProcess,
  HOSTILE_LOG_NAMES,
  startEmulatorProcess,
  writeHostileNamesFleet,
} from "@rds-log-archive/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/run-cli.js";
import { archivedFiles } from "./support/tricky-fleet-cli.js";

let fleetDir: string;
let emulator: EmulatorProcess;

beforeAll(async () => {
  fleetDir = await writeHostileNamesFleet(new Date());
  emulator = await startEmulatorProcess(["--fleet", fleetDir]);
});
afterAll(async () => {
  await emulator?.stop();
  await rm(fleetDir, { recursive: true, force: true });
});

const run = (args: string[]) =>
  runCli(args, {
    AWS_ENDPOINT_URL_RDS: emulator.endpoint,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "test:tester",
    AWS_SECRET_ACCESS_KEY: "testing",
  });

/** Everything a terminal would show is inert: no escape, no override, no line that starts a workflow command. */
function expectInert(output: string): void {
  expect(output).not.toContain("\u001b");
  expect(output).not.toContain("\u202e");
  expect(output).not.toMatch(/^::/m);
}

describe("hostile log file names", () => {
  it("print escaped in the plan, the progress lines and the summary, and archive intact", async () => {
    const dest = path.join(fleetDir, "..", `${path.basename(fleetDir)}-archive`);
    const plan = await run(["plan", "--all", "--dest", dest, "--verbose"]);
    expect(plan.code, plan.stderr).toBe(0);
    expectInert(plan.stdout + plan.stderr);
    expect(plan.stdout).toContain("error/mysql-error.log\\n::set-output name=x::y");
    expect(plan.stdout).toContain("error/\\x1b[31mred.log");
    expect(plan.stdout).toContain("error/right\\u202eto-left.log");

    const sync = await run(["sync", "--all", "--dest", dest, "--verbose"]);
    expect(sync.code, sync.stderr).toBe(0);
    expectInert(sync.stdout + sync.stderr);
    expect(sync.stderr).toContain("archived hostile error/mysql-error.log\\n::set-output name=x::y");

    const again = await run(["sync", "--all", "--dest", dest, "--verbose"]);
    expectInert(again.stdout + again.stderr);
    expect(again.stderr).toContain("skipped  hostile error/\\x1b[31mred.log");

    const objects = await archivedFiles(dest);
    expect(objects).toHaveLength(HOSTILE_LOG_NAMES.length);
    for (const object of objects) {
      const text = gunzipSync(await readFile(path.join(dest, object))).toString("utf8");
      expect(HOSTILE_LOG_NAMES.map((name) => `a line of ${JSON.stringify(name)}\n`)).toContain(text);
    }
    await rm(dest, { recursive: true, force: true });
  });
});
