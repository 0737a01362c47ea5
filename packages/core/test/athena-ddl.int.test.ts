/**
 * The Athena DDL against the keys the engine really writes. No Athena here: each printed table's
 * LOCATION, `storage.location.template` and projection settings become a matcher, and every key
 * that archiving the tricky fleet into a folder wrote must be read by exactly one table, the log
 * lines table, whose view must find the object's instance and file in its path; the state under
 * `_state/` must be read by none. Events and activity keys, rendered by the key renderer their
 * sources use, must be read by their own table only.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type RdsEmulator, startEmulator, trickyFleet, writeFleet } from "@rds-log-archive/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDirObjectStore } from "../src/adapters/dir-object-store.js";
import { renderAthenaDdl } from "../src/athena/render-athena-ddl.js";
import { parseConfig } from "../src/config/parse-config.js";
import { DEFAULT_KEY_TEMPLATE, HIVE_KEY_TEMPLATE } from "../src/keys/key-placeholders.js";
import { renderKey } from "../src/keys/render-key.js";
import { archive } from "../src/sources/log-files/archive-log-files.js";
import { renderLocationMatcher } from "./support/athena-location-matcher.js";

const BUCKET = "archive";
const PREFIX = "rds/";
const now = new Date();
let emulator: RdsEmulator;
let fleetDir: string;

beforeAll(async () => {
  const { spec, logs } = trickyFleet(now);
  fleetDir = await writeFleet(spec, logs);
  emulator = await startEmulator({ fleetDir });
  process.env.AWS_ENDPOINT_URL_RDS = emulator.endpoint;
  process.env.AWS_ACCESS_KEY_ID = "test:tester";
  process.env.AWS_SECRET_ACCESS_KEY = "testing";
}, 120_000);

afterAll(async () => {
  await emulator?.close();
  if (fleetDir !== undefined) await rm(fleetDir, { recursive: true, force: true });
});

/** Every file under `dir`, as an object key: sidecars and temp files are not objects. */
async function listKeys(dir: string): Promise<{ data: string[]; state: string[] }> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const keys = entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .filter((key) => !key.endsWith(".meta.json") && !key.split("/").some((part) => part.startsWith(".tmp-")));
  return {
    data: keys.filter((key) => !key.startsWith(`${PREFIX}_state/`)),
    state: keys.filter((key) => key.startsWith(`${PREFIX}_state/`)),
  };
}

describe.each([
  { layout: "the default layout", keyTemplate: undefined, template: DEFAULT_KEY_TEMPLATE },
  { layout: "keyTemplate: hive", keyTemplate: "hive", template: HIVE_KEY_TEMPLATE },
])("athena DDL for $layout", ({ keyTemplate, template }) => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "athena-ddl-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads every archived key with exactly one table, and no state", async () => {
    const parsed = parseConfig(
      {
        targets: [{ region: "us-east-1", clusters: ["aurora"], instances: ["maria"] }],
        destination: { dir, prefix: PREFIX, ...(keyTemplate === undefined ? {} : { keyTemplate }) },
      },
      now,
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(parsed.config.destination.keyTemplate).toBe(template);
    const report = await archive(parsed.config, {
      store: createDirObjectStore({ dir, prefix: PREFIX }),
      now: () => now,
    });
    expect(report.totals).toMatchObject({ archived: 8, failed: 0 });

    const ddl = renderAthenaDdl({
      keyTemplate: parsed.config.destination.keyTemplate,
      prefix: parsed.config.destination.prefix,
      bucket: BUCKET,
      database: "rds_logs",
      sources: ["log-files", "events", "activity-streams"],
    });
    const tables = ddl.tables.map((table) => ({
      name: table.name,
      reads: renderLocationMatcher(table.statement),
    }));
    const readers = (key: string) =>
      tables.filter((t) => t.reads.test(`s3://${BUCKET}/${key}`)).map((t) => t.name);
    const view = ddl.statements.at(-1) ?? "";
    const pathPattern = /regexp_extract\("\$path", '([^']+)', 1\) AS "instance"/.exec(view)?.[1];
    expect(pathPattern).toBeDefined();

    const { data, state } = await listKeys(dir);
    const archived = report.items.filter((item) => item.outcome === "archived");
    expect(data.sort()).toEqual(archived.map((item) => item.key).sort());
    for (const item of archived) {
      expect(readers(item.key), item.key).toEqual(["rds_log_lines"]);
      const [, instance, file] = new RegExp(pathPattern as string).exec(`s3://${BUCKET}/${item.key}`) ?? [];
      expect(instance, item.key).toBe(item.instance);
      expect(item.key.endsWith(`/${file}.gz`), item.key).toBe(true);
    }
    expect(state.length).toBeGreaterThan(0);
    for (const key of state) expect(readers(key), key).toEqual([]);

    const place = { prefix: PREFIX, region: "us-east-1", engine: "aurora-postgresql", hour: now };
    const keys = [
      [
        "rds_events",
        {
          ...place,
          cluster: "aurora",
          instance: "aurora-1",
          logType: "events",
          file: "events-20261120T101010Z-0123456789abcdef.ndjson",
        },
      ],
      [
        "rds_events",
        {
          ...place,
          cluster: "_db-parameter-group",
          instance: "pg-1",
          logType: "events",
          file: "events-20261120T101010Z-fedcba9876543210.ndjson",
        },
      ],
      [
        "rds_activity",
        {
          ...place,
          cluster: "aurora",
          instance: "aurora",
          logType: "activity",
          file: "20261120T100000Z-shardId-000000000000-4959.ndjson",
        },
      ],
    ] as const;
    for (const [table, fields] of keys) {
      const key = renderKey(template, fields);
      expect(readers(key), key).toEqual([table]);
    }
  });
});
