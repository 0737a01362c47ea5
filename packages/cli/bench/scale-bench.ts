/**
 * `npm run bench`, scale: the built CLI on a fleet of 1,000 instances across 50 accounts (a role
 * each) and 3 regions, served by one emulator that enforces RDS's API rate limit (a token bucket
 * per account and region, 12 requests a second and bursts of 300, answering `Throttling`). It
 * runs a first run of a few small files per instance into a folder, the hourly no-op re-run, and
 * `plan --matrix --shards 16`, and prints for each the wall time, RDS calls per instance, the
 * throttled share, the CLI's peak RSS, and the floor the rate limit sets with the ratio to it.
 * The same three runs follow under a limit scaled down 12-fold (1 request a second, bursts of
 * 25), where the floor is what a fleet 12 times larger would meet: there the pacing decides the
 * wall time. Figures are printed, never asserted.
 *
 * The floor: each account and region may spend its burst, then `rate` calls a second, so a run
 * whose busiest account and region made `n` RDS calls that were answered takes at least
 * `(n - burst) / rate` seconds.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { largeFleet, type RateLimit, type RdsEmulator, startEmulator } from "@rds-log-archive/testkit";
import { type ProcessRun, runCli } from "./run-cli.js";

const REGIONS = ["us-east-1", "eu-west-1", "ap-northeast-1"];
const ACCOUNTS = 50;
const INSTANCES = 1000;
const FILES_PER_INSTANCE = 3;
const LABEL_WIDTH = 30;
/** Operations that are not RDS's and take no token from its bucket. */
const NOT_RDS = new Set(["AssumeRole", "AssumeRoleWithWebIdentity", "GetCallerIdentity"]);

/** What the emulator saw of one run: RDS calls, throttles, the busiest bucket's answered calls. */
function readRequests(emulator: RdsEmulator) {
  const rds = emulator.requests.requests.filter((r) => !NOT_RDS.has(r.operation));
  const throttled = rds.filter((r) => r.errorCode === "Throttling").length;
  const answered = new Map<string, number>();
  for (const r of rds) {
    if (r.errorCode === "Throttling") continue;
    const bucket = `${r.accountId}/${r.region}`;
    answered.set(bucket, (answered.get(bucket) ?? 0) + 1);
  }
  const byOperation = new Map<string, number>();
  for (const r of rds) byOperation.set(r.operation, (byOperation.get(r.operation) ?? 0) + 1);
  return { calls: rds.length, throttled, busiest: Math.max(0, ...answered.values()), byOperation };
}

function failedTargets(run: ProcessRun): number | string {
  try {
    const report = JSON.parse(run.stdout) as { targets?: { error?: unknown }[] };
    return (report.targets ?? []).filter((t) => t.error !== undefined).length;
  } catch {
    return run.exitCode === 0 ? 0 : `exit ${run.exitCode}`;
  }
}

async function measure(
  label: string,
  args: string[],
  emulator: RdsEmulator,
  env: Record<string, string>,
  limit: Required<RateLimit>,
): Promise<void> {
  emulator.requests.clear();
  // A new limit object starts full buckets, so that each run meets the limit as a fresh hour would.
  emulator.faults.set({ rateLimit: { ...limit } });
  // Exit 1 is a run with failed targets, which the line counts.
  const run = await runCli(args, env, 1);
  const { calls, throttled, busiest, byOperation } = readRequests(emulator);
  const floor = Math.max(0, busiest - limit.burst) / limit.requestsPerSecond;
  const split = [...byOperation]
    .sort()
    .map(([op, n]) => `${op} ${(n / INSTANCES).toFixed(2)}`)
    .join(", ");
  const ratio =
    floor > 0 ? `${(run.seconds / floor).toFixed(2)}x the floor` : "no floor (the burst covers it)";
  console.log(
    `${label.padEnd(LABEL_WIDTH)} ${run.seconds.toFixed(1)} s, floor ${floor.toFixed(1)} s (${ratio}); ${(calls / INSTANCES).toFixed(2)} RDS calls/instance (${split}); throttled ${((throttled / Math.max(1, calls)) * 100).toFixed(1)}%; peak RSS ${run.peakRssMiB.toFixed(0)} MiB; failed targets ${failedTargets(run)}`,
  );
}

async function benchUnder(limit: Required<RateLimit>, work: string): Promise<void> {
  const fleet = largeFleet({
    accounts: ACCOUNTS,
    regions: REGIONS,
    instances: INSTANCES,
    filesPerInstance: FILES_PER_INSTANCE,
  });
  const emulator = await startEmulator({
    partitions: fleet.partitions,
    sts: fleet.sts,
    faults: { rateLimit: limit },
  });
  const dir = await mkdtemp(path.join(work, "archive-"));
  const config = path.join(dir, "..", `${path.basename(dir)}.json`);
  await writeFile(config, JSON.stringify({ targets: fleet.targets, destination: { dir } }));
  const env = {
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "test:tester",
    AWS_SECRET_ACCESS_KEY: "testing",
    AWS_ENDPOINT_URL_RDS: emulator.endpoint,
    AWS_ENDPOINT_URL_STS: emulator.endpoint,
  };
  try {
    console.log(
      `rate limit ${limit.requestsPerSecond}/s, burst ${limit.burst}, per account and region (${fleet.partitions.length} of them):`,
    );
    const sync = ["sync", "--config", config, "--json", "--quiet"];
    await measure("first run", sync, emulator, env, limit);
    await measure("no-op re-run", sync, emulator, env, limit);
    await measure(
      "plan --matrix --shards 16",
      ["plan", "--matrix", "--shards", "16", "--config", config, "--quiet"],
      emulator,
      env,
      limit,
    );
    console.log();
  } finally {
    await emulator.close();
  }
}

const work = await mkdtemp(path.join(tmpdir(), "rds-scale-bench-"));
try {
  console.log(
    `rds-log-archive scale bench: ${INSTANCES} instances, ${ACCOUNTS} accounts, ${REGIONS.length} regions, ${FILES_PER_INSTANCE} files of 2 KiB each\n`,
  );
  await benchUnder({ requestsPerSecond: 12, burst: 300 }, work);
  await benchUnder({ requestsPerSecond: 1, burst: 25 }, work);
} finally {
  await rm(work, { recursive: true, force: true });
}
