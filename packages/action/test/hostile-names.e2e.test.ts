/**
 * The bundled action, run as the runner runs it, on a fleet whose log file names hold a newline
 * and a workflow command, a terminal escape and a bidirectional override: the runner's log shows
 * them escaped, so no name becomes a workflow command (`::set-output` at the start of a line) or
 * colours the log, and the outputs are only the action's own.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type RdsEmulator, startEmulator, writeHostileNamesFleet } from "@rds-log-archive/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAction } from "./support/run-action.js";

let fleetDir: string;
let archive: string;
let emulator: RdsEmulator;

beforeAll(async () => {
  fleetDir = await writeHostileNamesFleet(new Date());
  archive = await mkdtemp(path.join(tmpdir(), "action-hostile-"));
  emulator = await startEmulator({ fleetDir });
});
afterAll(async () => {
  await emulator?.close();
  await rm(fleetDir, { recursive: true, force: true });
  await rm(archive, { recursive: true, force: true });
});

describe("hostile log file names in the runner's log", () => {
  it.each(["plan", "sync"])(
    "command %s prints them escaped and sets only its own outputs",
    async (command) => {
      const run = await runAction(
        { command, "all-instances": "true", destination: archive, "aws-region": "us-east-1" },
        {
          AWS_ENDPOINT_URL_RDS: emulator.endpoint,
          AWS_ACCESS_KEY_ID: "test:tester",
          AWS_SECRET_ACCESS_KEY: "testing",
          RUNNER_DEBUG: "1",
        },
      );
      expect(run.code, run.stdout).toBe(0);
      const commands = run.stdout.split("\n").filter((line) => line.startsWith("::"));
      expect(
        commands.every((line) => /^::(?:debug|add-mask|group|endgroup|notice|warning)::/.test(line)),
        commands.join("\n"),
      ).toBe(true);
      expect(run.stdout).not.toContain("\u001b");
      expect(run.stdout).not.toContain("\u202e");
      expect(run.stdout).toContain("error/mysql-error.log\\n::set-output name=x::y");
      expect(run.outputs).not.toHaveProperty("x");
    },
  );
});
