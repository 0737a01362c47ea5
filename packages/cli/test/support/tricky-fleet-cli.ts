import { mkdtemp, readdir, rm, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type EmulatorProcess, startEmulatorProcess, writeTrickyFleet } from "@rds-log-archive/testkit";
import { afterAll, beforeAll, beforeEach } from "vitest";
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
 * The tricky fleet's one active file, written a minute before the fleet. Left alone, it settles
 * (and is archived) once a file's tests have run past the 5-minute settle window, as they do on
 * a loaded machine; so each run sees it a minute old, as a file still being written would be.
 */
const ACTIVE_FILE = ["instances", "maria", "audit", "server_audit.log"];

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
      const aMinuteAgo = new Date(Date.now() - 60_000);
      await utimes(path.join(fleetDir, ...ACTIVE_FILE), aMinuteAgo, aMinuteAgo);
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
  beforeEach(() => keepActiveFileActive(fleetDir));
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
 * Writes the tricky fleet's one active file (maria's `audit/server_audit.log`, LastWritten a
 * minute before `now`) again a minute ago, so that it stays younger than the default settle
 * however long the tests took to get here; on a busy machine they took more than five minutes,
 * and the file settled and was archived.
 */
export async function keepActiveFileActive(fleetDir: string): Promise<void> {
  const minuteAgo = new Date(Date.now() - 60_000);
  await utimes(path.join(fleetDir, "instances", "maria", "audit", "server_audit.log"), minuteAgo, minuteAgo);
}
