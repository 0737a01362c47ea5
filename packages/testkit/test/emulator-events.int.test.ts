/**
 * DescribeEvents, DescribeDBClusterSnapshots and DescribeDBSnapshots as the events source will
 * meet them: paging, windows, the 14-day horizon, source filters, late events, events appended
 * while the emulator runs, and snapshots mapped to their cluster or instance.
 */
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  DescribeDBClusterSnapshotsCommand,
  DescribeDBSnapshotsCommand,
  DescribeEventsCommand,
  type DescribeEventsCommandInput,
  type Event,
  paginateDescribeEvents,
  RDSClient,
} from "@aws-sdk/client-rds";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { EventSpec } from "../src/emulator/fleet.js";
import { readFleetSpec } from "../src/emulator/fleet.js";
import { type RdsEmulator, startEmulator } from "../src/emulator/start-emulator.js";
import { writeFleet } from "../src/fleet/write-fleet.js";

const NOW = new Date("2026-11-22T12:00:00Z");
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();
const AUTOMATED = "rds:orders-2026-11-22-03-10";
const PREFIX = "arn:aws:rds:us-east-1:123456789012";

let clock = NOW;
let emulator: RdsEmulator;
let fleetDir: string;
let rds: RDSClient;

/** Every 30 minutes for 15 days, alternating instance, cluster and cluster-snapshot events. */
const regular: EventSpec[] = Array.from({ length: 15 * 48 }, (_, i) => {
  const kind = i % 3;
  return {
    sourceIdentifier: kind === 0 ? "orders-1" : kind === 1 ? "orders" : AUTOMATED,
    sourceType: kind === 0 ? "db-instance" : kind === 1 ? "db-cluster" : "db-cluster-snapshot",
    message: kind === 2 ? "Automated cluster snapshot created" : `Event ${i} — 日本語 🚀`,
    categories: kind === 0 ? ["backup"] : kind === 1 ? ["notification"] : ["backup"],
    date: minutesAgo((15 * 48 - i) * 30 - 1),
  };
});

beforeAll(async () => {
  fleetDir = await writeFleet({
    clusters: [{ id: "orders", engine: "aurora-postgresql", members: ["orders-1"] }],
    instances: [
      { id: "orders-1", engine: "aurora-postgresql", cluster: "orders" },
      { id: "billing", engine: "postgres" },
    ],
    clusterSnapshots: [
      { id: AUTOMATED, cluster: "orders", type: "automated", createdAt: "2026-11-22T03:10:00Z" },
      { id: "before-upgrade", cluster: "orders" },
      { id: "legacy-final", cluster: "legacy", engine: "aurora-mysql" },
    ],
    dbSnapshots: [{ id: "rds:billing-2026-11-22-04-00", instance: "billing", type: "automated" }],
    events: [
      {
        sourceIdentifier: "billing",
        sourceType: "db-instance",
        message: "Finished DB Instance backup",
        categories: ["backup"],
        date: minutesAgo(50),
        sourceArn: null,
      },
    ],
  });
  await writeFile(path.join(fleetDir, "events.json"), JSON.stringify(regular));
  emulator = await startEmulator({ fleetDir, now: () => clock });
  rds = new RDSClient({
    region: "us-east-1",
    endpoint: emulator.endpoint,
    credentials: { accessKeyId: "test:tester", secretAccessKey: "testing" },
  });
});

beforeEach(() => {
  clock = NOW;
});

afterAll(async () => {
  rds.destroy();
  await emulator.close();
  await rm(fleetDir, { recursive: true, force: true });
});

async function allEvents(
  input: DescribeEventsCommandInput,
  pageSize = 100,
): Promise<{ events: Event[]; pages: number }> {
  const events: Event[] = [];
  let pages = 0;
  for await (const page of paginateDescribeEvents({ client: rds, pageSize }, input)) {
    pages += 1;
    events.push(...(page.Events ?? []));
  }
  return { events, pages };
}

describe("DescribeEvents windows and paging", () => {
  it("pages the 14 days RDS keeps, oldest first, and never returns what is older", async () => {
    const { events, pages } = await allEvents(
      { StartTime: new Date(NOW.getTime() - 20 * 24 * 3600_000) },
      100,
    );
    const horizon = NOW.getTime() - 14 * 24 * 3600_000;
    const expected = regular.filter((e) => Date.parse(e.date) >= horizon).length + 1;
    expect(events).toHaveLength(expected);
    expect(pages).toBe(Math.ceil(expected / 100));
    const times = events.map((e) => (e.Date as Date).getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBeGreaterThanOrEqual(horizon);
    const byDuration = await allEvents({ Duration: 20160 }, 20);
    expect(byDuration.events).toHaveLength(expected);
    expect(byDuration.pages).toBe(Math.ceil(expected / 20));
  });

  it("defaults to the last hour, and honours StartTime/EndTime", async () => {
    const { Events = [] } = await rds.send(new DescribeEventsCommand({}));
    expect(Events.map((e) => e.Date?.toISOString())).toEqual([
      minutesAgo(59),
      minutesAgo(50),
      minutesAgo(29),
    ]);
    const window = await rds.send(
      new DescribeEventsCommand({ StartTime: new Date(minutesAgo(180)), EndTime: new Date(minutesAgo(60)) }),
    );
    expect(window.Events?.map((e) => e.Date?.toISOString())).toEqual(
      [179, 149, 119, 89].map((m) => minutesAgo(m)),
    );
  });

  it("refuses MaxRecords outside 20–100, as RDS does", async () => {
    const error = await rds.send(new DescribeEventsCommand({ MaxRecords: 10 })).catch((e) => e);
    expect(error).toMatchObject({ name: "InvalidParameterValue" });
  });
});

describe("DescribeEvents filters", () => {
  it("filters by source type and identifier, and refuses an identifier without a type", async () => {
    const { events } = await allEvents({
      SourceType: "db-cluster-snapshot",
      SourceIdentifier: AUTOMATED,
      Duration: 600,
    });
    expect(events).toHaveLength(7);
    expect(new Set(events.map((e) => e.SourceIdentifier))).toEqual(new Set([AUTOMATED]));
    const clusters = await allEvents({ SourceType: "db-cluster", Duration: 600 });
    expect(clusters.events.every((e) => e.SourceType === "db-cluster")).toBe(true);
    const error = await rds.send(new DescribeEventsCommand({ SourceIdentifier: "orders" })).catch((e) => e);
    expect(error).toMatchObject({ name: "InvalidParameterCombination", $metadata: { httpStatusCode: 400 } });
    const badType = await rds
      .send(new DescribeEventsCommand({ SourceType: "db-table" as never }))
      .catch((e) => e);
    expect(badType.name).toBe("InvalidParameterValue");
  });

  it("filters by category", async () => {
    const { events } = await allEvents({ EventCategories: ["notification"], Duration: 600 });
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.EventCategories?.includes("notification"))).toBe(true);
  });

  it("carries each type's SourceArn, keeps multibyte messages, and leaves SourceArn out where the fleet says", async () => {
    const { events } = await allEvents({ Duration: 90 });
    const arns = Object.fromEntries(
      events.filter((e) => e.SourceIdentifier !== "billing").map((e) => [e.SourceType, e.SourceArn]),
    );
    expect(arns).toEqual({
      "db-instance": `${PREFIX}:db:orders-1`,
      "db-cluster": `${PREFIX}:cluster:orders`,
      "db-cluster-snapshot": `${PREFIX}:cluster-snapshot:${AUTOMATED}`,
    });
    const billing = (await allEvents({ SourceType: "db-instance", SourceIdentifier: "billing" })).events;
    expect(billing).toHaveLength(1);
    expect(billing[0]).not.toHaveProperty("SourceArn");
    expect(events.find((e) => e.SourceType === "db-cluster")?.Message).toMatch(/^Event \d+ — 日本語 🚀$/);
  });
});

describe("late and new events", () => {
  it("hides an event until its visibleAt, then serves it with its own Date", async () => {
    emulator.events.append([
      {
        sourceIdentifier: "orders",
        sourceType: "db-cluster",
        message: "DB cluster stopped",
        categories: ["notification"],
        date: minutesAgo(20),
        visibleAt: minutesAgo(-4),
      },
    ]);
    const before = await allEvents({ SourceType: "db-cluster", SourceIdentifier: "orders", Duration: 60 });
    expect(before.events.map((e) => e.Message)).not.toContain("DB cluster stopped");
    clock = new Date(NOW.getTime() + 5 * 60_000);
    const after = await allEvents({ SourceType: "db-cluster", SourceIdentifier: "orders", Duration: 60 });
    const late = after.events.find((e) => e.Message === "DB cluster stopped");
    expect(late?.Date?.toISOString()).toBe(minutesAgo(20));
  });

  it("takes new events through the admin route, and refuses a bad one naming its field", async () => {
    const post = (body: unknown) =>
      fetch(`${emulator.endpoint}/_emulator/events`, { method: "POST", body: JSON.stringify(body) });
    const ok = await post([
      {
        sourceIdentifier: "before-upgrade",
        sourceType: "db-cluster-snapshot",
        message: "Manual cluster snapshot created",
        categories: ["backup"],
        date: minutesAgo(2),
      },
    ]);
    expect(ok.status).toBe(200);
    const { Events = [] } = await rds.send(
      new DescribeEventsCommand({ SourceType: "db-cluster-snapshot", SourceIdentifier: "before-upgrade" }),
    );
    expect(Events.map((e) => e.Message)).toEqual(["Manual cluster snapshot created"]);
    const bad = await post([
      { sourceIdentifier: "x", sourceType: "db-table", message: "m", date: "yesterday" },
    ]);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain(
      "events[0].sourceType: must be one of db-instance",
    );
  });

  it("refuses an events.json that is not an array of events, naming the file", async () => {
    const dir = await writeFleet({});
    await writeFile(path.join(dir, "events.json"), JSON.stringify([{ sourceIdentifier: "a", date: "soon" }]));
    await expect(readFleetSpec(dir)).rejects.toThrow(
      /events\.json is not a valid fleet:[\s\S]*events\[0\]\.date/,
    );
    await rm(dir, { recursive: true, force: true });
  });
});

describe("snapshots mapped to what they were taken of", () => {
  it("DescribeDBClusterSnapshots gives the cluster of a snapshot, by identifier or ARN, deleted clusters included", async () => {
    const byId = await rds.send(
      new DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier: AUTOMATED }),
    );
    expect(byId.DBClusterSnapshots?.[0]).toMatchObject({
      DBClusterSnapshotIdentifier: AUTOMATED,
      DBClusterIdentifier: "orders",
      SnapshotType: "automated",
      DBClusterSnapshotArn: `${PREFIX}:cluster-snapshot:${AUTOMATED}`,
      SnapshotCreateTime: new Date("2026-11-22T03:10:00Z"),
    });
    const byArn = await rds.send(
      new DescribeDBClusterSnapshotsCommand({
        DBClusterSnapshotIdentifier: `${PREFIX}:cluster-snapshot:legacy-final`,
      }),
    );
    expect(byArn.DBClusterSnapshots?.[0]).toMatchObject({
      DBClusterIdentifier: "legacy",
      Engine: "aurora-mysql",
    });
    const ofCluster = await rds.send(
      new DescribeDBClusterSnapshotsCommand({ DBClusterIdentifier: "orders" }),
    );
    expect(ofCluster.DBClusterSnapshots?.map((s) => s.DBClusterSnapshotIdentifier)).toEqual([
      "before-upgrade",
      AUTOMATED,
    ]);
    const missing = await rds
      .send(new DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier: "nope" }))
      .catch((e) => e);
    expect(missing).toMatchObject({
      name: "DBClusterSnapshotNotFoundFault",
      $metadata: { httpStatusCode: 404 },
    });
  });

  it("DescribeDBSnapshots gives the instance of a DB snapshot", async () => {
    const { DBSnapshots = [] } = await rds.send(
      new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: "rds:billing-2026-11-22-04-00" }),
    );
    expect(DBSnapshots[0]).toMatchObject({
      DBInstanceIdentifier: "billing",
      SnapshotType: "automated",
      Engine: "postgres",
    });
    const missing = await rds
      .send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: "nope" }))
      .catch((e) => e);
    // The SDK names the class DBSnapshotNotFoundFault; the wire code is DBSnapshotNotFound (boto3 checks it).
    expect(missing).toMatchObject({ Code: "DBSnapshotNotFound", $metadata: { httpStatusCode: 404 } });
  });
});
