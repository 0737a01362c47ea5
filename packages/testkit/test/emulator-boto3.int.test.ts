import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readdir, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorProcess, startEmulatorProcess } from "../src/emulator/emulator-process.js";
import { writeFleet } from "../src/fleet/write-fleet.js";
import { serviceAvailability } from "../src/services/require-service.js";

/** Debian's python with python3-boto3; a pyenv python earlier on PATH would not have it. */
const PYTHON = "/usr/bin/python3";
const boto3 = serviceAvailability("The boto3 fidelity check", [
  PYTHON,
  "/usr/lib/python3/dist-packages/boto3/__init__.py",
]);

type Tag = { Key: string; Value: string };

interface Survey {
  clusters: { id: string; engine: string; members: string[] }[];
  instancePages: number;
  instances: { id: string; engine: string; cluster: string | null }[];
  logFiles: Record<string, { name: string; size: number; lastWritten: number }[]>;
  logFilePages: Record<string, number>;
  portions: Record<string, string>;
  rest: Record<string, string>;
  events: { source: string; message: string; categories: string[]; date: string }[];
  tags: Record<string, { described: Tag[]; listed: Tag[] }>;
  clusterTags: Record<string, { described: Tag[]; listed: Tag[] }>;
  errors: Record<string, { code: string; status: number } | null>;
}

const hour = (h: number) => new Date(Date.UTC(2026, 10, 22, h, 59, 30));
let fleetDir: string;
let emulator: EmulatorProcess;
let survey: Survey;

describe.skipIf(!boto3.available)("the emulator as boto3 sees it", () => {
  beforeAll(async () => {
    const members = ["aurora-1", "aurora-2", "aurora-3"];
    const standalone = Array.from({ length: 22 }, (_, i) => `mysql-${String(i).padStart(2, "0")}`);
    fleetDir = await writeFleet(
      {
        clusters: [
          {
            id: "aurora",
            engine: "aurora-postgresql",
            members,
            tags: { team: "payments", "cost-centre": "42" },
          },
          { id: "graph", engine: "neptune", members: ["graph-1"] },
        ],
        instances: [
          ...members.map((id, i) => ({
            id,
            engine: "aurora-postgresql",
            cluster: "aurora",
            ...(i === 0 ? { tags: { env: "prod", owner: "山田" } } : {}),
          })),
          ...standalone.map((id) => ({ id, engine: "mysql" })),
          { id: "graph-1", engine: "neptune", cluster: "graph" },
        ],
        events: [
          {
            sourceIdentifier: "aurora-1",
            sourceType: "db-instance",
            message: "Backing up DB instance",
            categories: ["backup"],
            date: new Date(Date.now() - 3600_000).toISOString(),
          },
          {
            sourceIdentifier: "aurora-1",
            sourceType: "db-instance",
            message: "Finished DB Instance backup",
            categories: ["backup"],
            date: new Date(Date.now() - 1800_000).toISOString(),
          },
        ],
      },
      {
        "aurora-1": [0, 1, 2, 3, 4].map((h) => ({
          name: `error/postgresql.log.2026-11-22-0${h}`,
          content: Array.from(
            { length: 120 + h },
            (_, i) => `2026-11-22 0${h}:00:00 UTC LOG: 行 ${i} ログ\n`,
          ).join(""),
          lastWritten: hour(h),
        })),
        "mysql-00": [
          {
            name: "audit/server_audit.log",
            content: "20261122 03:28:11,host,root,localhost,4,2,QUERY,,'SELECT \\'山田\\'',0\n",
            lastWritten: hour(5),
          },
          { name: "audit/server_audit.log.1", content: "older\n".repeat(300), lastWritten: hour(4) },
          { name: "error/mysql-error-running.log", content: "", lastWritten: hour(5) },
          { name: "slowquery/mysql slow query.log", content: "a name with spaces\n", lastWritten: hour(5) },
        ],
      },
    );
    // Pages of two, so boto3's paginators have to follow markers on every Describe call.
    emulator = await startEmulatorProcess(["--fleet", fleetDir, "--page-size", "2"]);
    const { stdout } = await promisify(execFile)(
      PYTHON,
      [path.join(import.meta.dirname, "fidelity/boto3-survey.py"), emulator.endpoint, "us-east-1"],
      {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: "test:tester",
          AWS_SECRET_ACCESS_KEY: "testing",
          PYTHONPATH: "",
        },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    survey = JSON.parse(stdout) as Survey;
  }, 120_000);

  afterAll(async () => {
    await emulator?.stop();
    if (fleetDir) await rm(fleetDir, { recursive: true, force: true });
  });

  it("lists clusters with their members, and every instance across pages the emulator caps at two", () => {
    expect(survey.clusters).toEqual([
      { id: "aurora", engine: "aurora-postgresql", members: ["aurora-1", "aurora-2", "aurora-3"] },
      { id: "graph", engine: "neptune", members: ["graph-1"] },
    ]);
    expect(survey.instancePages).toBe(13);
    expect(survey.instances).toHaveLength(26);
    expect(survey.instances.find((i) => i.id === "aurora-2")).toEqual({
      id: "aurora-2",
      engine: "aurora-postgresql",
      cluster: "aurora",
    });
    expect(survey.instances.find((i) => i.id === "mysql-07")?.cluster).toBeNull();
  });

  it("lists exactly the files on disk, with their sizes and mtimes, following markers", async () => {
    for (const instance of ["aurora-1", "mysql-00", "mysql-01"]) {
      const root = path.join(fleetDir, "instances", instance);
      const names = (await readdir(root, { recursive: true }).catch(() => [] as string[])).map((n) =>
        n.split(path.sep).join("/"),
      );
      const onDisk = [];
      for (const name of names) {
        const stats = await stat(path.join(root, name));
        if (stats.isFile()) onDisk.push({ name, size: stats.size, lastWritten: Math.floor(stats.mtimeMs) });
      }
      onDisk.sort((a, b) => (a.name < b.name ? -1 : 1));
      expect(survey.logFiles[instance], instance).toEqual(onDisk);
    }
    expect(survey.logFilePages["aurora-1"]).toBe(3);
  });

  it("downloads portions that add up to each file's text, multibyte included", async () => {
    for (const [key, text] of Object.entries(survey.portions)) {
      const [instance, ...name] = key.split("/");
      const onDisk = await readFile(path.join(fleetDir, "instances", instance as string, ...name), "utf8");
      expect(text, key).toBe(onDisk);
    }
    expect(Object.keys(survey.portions)).toHaveLength(9);
  });

  it("serves REST downloads signed by botocore's own SigV4 signer, byte-exact", async () => {
    for (const [key, digest] of Object.entries(survey.rest)) {
      const [instance, ...name] = key.split("/");
      const bytes = await readFile(path.join(fleetDir, "instances", instance as string, ...name));
      expect(digest, key).toBe(createHash("sha256").update(bytes).digest("hex"));
    }
  });

  it("renders tags as TagList in the Describe calls and in ListTagsForResource by ARN, alike", () => {
    expect(survey.tags["aurora-1"]).toEqual({
      described: [
        { Key: "env", Value: "prod" },
        { Key: "owner", Value: "山田" },
      ],
      listed: [
        { Key: "env", Value: "prod" },
        { Key: "owner", Value: "山田" },
      ],
    });
    expect(survey.tags["aurora-2"]).toEqual({ described: [], listed: [] });
    expect(survey.clusterTags.aurora?.listed).toEqual([
      { Key: "team", Value: "payments" },
      { Key: "cost-centre", Value: "42" },
    ]);
    expect(survey.clusterTags.aurora?.described).toEqual(survey.clusterTags.aurora?.listed);
  });

  it("returns the events with their categories and timestamps", () => {
    expect(survey.events.map((e) => [e.source, e.message, e.categories])).toEqual([
      ["aurora-1", "Backing up DB instance", ["backup"]],
      ["aurora-1", "Finished DB Instance backup", ["backup"]],
    ]);
    expect(Number.isNaN(Date.parse(survey.events[0]?.date ?? ""))).toBe(false);
  });

  it("puts the real wire error codes and statuses on the wire", () => {
    expect(survey.errors).toEqual({
      unknownInstance: { code: "DBInstanceNotFound", status: 404 },
      unknownCluster: { code: "DBClusterNotFoundFault", status: 404 },
      unknownTagged: { code: "DBInstanceNotFound", status: 404 },
      unknownLogFile: { code: "DBLogFileNotFoundFault", status: 404 },
      wrongSecret: { code: "SignatureDoesNotMatch", status: 403 },
    });
  });
});
