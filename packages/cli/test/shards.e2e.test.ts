/**
 * The fan-out of a large fleet, end to end with the built CLI against the RDS emulator: plan
 * --matrix splits the instances, one sync per matrix entry archives exactly its share with
 * --only-instances, and report merge joins the shards' reports and judges them.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { archivedFiles, useTrickyFleetCli } from "./support/tricky-fleet-cli.js";

const cli = useTrickyFleetCli("cli-shards");
const { run } = cli;
/** The tricky fleet: cluster aurora (aurora-1 with 1.2 MB of logs, aurora-2) and instance maria. */
const FLEET = ["--cluster", "aurora", "--instance", "maria"];

interface Entry {
  shard: number;
  shards: number;
  instances: string;
  instanceCount: number;
  files: number;
  bytes: number;
}

/** Runs one sync per matrix entry, as the shard jobs do, each writing its report to `reportOf(entry)`. */
async function syncShards(
  include: Entry[],
  dest: string,
  reportOf: (entry: Entry) => string,
): Promise<string[]> {
  const reports: string[] = [];
  for (const entry of include) {
    const report = reportOf(entry);
    const args = ["sync", ...FLEET, "--dest", dest, "--only-instances", entry.instances, "--report", report];
    const shard = await run(args);
    expect(shard.code, shard.stderr).toBe(0);
    reports.push(report);
  }
  return reports;
}

describe("plan --matrix, sync --only-instances, report merge", () => {
  it("splits the fleet by bytes, archives each shard's share once, and merges the shards' reports", async () => {
    const dest = path.join(cli.work, "archive");
    const plan = await run(["plan", "--matrix", "--shards", "2", ...FLEET, "--dest", dest]);
    expect(plan.code).toBe(0);
    expect(plan.stdout.trim().split("\n")).toHaveLength(1);
    const { include } = JSON.parse(plan.stdout) as { include: Entry[] };
    // aurora-1 holds almost all the bytes, so it gets a shard to itself.
    expect(include.map((e) => [e.shard, e.shards, e.instances, e.instanceCount, e.files])).toEqual([
      [1, 2, "us-east-1/aurora-1", 1, 3],
      [2, 2, "us-east-1/aurora-2,us-east-1/maria", 2, 5],
    ]);
    expect(include[0]?.bytes).toBeGreaterThan(1_000_000);
    expect(plan.stderr).toContain("3 instances, 8 files");

    const reports = await syncShards(include, dest, (entry) =>
      path.join(cli.work, `shard-${entry.shard}.json`),
    );
    const shard2 = JSON.parse(await readFile(reports[1] as string, "utf8"));
    expect(shard2.targets.map((t: { instance: string }) => t.instance)).toEqual(["aurora-2", "maria"]);
    expect(await archivedFiles(dest)).toHaveLength(8);

    const merged = path.join(cli.work, "merged.json");
    const merge = await run(["report", "merge", ...reports, "--report", merged]);
    expect(merge.code, merge.stdout + merge.stderr).toBe(0);
    expect(merge.stdout).toMatch(/8 archived .* 0 failed, 0 gaps; 3 instances/);
    const report = JSON.parse(await readFile(merged, "utf8"));
    expect(report.totals).toMatchObject({ archived: 8, failed: 0, gaps: 0 });
    expect(report.targets.map((t: { instance: string }) => t.instance)).toEqual([
      "aurora-1",
      "aurora-2",
      "maria",
    ]);

    // A shard that also took another shard's instance overlaps it: the summary job fails.
    const overlapping = path.join(cli.work, "overlapping.json");
    await run([
      "sync",
      ...FLEET,
      "--dest",
      dest,
      "--only-instances",
      "us-east-1/aurora-1",
      "--report",
      overlapping,
    ]);
    const overlap = await run(["report", "merge", reports[0] as string, overlapping]);
    expect(overlap.code).toBe(1);
    expect(overlap.stdout).toContain(
      `instance us-east-1/aurora-1 is in both ${reports[0]} and ${overlapping}`,
    );
  });

  it("speaks the action's commands too: matrix is plan --matrix, merge-reports takes a folder of reports", async () => {
    const dest = path.join(cli.work, "vocabulary");
    const alias = await run(["plan", "--matrix", "--shards", "2", ...FLEET, "--dest", dest]);
    const matrix = await run(["matrix", "--shards", "2", ...FLEET, "--dest", dest]);
    expect(matrix.code, matrix.stderr).toBe(0);
    expect(matrix.stdout).toBe(alias.stdout);

    // As download-artifact leaves them: one folder per shard's artifact, under one folder.
    const { include } = JSON.parse(matrix.stdout) as { include: Entry[] };
    const folder = path.join(cli.work, "artifacts");
    for (const entry of include) await mkdir(path.join(folder, `report-${entry.shard}`), { recursive: true });
    await syncShards(include, dest, (entry) => path.join(folder, `report-${entry.shard}`, "report.json"));
    const merged = await run(["merge-reports", folder]);
    expect(merged.stderr).toBe("");
    expect(merged.code).toBe(0);
    expect(merged.stdout).toContain("merged 2 run reports");
    expect(merged.stdout).toMatch(/8 archived .* 0 failed, 0 gaps; 3 instances/);
  });

  it("refuses a shard count GitHub cannot run, naming --shards", async () => {
    for (const shards of ["0", "257", "four"]) {
      const result = await run(["plan", "--matrix", "--shards", shards, "--all", "--dest", cli.work]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`--shards: "${shards}" is not a whole number from 1 to 256`);
    }
    const sync = await run(["sync", "--matrix", "--all", "--dest", cli.work]);
    expect(sync.code).toBe(2);
    expect(sync.stderr).toContain("--matrix applies to plan only");
  });

  it("reports an instance that --only-instances names but no target selects, and the merge fails on it", async () => {
    const report = path.join(cli.work, "ghost.json");
    const result = await run([
      "sync",
      ...FLEET,
      "--dest",
      path.join(cli.work, "ghost"),
      "--only-instances",
      "us-east-1/ghost",
      "--report",
      report,
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "us-east-1/ghost was named to archive, but none of the configured targets selects it",
    );
    expect(await archivedFiles(path.join(cli.work, "ghost"))).toEqual([]);
    const merge = await run(["report", "merge", report, "--quiet"]);
    expect(merge.code).toBe(1);
    expect(merge.stdout).toContain("targets that could not be archived");

    const bad = await run(["sync", ...FLEET, "--dest", cli.work, "--only-instances", "us-east-1/a/b"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--only-instances: "us-east-1/a/b" is not REGION/INSTANCE');
  });

  it("exits 2 naming the file for a missing, invalid or unknown report, and for mixed dry and real runs", async () => {
    const garbage = path.join(cli.work, "garbage.json");
    const future = path.join(cli.work, "future.json");
    const dry = path.join(cli.work, "dry.json");
    const real = path.join(cli.work, "real.json");
    await writeFile(garbage, "not json");
    await writeFile(future, JSON.stringify({ schemaVersion: 9 }));
    await run(["plan", "--instance", "maria", "--dest", cli.work, "--report", dry, "--quiet"]);
    await run([
      "sync",
      "--instance",
      "maria",
      "--dest",
      path.join(cli.work, "real"),
      "--report",
      real,
      "--quiet",
    ]);
    const cases: [string[], string][] = [
      [[path.join(cli.work, "missing.json")], `${path.join(cli.work, "missing.json")} does not exist`],
      [[garbage], `${garbage} is not JSON`],
      [[future], `${future} is a run report of schemaVersion 9`],
      [[dry, real], `${dry} is a dry run`],
      [[real, real], `${real} is given twice`],
      [[], "give the run report files to merge"],
    ];
    for (const [files, message] of cases) {
      const result = await run(["report", "merge", ...files]);
      expect(result.code, message).toBe(2);
      expect(result.stderr).toContain(message);
    }
  });
});
