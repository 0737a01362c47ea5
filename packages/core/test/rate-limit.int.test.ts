/**
 * A multi-account run under RDS's API rate limit: the emulator's token bucket per account and
 * region, made small enough here that the run must pace itself. Every instance is archived, no
 * target fails, and the pacing keeps throttled requests few. Outcomes and counts only: never
 * how long it took.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { largeFleet, type RdsEmulator, startEmulator } from "@rds-log-archive/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parseConfig } from "../src/config/parse-config.js";
import { archive } from "../src/sources/log-files/archive-log-files.js";

const fleet = largeFleet({
  accounts: 4,
  regions: ["us-east-1", "eu-west-1"],
  instances: 48,
  filesPerInstance: 2,
});
let emulator: RdsEmulator;
let dir: string;

beforeAll(async () => {
  // 6 instances per account and region, each a listing and 2 files (a download and a re-check
  // each): about 31 requests against a bucket of 8 that refills at 10 a second.
  emulator = await startEmulator({
    partitions: fleet.partitions,
    sts: fleet.sts,
    faults: { rateLimit: { requestsPerSecond: 10, burst: 8 } },
  });
  dir = await mkdtemp(path.join(tmpdir(), "rate-limit-"));
  process.env.AWS_ENDPOINT_URL_RDS = emulator.endpoint;
  process.env.AWS_ENDPOINT_URL_STS = emulator.endpoint;
  process.env.AWS_ACCESS_KEY_ID = "test:tester";
  process.env.AWS_SECRET_ACCESS_KEY = "testing";
});

afterAll(async () => {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

it("archives every instance of every account and region under the rate limit, with few throttles", async () => {
  const parsed = parseConfig({ targets: fleet.targets, destination: { dir } }, new Date());
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const report = await archive(parsed.config);

  expect(report.targets.filter((t) => t.error !== undefined)).toEqual([]);
  expect(report.targets).toHaveLength(48);
  expect(report.totals).toMatchObject({ archived: 96, failed: 0 });
  const rds = emulator.requests.requests.filter((r) => r.operation !== "AssumeRole");
  const throttled = rds.filter((r) => r.errorCode === "Throttling").length;
  // Without the shared pacer (the SDK's adaptive retries alone, per client) about 8% are throttled.
  expect(throttled).toBeGreaterThan(0);
  expect(throttled / rds.length).toBeLessThan(0.05);
}, 120_000);
