/**
 * `--tag` end to end: the built CLI against the emulator, whose DescribeDBInstances serves each
 * instance's TagList, with a fleet in which only some instances of a cluster carry a team's tags.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type EmulatorProcess, startEmulatorProcess, writeFleet } from "@rds-log-archive/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/run-cli.js";
import { archivedFiles } from "./support/tricky-fleet-cli.js";

let fleetDir: string;
let work: string;
let emulator: EmulatorProcess;

const run = (args: string[]) =>
  runCli(args, {
    AWS_ENDPOINT_URL_RDS: emulator.endpoint,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "test:tester",
    AWS_SECRET_ACCESS_KEY: "testing",
  });

const log = (instance: string) => [
  {
    name: "error/postgresql.log.2026-11-20-10",
    content: `${instance} 10\n`,
    lastWritten: new Date("2026-11-20T10:59:00Z"),
  },
];

beforeAll(async () => {
  const payments = { team: "payments", env: "prod" };
  fleetDir = await writeFleet(
    {
      clusters: [
        { id: "pay", engine: "aurora-postgresql", members: ["pay-1", "pay-2", "pay-3"], tags: payments },
      ],
      instances: [
        { id: "pay-1", engine: "aurora-postgresql", cluster: "pay", tags: payments },
        { id: "pay-2", engine: "aurora-postgresql", cluster: "pay", tags: { team: "payments", env: "dev" } },
        // Tagged on its cluster only: the instance's own tags decide.
        { id: "pay-3", engine: "aurora-postgresql", cluster: "pay" },
        { id: "ledger", engine: "postgres", tags: { ...payments, owner: "finance" } },
        { id: "shop", engine: "postgres", tags: { team: "shop", env: "prod" } },
      ],
    },
    Object.fromEntries(["pay-1", "pay-2", "pay-3", "ledger", "shop"].map((id) => [id, log(id)])),
  );
  emulator = await startEmulatorProcess(["--fleet", fleetDir]);
  work = await mkdtemp(path.join(tmpdir(), "cli-tags-"));
});

afterAll(async () => {
  await emulator?.stop();
  await rm(fleetDir, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

/** The instances whose files a plan would archive, from its JSON report. */
async function plannedInstances(args: string[]): Promise<string[]> {
  const result = await run(["plan", "--json", "--dest", path.join(work, "plan"), ...args]);
  expect(result.code, result.stderr).toBe(0);
  const report = JSON.parse(result.stdout) as { items: { instance: string }[] };
  return [...new Set(report.items.map((item) => item.instance))].sort();
}

describe("rds-log-archive --tag", () => {
  it("selects exactly the instances that carry the tag, and two tags AND", async () => {
    expect(await plannedInstances(["--all"])).toEqual(["ledger", "pay-1", "pay-2", "pay-3", "shop"]);
    expect(await plannedInstances(["--all", "--tag", "team=payments"])).toEqual(["ledger", "pay-1", "pay-2"]);
    expect(await plannedInstances(["--all", "--tag", "team=payments", "--tag", "env=prod"])).toEqual([
      "ledger",
      "pay-1",
    ]);
    expect(await plannedInstances(["--all", "--tag", "team=payments,env=dev"])).toEqual(["pay-2"]);
  });

  it("narrows a cluster to its members tagged themselves, and named instances too", async () => {
    expect(await plannedInstances(["--cluster", "pay", "--tag", "env=prod"])).toEqual(["pay-1"]);
    expect(await plannedInstances(["--instance", "ledger,shop", "--tag", "team=shop"])).toEqual(["shop"]);
  });

  it("archives only the tagged instances, and plan and --verbose say which tags narrowed them", async () => {
    const dest = path.join(work, "sync");
    const sync = await run([
      "sync",
      "-v",
      "--all",
      "--tag",
      "team=payments",
      "--tag",
      "env=prod",
      "--dest",
      dest,
    ]);
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stderr).toContain("target us-east-1: all instances; tags team=payments, env=prod");
    // {cluster}/…/{instance}/: only ledger's and pay-1's files were archived.
    expect((await archivedFiles(dest)).map((key) => key.split("/")[6])).toEqual(["ledger", "pay-1"]);
    const plan = await run(["plan", "--all", "--tag", "team=payments", "--dest", path.join(work, "p")]);
    expect(plan.stdout).toContain("only instances tagged team=payments in us-east-1");
  });

  it("exits 2 naming --tag for a tag without = or with an empty key, and writes nothing", async () => {
    const dest = path.join(work, "bad");
    for (const [tag, message] of [
      ["team", '--tag: "team" is not key=value'],
      ["=payments", '--tag: tag "=payments" has an empty key'],
    ] as const) {
      const result = await run(["sync", "--all", "--tag", tag, "--dest", dest]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(message);
    }
    const alone = await run(["sync", "--tag", "team=payments", "--dest", dest]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain("--cluster, --instance or --all: choose what to archive");
    expect(await archivedFiles(dest)).toEqual([]);
  });

  it("is refused by activity-stream, whose streams are named by cluster or instance", async () => {
    const result = await run([
      "activity-stream",
      "--cluster",
      "pay",
      "--tag",
      "team=payments",
      "--dest",
      work,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "--tag: activity streams are selected by cluster or instance, not by tags",
    );
  });
});
