/**
 * The events source and activity-stream discovery under RDS's API rate limit, as the log-files
 * source is in rate-limit.int.test.ts: the emulator's token bucket per account and region, made so
 * small that the calls of each account and region overdraw it. Both finish with nothing failed,
 * every RDS call of one account and region waiting on one shared pacer (each port is built with
 * it), one pacer per account and region. Outcomes and counts only: never how long it took.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eventSpec, largeFleet, type RdsEmulator, startEmulator } from "@rds-log-archive/testkit";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { createRdsPort } from "../src/adapters/create-rds-port.js";
import { createDirObjectStore } from "../src/adapters/dir-object-store.js";
import { type ArchiveConfig, parseConfig } from "../src/config/parse-config.js";
import type { RequestPacer } from "../src/rds/adaptive-rate-limiter.js";
import type { CreateRdsPort } from "../src/rds/rds-port.js";
import { discoverActivityStreams } from "../src/sources/activity-stream/discover-activity-streams.js";
import { archiveEvents } from "../src/sources/events/archive-events.js";

// Two accounts in one region, 8 instances each: the first two form a cluster, six stand alone.
const fleet = largeFleet({ accounts: 2, regions: ["us-east-1"], instances: 16, filesPerInstance: 1 });
const KMS_KEY = "arn:aws:kms:us-east-1:111122223333:key/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
/** Each account's role, clusters and instances outside a cluster (largeFleet gives every partition a fleet). */
const accounts = fleet.partitions.map(({ fleet: partition = {} }, a) => ({
  roleArn: fleet.accounts[a]?.roleArn ?? "",
  clusters: partition.clusters ?? [],
  standalone: (partition.instances ?? []).filter((instance) => instance.cluster === undefined),
}));
// Every cluster and every instance outside one has a started stream, as Aurora and RDS for
// Oracle or SQL Server would.
for (const { clusters, standalone } of accounts) {
  for (const cluster of clusters) cluster.activityStream = { status: "started", kmsKeyId: KMS_KEY };
  for (const instance of standalone) instance.activityStream = { status: "started", kmsKeyId: KMS_KEY };
}
// Four events of each standalone instance. The emulator's DescribeEvents answers every account
// from one event log; each account keeps the events of its own instances.
const events = accounts.flatMap(({ standalone }) =>
  standalone.flatMap((instance, i) =>
    Array.from({ length: 4 }, (_, j) =>
      eventSpec("db-instance", instance.id, minutesAgo(60 + i * 10 + j), `backup ${j} of ${instance.id}`),
    ),
  ),
);

let emulator: RdsEmulator;
let dir: string;

beforeAll(async () => {
  // A bucket of 2 refilled at 5 a second, and pages of 10: each account's discovery, and the 48
  // events (5 pages a target), overdraw it.
  emulator = await startEmulator({
    fleet: { events },
    partitions: fleet.partitions,
    sts: fleet.sts,
    pageSize: 10,
    faults: { rateLimit: { requestsPerSecond: 5, burst: 2 } },
  });
  process.env.AWS_ENDPOINT_URL_RDS = emulator.endpoint;
  process.env.AWS_ENDPOINT_URL_STS = emulator.endpoint;
  process.env.AWS_ACCESS_KEY_ID = "test:tester";
  process.env.AWS_SECRET_ACCESS_KEY = "testing";
});
beforeEach(async () => {
  emulator.requests.clear();
  dir = await mkdtemp(path.join(tmpdir(), "rate-limit-sources-"));
  return () => rm(dir, { recursive: true, force: true });
});
afterAll(async () => {
  await emulator.close();
});

/** The real port factory, noting the pacer each port was built with, by the target's role. */
function recordPacers(): {
  createRdsPort: CreateRdsPort;
  pacers: Map<string, Set<RequestPacer | undefined>>;
} {
  const pacers = new Map<string, Set<RequestPacer | undefined>>();
  return {
    pacers,
    createRdsPort: (target) => {
      const key = `${target.roleArn}/${target.region}`;
      pacers.set(key, (pacers.get(key) ?? new Set()).add(target.pacer));
      return createRdsPort(target);
    },
  };
}

function config(targets: Record<string, unknown>[]): ArchiveConfig {
  const parsed = parseConfig({ targets, destination: { dir } }, new Date());
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.config;
}

/** RDS's answers in this run (the role assumptions aside), and how many were Throttling. */
function rdsRequests() {
  const rds = emulator.requests.requests.filter((r) => r.operation !== "AssumeRole");
  return { count: rds.length, throttled: rds.filter((r) => r.errorCode === "Throttling").length };
}

/** Every port of an account and region had a pacer, the same one, and no two shared one. */
function expectOnePacerPerAccount(pacers: Map<string, Set<RequestPacer | undefined>>): void {
  expect([...pacers.keys()].sort()).toEqual(accounts.map((a) => `${a.roleArn}/us-east-1`).sort());
  const each = [...pacers.values()].map((set) => [...set]);
  for (const set of each) {
    expect(set).toHaveLength(1);
    expect(set[0]).toBeDefined();
  }
  expect(new Set(each.flat()).size).toBe(accounts.length);
}

it("archives the events of every account under the rate limit, its calls paced per account and region", async () => {
  // Two targets in each account, its clusters and its standalone instances, paced together.
  const targets = accounts.flatMap(({ roleArn, clusters, standalone }) => [
    { region: "us-east-1", roleArn, clusters: clusters.map((c) => c.id) },
    { region: "us-east-1", roleArn, instances: standalone.map((i) => i.id) },
  ]);
  const recorded = recordPacers();
  const report = await archiveEvents(config(targets), {
    store: createDirObjectStore({ dir, prefix: "" }),
    createRdsPort: recorded.createRdsPort,
  });

  expect(report.targets.filter((t) => t.error !== undefined)).toEqual([]);
  expect(report.gaps).toEqual([]);
  expect(report.events?.totals).toMatchObject({ listed: 2 * 6 * 4, new: 2 * 6 * 4, failed: 0 });
  expect(rdsRequests().throttled, "the rate limit was reached").toBeGreaterThan(0);
  expectOnePacerPerAccount(recorded.pacers);
}, 120_000);

it("finds every activity stream of every account under the rate limit, its calls paced per account and region", async () => {
  // One target per cluster and per standalone instance: a DescribeDBClusters or
  // DescribeDBInstances each, one after the other.
  const targets = accounts.flatMap(({ roleArn, clusters, standalone }) => [
    ...clusters.map((c) => ({ region: "us-east-1", roleArn, clusters: [c.id] })),
    ...standalone.map((i) => ({ region: "us-east-1", roleArn, instances: [i.id] })),
  ]);
  const recorded = recordPacers();
  const { streams, failures } = await discoverActivityStreams(config(targets), recorded.createRdsPort);

  expect(failures).toEqual([]);
  expect(streams.map((s) => `${s.kind} ${s.id}`).sort()).toEqual(
    accounts
      .flatMap(({ clusters, standalone }) => [
        ...clusters.map((c) => `cluster ${c.id}`),
        ...standalone.map((i) => `instance ${i.id}`),
      ])
      .sort(),
  );
  expect(rdsRequests().throttled, "the rate limit was reached").toBeGreaterThan(0);
  expectOnePacerPerAccount(recorded.pacers);
}, 120_000);
