/**
 * `command: activity-stream` in the committed bundle, run as the runner runs it: RDS and KMS on
 * the emulator, Kinesis on kinesalite, records sealed by the real Encryption SDK as RDS seals
 * them. The first run archives every activity event and reports it through the outputs and the
 * job summary; the second finds nothing new and writes nothing; a cluster whose stream is not
 * started fails the step with an annotation that says how to start it.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import {
  buildDasActivityEvent,
  buildDasHeartbeat,
  DAS_SAMPLE_SQL,
  type DasCluster,
  putTestRecords,
  startDasCluster,
} from "@rds-log-archive/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ActionRun, runAction } from "./support/run-action.js";

let das: DasCluster;
let work: string;

beforeAll(async () => {
  das = await startDasCluster();
  // Ten records: four heartbeats alone, six with two statements each.
  const records = [];
  let statement = 0;
  for (let i = 0; i < 10; i++) {
    const at = new Date();
    const events =
      i % 3 === 0
        ? [buildDasHeartbeat("aurora-postgresql", at)]
        : Array.from({ length: 2 }, () => {
            statement += 1;
            return buildDasActivityEvent("aurora-postgresql", {
              commandText: `${DAS_SAMPLE_SQL[statement % DAS_SAMPLE_SQL.length]} -- #${statement}`,
              at,
              statementId: statement,
            });
          });
    records.push({ data: await das.producer.record(events), partitionKey: `key-${i}` });
  }
  const client = das.kinesis.client();
  await putTestRecords(client, das.streamName, records);
  client.destroy();
  work = await mkdtemp(path.join(tmpdir(), "action-activity-"));
}, 60_000);

afterAll(async () => {
  await das?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const runActivityStream = (clusters: string): Promise<ActionRun> =>
  runAction(
    { command: "activity-stream", clusters, destination: path.join(work, "archive"), "max-duration": "5m" },
    das.env(),
  );

async function archivedLines(): Promise<{ keys: string[]; lines: string[] }> {
  const dir = path.join(work, "archive");
  const keys = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith(".ndjson.gz")).sort();
  const lines: string[] = [];
  for (const key of keys)
    lines.push(
      ...gunzipSync(await readFile(path.join(dir, key)))
        .toString("utf8")
        .split("\n")
        .filter((l) => l !== ""),
    );
  return { keys, lines };
}

describe("command: activity-stream in the bundle", () => {
  it("archives every activity event once, reports it in the outputs and the summary, and archives nothing new the second time", async () => {
    const first = await runActivityStream("orders");
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.outputs).toMatchObject({
      "archived-count": "12",
      "record-count": "10",
      "failed-count": "0",
      "gap-count": "0",
    });
    expect(Number(first.outputs["bytes-out"])).toBeGreaterThan(0);
    expect(first.outputs["lag-ms"]).toMatch(/^\d+$/);
    const report = JSON.parse(await readFile(first.outputs["report-path"] ?? "", "utf8"));
    expect(report.activity.totals).toMatchObject({
      records: 10,
      events: 12,
      heartbeats: 4,
      objects: 1,
      kmsCalls: 1,
    });

    const archive = await archivedLines();
    expect(archive.keys).toHaveLength(1);
    expect(archive.keys[0]).toMatch(/^orders\/activity\//);
    expect(archive.lines).toHaveLength(12);
    const ids = archive.lines.map((line) => (JSON.parse(line) as { statementId: number }).statementId);
    expect(ids.sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));

    expect(first.summary).toContain("## RDS activity stream archive");
    expect(first.summary).toContain(
      "✅ **Archived 12 activity events** in 1 object, from 10 records read (4 heartbeats dropped).",
    );
    expect(first.summary).toContain("| 1 | 1 | 10 | 12 | 4 | 1 | 1 | 0 | 0 |");
    expect(first.summary).toContain(
      `| cluster orders | us-east-1 | aurora-postgresql | ${das.streamName} | 10 | 12 | 4 | 1 |`,
    );
    expect(first.summary).toContain("[This run](https://github.com/octo-org/octo-repo/actions/runs/4242)");
    expect(first.stdout).toContain(
      `cluster orders (us-east-1) ${das.streamName}: 10 records, 12 events, 4 heartbeats, 1 KMS calls`,
    );

    const second = await runActivityStream("orders");
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(second.outputs).toMatchObject({ "archived-count": "0", "record-count": "0", "failed-count": "0" });
    expect(second.summary).toContain("✅ **Nothing new to archive:** 0 records read (0 heartbeats dropped).");
    expect((await archivedLines()).keys).toEqual(archive.keys);
  });

  it("fails the step for a cluster whose stream is not started, saying how to start it, and still reads the other", async () => {
    const run = await runActivityStream("orders, quiet");
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ "failed-count": "1", "archived-count": "0" });
    expect(run.stdout).toMatch(
      /^::error title=Could not archive cluster quiet in us-east-1::ACTIVITY_STREAM_NOT_STARTED/m,
    );
    expect(run.summary).toContain("❌ **1 database not archived.**");
    expect(run.summary).toContain("| cluster quiet (us-east-1) | <em>its activity stream</em> |");
    expect(run.summary).toContain("start-activity-stream");
    expect(run.summary).toContain(
      `| cluster orders | us-east-1 | aurora-postgresql | ${das.streamName} | 0 |`,
    );
  });
});
