/**
 * Inputs that set a setting the command's source does not read (log-types, settle, compression,
 * … for events and activity-stream) fail the step naming the input, as the CLI refuses the flag,
 * before anything is read or written. The bundle as the runner starts it; no AWS is needed, since
 * nothing gets that far.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { configFieldAt, SOURCE_UNREAD_FIELDS } from "@rds-log-archive/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION_INPUTS } from "../src/metadata/action-inputs.js";
import { runAction } from "./support/run-action.js";

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "action-refused-"));
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** [command, input, value, what the step's error says]. */
const CASES: [string, string, string, string][] = [
  ["events", "log-types", "audit/*", 'input "log-types": applies to sync and plan, not to command events'],
  ["events", "settle", "10m", 'input "settle": applies to sync and plan, not to command events'],
  [
    "events",
    "include-active",
    "true",
    'input "include-active": applies to sync and plan, not to command events',
  ],
  [
    "events",
    "only-instances",
    "db-1",
    'input "only-instances": applies to sync and plan, not to command events',
  ],
  ["events", "compression", "zstd", 'input "compression": applies to sync and plan, not to command events'],
  ["events", "max-duration", "5m", 'input "max-duration": applies to activity-stream, not to command events'],
  [
    "activity-stream",
    "log-types",
    "audit/*",
    'input "log-types": applies to sync and plan, not to command activity-stream',
  ],
  [
    "activity-stream",
    "since",
    "48h",
    'input "since": applies to sync, plan and events, not to command activity-stream',
  ],
  [
    "activity-stream",
    "until",
    "1h",
    'input "until": applies to sync, plan and events, not to command activity-stream',
  ],
  [
    "activity-stream",
    "settle",
    "10m",
    'input "settle": applies to sync and plan, not to command activity-stream',
  ],
  [
    "activity-stream",
    "include-active",
    "false",
    'input "include-active": applies to sync and plan, not to command activity-stream',
  ],
  [
    "activity-stream",
    "only-instances",
    "us-east-1/db-1",
    'input "only-instances": applies to sync and plan, not to command activity-stream',
  ],
  [
    "activity-stream",
    "compression",
    "gzip-9",
    'input "compression": applies to sync and plan, not to command activity-stream',
  ],
];

describe("inputs a command does not read", () => {
  it.each(CASES)(
    "command %s fails on %s, naming it, and writes nothing",
    async (command, input, value, message) => {
      const destination = path.join(work, `${command}-${input}`);
      const run = await runAction({ command, clusters: "orders", destination, [input]: value }, {});
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`::error::rds-log-archive: ${message}; remove it from this step`);
      expect(await readdir(work)).not.toContain(path.basename(destination));
      expect(run.outputs).toEqual({});
    },
  );

  it("covers every input of the settings these sources do not read, none with a declared default", () => {
    const refused = new Set(
      Object.entries(SOURCE_UNREAD_FIELDS).flatMap(([command, fields]) =>
        fields.map((field) => `${command} ${configFieldAt(field.path)?.input}`),
      ),
    );
    expect(new Set(CASES.map(([command, input]) => `${command} ${input}`))).toEqual(refused);
    for (const entry of refused) {
      const name = entry.split(" ")[1];
      expect(ACTION_INPUTS.find((spec) => spec.name === name)?.default, name).toBeUndefined();
    }
  });
});
