import { appendFile, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type EmulatorProcess, startEmulatorProcess, writeTrickyFleet } from "@rds-log-archive/testkit";
import { afterAll, beforeAll } from "vitest";
import { runCli } from "./run-cli.js";

/** What a test file gets from {@link useTrickyFleetCli}, filled in before its tests run. */
export interface TrickyFleetCli {
  /** A scratch folder for archives, reports and configs; removed afterwards. */
  work: string;
  /** The built CLI, pointed at the emulator with the SDK's own AWS_* variables only. */
  run(args: string[], env?: Record<string, string>, options?: { cwd?: string }): ReturnType<typeof runCli>;
  /** The emulator's endpoint, for tests that set the environment themselves. */
  endpoint(): string;
}

/**
 * Serves the tricky fleet from a standalone emulator for the tests of one file: cluster aurora
 * (aurora-1, aurora-2) and instance maria among them.
 */
export function useTrickyFleetCli(name: string): TrickyFleetCli {
  let fleetDir = "";
  let emulator: EmulatorProcess | undefined;
  const fixture: TrickyFleetCli = {
    work: "",
    run: async (args, env = {}, options = {}) => {
      await keepActiveFileActive(fleetDir);
      return runCli(
        args,
        {
          AWS_ENDPOINT_URL_RDS: emulator?.endpoint ?? "",
          AWS_REGION: "us-east-1",
          AWS_ACCESS_KEY_ID: "test:tester",
          AWS_SECRET_ACCESS_KEY: "testing",
          ...env,
        },
        options,
      );
    },
    endpoint: () => emulator?.endpoint ?? "",
  };
  beforeAll(async () => {
    fleetDir = await writeTrickyFleet(new Date());
    emulator = await startEmulatorProcess(["--fleet", fleetDir]);
    fixture.work = await mkdtemp(path.join(tmpdir(), `${name}-`));
  });
  afterAll(async () => {
    await emulator?.stop();
    await rm(fleetDir, { recursive: true, force: true });
    await rm(fixture.work, { recursive: true, force: true });
  });
  return fixture;
}

/** The archived objects (`.gz`) under `dir`, sorted; none when it does not exist. */
export async function archivedFiles(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true }).catch(() => [] as string[]))
    .filter((f) => f.endsWith(".gz"))
    .sort();
}

/**
 * Appends a line to the tricky fleet's one active file (maria's `audit/server_audit.log`), as the
 * server does to a log it is still writing, so each run sees it younger than the default settle
 * however long the tests took to get there (on a busy machine they took more than five minutes,
 * and the file settled and was archived). It grows rather than being touched: a file whose
 * LastWritten moves at the same size has had its content replaced, which the engine reports.
 */
export async function keepActiveFileActive(fleetDir: string): Promise<void> {
  const line = `${new Date().toISOString()},maria,rdsadmin,localhost,1,0,QUERY,mysql,'SELECT 1',0\n`;
  await appendFile(path.join(fleetDir, "instances", "maria", "audit", "server_audit.log"), line);
}
