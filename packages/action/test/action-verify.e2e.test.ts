/**
 * `command: verify` in the committed bundle, run as the GitHub runner runs it: an archive made by
 * `command: sync` from the emulator into a folder, then damaged, then verified.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { materializeDemoFleet, type RdsEmulator, startEmulator } from "@rds-log-archive/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runAction } from "./support/run-action.js";

let emulator: RdsEmulator;
let fleetDir: string;
let archive: string;
const env = () => ({
  AWS_ENDPOINT_URL_RDS: emulator.endpoint,
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "test:tester",
  AWS_SECRET_ACCESS_KEY: "testing",
});

beforeAll(async () => {
  fleetDir = await materializeDemoFleet();
  emulator = await startEmulator({ fleetDir });
  archive = await mkdtemp(path.join(tmpdir(), "action-verify-"));
});
afterAll(async () => {
  await emulator?.close();
  await rm(fleetDir, { recursive: true, force: true });
  await rm(archive, { recursive: true, force: true });
});

it("verifies a fresh archive, then fails naming the damaged object in the summary and the outputs", async () => {
  const synced = await runAction({ command: "sync", "all-instances": "true", destination: archive }, env());
  expect(synced.code, synced.stdout).toBe(0);
  const sound = await runAction({ command: "verify", destination: archive }, env());
  expect(sound.code, sound.stdout).toBe(0);
  const checked = Number(sound.outputs["verified-count"]);
  expect(checked).toBeGreaterThan(1);
  expect(sound.outputs["bad-count"]).toBe("0");

  const objects = (await readdir(archive, { recursive: true })).filter((f) => f.endsWith(".gz")).sort();
  const damaged = objects[0] as string;
  const bytes = await readFile(path.join(archive, damaged));
  await writeFile(path.join(archive, damaged), bytes.subarray(0, bytes.length - 7));
  const bad = await runAction({ command: "verify", destination: archive }, env());
  expect(bad.code).toBe(1);
  expect(bad.outputs).toMatchObject({ "verified-count": String(checked), "bad-count": "1" });
  expect(bad.summary).toContain("unexpected end of file (NOT_GZIP)");
  expect(bad.stdout).toContain("1 bad object(s) in the archive");
  const report = JSON.parse(await readFile(bad.outputs["report-path"] as string, "utf8"));
  expect(report.bad).toEqual([{ key: damaged, problems: [expect.objectContaining({ code: "NOT_GZIP" })] }]);
});

it("fails on a folder that is not there, and says an empty archive had nothing to verify", async () => {
  const empty = await mkdtemp(path.join(tmpdir(), "action-verify-empty-"));
  try {
    const nowhere = path.join(empty, "no-such-archive");
    const missing = await runAction({ command: "verify", destination: nowhere }, env());
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain(`there is no archive at ${nowhere}: it does not exist`);

    const nothing = await runAction({ command: "verify", destination: empty }, env());
    expect(nothing.code, nothing.stdout).toBe(0);
    expect(nothing.outputs["verified-count"]).toBe("0");
    expect(nothing.summary).toContain(`**Nothing to verify**: no archived object in ${empty}`);
    expect(nothing.summary).not.toContain("every object is sound");
  } finally {
    await rm(empty, { recursive: true, force: true });
  }
});
