/**
 * The live progress display, as a person sees it: the CLI in a real terminal (tmux), its screen
 * read while it runs. Elsewhere (CI logs, the other e2e tests) it writes plain lines instead.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import {
  type EmulatorProcess,
  hourlyGeneratedFleet,
  serviceAvailability,
  startEmulatorProcess,
  writeFleet,
} from "@rds-log-archive/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";

const tmuxAvailability = serviceAvailability("tmux", ["/usr/bin/tmux"]);
const CLI = fileURLToPath(new URL("../bundle/index.js", import.meta.url));
// A server of its own, so the test neither sees nor disturbs anyone's tmux sessions.
const SOCKET = `rds-log-archive-test-${process.pid}`;

let fleetDir: string;
let archiveDir: string;
let emulator: EmulatorProcess;

const tmux = (...args: string[]) => execFileSync("tmux", ["-L", SOCKET, ...args], { encoding: "utf8" });

beforeAll(async () => {
  if (!tmuxAvailability.available) return;
  // Three instances with enough bytes that the run lasts long enough to be watched.
  fleetDir = await writeFleet({
    instances: hourlyGeneratedFleet({ instances: 3, files: 2, size: 96 * 1024 * 1024 }),
  });
  archiveDir = await mkdtemp(path.join(tmpdir(), "progress-tty-"));
  emulator = await startEmulatorProcess(["--fleet", fleetDir]);
});

afterAll(async () => {
  if (!tmuxAvailability.available) return;
  try {
    tmux("kill-server");
  } catch {
    // No server left to kill: the session ended with the command.
  }
  await emulator?.stop();
  await rm(fleetDir, { recursive: true, force: true });
  await rm(archiveDir, { recursive: true, force: true });
});

/** The shell command of a sync of every instance at `endpoint` into `dest`, two at a time. */
const syncCommand = (endpoint: string, dest: string) =>
  [
    "env",
    `PATH=${process.env.PATH ?? ""}`,
    `AWS_ENDPOINT_URL_RDS=${endpoint}`,
    "AWS_REGION=us-east-1",
    "AWS_ACCESS_KEY_ID=test:tester",
    "AWS_SECRET_ACCESS_KEY=testing",
    process.execPath,
    CLI,
    ...["sync", "--all", "--dest", dest, "--concurrency", "2"],
  ].join(" ");

it.skipIf(!tmuxAvailability.available)(
  "shows a bar per instance with bytes and rate on a terminal, then the summary",
  async () => {
    const command = syncCommand(emulator.endpoint, archiveDir);
    tmux("new-session", "-d", "-x", "150", "-y", "40", `${command}; echo "exit=$?"; sleep 60`);

    const bar = /^ pg-0[0-2] \[[█░]+\] +\d+% \| +[\d.]+ (B|KiB|MiB)\/192\.0 MiB \| +[\d.]+ (B|KiB|MiB)\/s/;
    const screens: string[] = [];
    for (let waited = 0; waited < 120_000; waited += 100) {
      const screen = tmux("capture-pane", "-p");
      screens.push(screen);
      if (/^exit=\d+$/m.test(screen)) break;
      await sleep(100);
    }
    const last = screens.at(-1) ?? "";
    expect(last).toMatch(/^exit=0$/m);
    // While it ran: bars of the instances, one partly done.
    const during = screens.filter((screen) => screen.split("\n").some((line) => bar.test(line)));
    expect(during.length, screens.join("\n----\n")).toBeGreaterThan(0);
    const partly = during.some((screen) => /\] +([1-9]\d?)% \|/.test(screen));
    expect(partly, "a bar was seen between 1% and 99%").toBe(true);
    // At the end: every instance's bar full, and the summary.
    for (const instance of ["pg-00", "pg-01", "pg-02"]) {
      expect(last).toMatch(new RegExp(`^ ${instance} \\[█+\\] +100% \\| +192\\.0 MiB/192\\.0 MiB`, "m"));
    }
    expect(last).toMatch(/6 archived/);
  },
  180_000,
);

it.skipIf(!tmuxAvailability.available)(
  "keeps the bars' columns aligned across names and sizes, and shows a file lost mid-download above them as it happens",
  async () => {
    // Names of three lengths; one file name of every instance rotates away as its download starts.
    const instances = hourlyGeneratedFleet({ instances: 3, files: 2, size: 64 * 1024 * 1024 }).map(
      (spec, i) => ({ ...spec, id: ["db", "orders-reader-2", "billing-writer-long-name"][i] as string }),
    );
    const fleet = await writeFleet({ instances });
    const failing = instances[0]?.generatedLogs[1]?.name as string;
    const server = await startEmulatorProcess(["--fleet", fleet]);
    const dest = await mkdtemp(path.join(tmpdir(), "progress-tty-failing-"));
    try {
      const faults = await fetch(`${server.endpoint}/_emulator/faults`, {
        method: "PUT",
        body: JSON.stringify({ rotateAwayOnDownload: [failing] }),
      });
      expect(faults.ok).toBe(true);
      const command = syncCommand(server.endpoint, dest);
      tmux(
        "new-session",
        "-d",
        "-s",
        "failing",
        "-x",
        "150",
        "-y",
        "40",
        `${command}; echo "exit=$?"; sleep 60`,
      );
      const screens: string[] = [];
      for (let waited = 0; waited < 120_000; waited += 100) {
        const screen = tmux("capture-pane", "-p", "-t", "failing");
        screens.push(screen);
        if (/^exit=\d+$/m.test(screen)) break;
        await sleep(100);
      }
      expect(screens.at(-1)).toMatch(/^exit=1$/m);
      const barLines = (screen: string) => screen.split("\n").filter((line) => /\[[█░]+\]/.test(line));
      for (const screen of screens) {
        const lines = barLines(screen);
        const columns = (char: string) => new Set(lines.map((line) => line.indexOf(char)));
        // Every bar starts, and every field separator sits, in the same column.
        expect(columns("[").size, screen).toBeLessThanOrEqual(1);
        expect(
          new Set(lines.map((line) => [...line.matchAll(/\|/g)].map((m) => m.index).join(","))).size,
        ).toBeLessThanOrEqual(1);
      }
      // The lost file shows while bars are still running, before the summary.
      const lostEarly = screens.some(
        (screen) =>
          screen.includes(`GAP      db ${failing}`) &&
          !/archived \(/.test(screen) &&
          barLines(screen).some((line) => !line.includes("100%")),
      );
      expect(lostEarly, screens.join("\n----\n")).toBe(true);
    } finally {
      await server.stop();
      await rm(fleet, { recursive: true, force: true });
      await rm(dest, { recursive: true, force: true });
    }
  },
  180_000,
);
