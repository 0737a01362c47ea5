import { rename, rm } from "node:fs/promises";
import path from "node:path";
import {
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeDBLogFilesCommand,
  DescribeEventsCommand,
  paginateDescribeDBInstances,
  paginateDescribeDBLogFiles,
  paginateDescribeEvents,
  RDSClient,
} from "@aws-sdk/client-rds";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RdsEmulator, startEmulator } from "../src/emulator/start-emulator.js";
import { writeFleet, writeLogFile } from "../src/fleet/write-fleet.js";

const NOW = new Date("2026-11-22T12:00:00Z");
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3600_000);
const credentials = { accessKeyId: "test:tester", secretAccessKey: "testing" };

let emulator: RdsEmulator;
let fleetDir: string;
let rds: RDSClient;

beforeAll(async () => {
  const instances = Array.from({ length: 25 }, (_, i) => ({
    id: `pg-${String(i).padStart(2, "0")}`,
    engine: "postgres",
  }));
  fleetDir = await writeFleet(
    {
      clusters: [
        {
          id: "orders",
          engine: "aurora-postgresql",
          members: ["orders-1", "orders-2"],
          tags: { team: "payments" },
        },
        { id: "graph", engine: "neptune", members: ["graph-1"] },
      ],
      instances: [
        ...instances,
        { id: "orders-1", engine: "aurora-postgresql", cluster: "orders" },
        { id: "orders-2", engine: "aurora-postgresql", cluster: "orders", tags: { env: "prod" } },
        { id: "graph-1", engine: "neptune", cluster: "graph" },
        { id: "docs-1", engine: "docdb" },
      ],
      events: Array.from({ length: 30 }, (_, i) => ({
        sourceIdentifier: "orders-1",
        sourceType: "db-instance",
        message: i % 2 === 0 ? "Backing up DB instance" : "Finished DB Instance backup",
        categories: ["backup"],
        date: new Date(NOW.getTime() - (30 - i) * 60_000).toISOString(),
      })),
    },
    {
      "pg-00": Array.from({ length: 7 }, (_, h) => ({
        name: `error/postgresql.log.2026-11-22-${String(h).padStart(2, "0")}`,
        content: `hour ${h}\n`.repeat(h + 1),
        lastWritten: hoursAgo(12 - h),
      })),
    },
  );
  emulator = await startEmulator({ fleetDir, now: () => NOW });
  rds = new RDSClient({
    region: "us-east-1",
    endpoint: emulator.endpoint,
    credentials,
  });
});

afterAll(async () => {
  await emulator.close();
  await rm(fleetDir, { recursive: true, force: true });
});

describe("DescribeDBClusters", () => {
  it("returns clusters with members, writer flag, resource id and tags, Neptune included as RDS does", async () => {
    const { DBClusters = [] } = await rds.send(new DescribeDBClustersCommand({}));
    expect(DBClusters.map((c) => [c.DBClusterIdentifier, c.Engine])).toEqual([
      ["graph", "neptune"],
      ["orders", "aurora-postgresql"],
    ]);
    const orders = DBClusters[1];
    expect(orders?.DBClusterMembers?.map((m) => [m.DBInstanceIdentifier, m.IsClusterWriter])).toEqual([
      ["orders-1", true],
      ["orders-2", false],
    ]);
    expect(orders?.DbClusterResourceId).toMatch(/^cluster-[A-Z2-7]{26}$/);
    expect(orders?.TagList).toEqual([{ Key: "team", Value: "payments" }]);
  });

  it("answers an unknown cluster with DBClusterNotFoundFault, 404", async () => {
    const error = await rds
      .send(new DescribeDBClustersCommand({ DBClusterIdentifier: "nope" }))
      .catch((e) => e);
    expect(error.name).toBe("DBClusterNotFoundFault");
    expect(error.$metadata.httpStatusCode).toBe(404);
  });

  it("filters by engine", async () => {
    const { DBClusters = [] } = await rds.send(
      new DescribeDBClustersCommand({ Filters: [{ Name: "engine", Values: ["neptune"] }] }),
    );
    expect(DBClusters.map((c) => c.DBClusterIdentifier)).toEqual(["graph"]);
  });
});

describe("DescribeDBInstances", () => {
  it("pages through every instance with MaxRecords 20, Neptune and DocumentDB included", async () => {
    const pages: string[][] = [];
    for await (const page of paginateDescribeDBInstances({ client: rds, pageSize: 20 }, {})) {
      pages.push((page.DBInstances ?? []).map((n) => n.DBInstanceIdentifier ?? ""));
    }
    expect(pages.map((p) => p.length)).toEqual([20, 9]);
    const all = pages.flat();
    expect(new Set(all).size).toBe(29);
    expect(all).toContain("graph-1");
    expect(all).toContain("docs-1");
  });

  it("reports the cluster, engine and tags of a member", async () => {
    const { DBInstances = [] } = await rds.send(
      new DescribeDBInstancesCommand({ DBInstanceIdentifier: "orders-2" }),
    );
    expect(DBInstances).toHaveLength(1);
    expect(DBInstances[0]).toMatchObject({
      DBInstanceIdentifier: "orders-2",
      Engine: "aurora-postgresql",
      DBClusterIdentifier: "orders",
      TagList: [{ Key: "env", Value: "prod" }],
    });
    expect(DBInstances[0]?.DbiResourceId).toMatch(/^db-[A-Z2-7]{26}$/);
  });

  it("refuses a MaxRecords outside 20..100 as RDS does", async () => {
    const error = await rds.send(new DescribeDBInstancesCommand({ MaxRecords: 5 })).catch((e) => e);
    expect(error.name).toBe("InvalidParameterValue");
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it("answers an unknown instance with DBInstanceNotFoundFault, 404", async () => {
    const error = await rds
      .send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "nope" }))
      .catch((e) => e);
    expect(error.name).toBe("DBInstanceNotFoundFault");
    expect(error.Code).toBe("DBInstanceNotFound");
    expect(error.$metadata.httpStatusCode).toBe(404);
  });
});

describe("DescribeDBLogFiles", () => {
  it("lists files with LastWritten in epoch ms (the mtime) and Size", async () => {
    const { DescribeDBLogFiles = [] } = await rds.send(
      new DescribeDBLogFilesCommand({ DBInstanceIdentifier: "pg-00" }),
    );
    expect(DescribeDBLogFiles).toHaveLength(7);
    expect(DescribeDBLogFiles[2]).toEqual({
      LogFileName: "error/postgresql.log.2026-11-22-02",
      LastWritten: hoursAgo(10).getTime(),
      Size: "hour 2\n".length * 3,
    });
  });

  it("pages with a forced small page size, and the marker survives files being added", async () => {
    emulator.setPageSize(3);
    try {
      const names: string[] = [];
      let pages = 0;
      for await (const page of paginateDescribeDBLogFiles(
        { client: rds },
        { DBInstanceIdentifier: "pg-00" },
      )) {
        pages++;
        names.push(...(page.DescribeDBLogFiles ?? []).map((f) => f.LogFileName ?? ""));
        if (pages === 1) {
          await writeLogFile(fleetDir, "pg-00", {
            name: "error/postgresql.log.2026-11-22-07",
            content: "new\n",
            lastWritten: hoursAgo(4),
          });
        }
      }
      expect(pages).toBe(3);
      expect(names).toHaveLength(8);
      expect(names.at(-1)).toBe("error/postgresql.log.2026-11-22-07");
    } finally {
      emulator.setPageSize(undefined);
      await rm(path.join(fleetDir, "instances/pg-00/error/postgresql.log.2026-11-22-07"));
    }
  });

  it("applies FilenameContains, FileLastWritten (at or after) and FileSize (larger than)", async () => {
    const list = async (
      input: Partial<{ FilenameContains: string; FileLastWritten: number; FileSize: number }>,
    ) =>
      (
        await rds.send(new DescribeDBLogFilesCommand({ DBInstanceIdentifier: "pg-00", ...input }))
      ).DescribeDBLogFiles?.map((f) => f.LogFileName?.slice(-2));
    expect(await list({ FilenameContains: "22-0" })).toHaveLength(7);
    expect(await list({ FilenameContains: "-05" })).toEqual(["05"]);
    expect(await list({ FileLastWritten: hoursAgo(7).getTime() })).toEqual(["05", "06"]);
    expect(await list({ FileSize: "hour 5\n".length * 5 })).toEqual(["05", "06"]);
  });

  it("sees the folder change between requests: growth, rotation and deletion", async () => {
    const dir = path.join(fleetDir, "instances/pg-00/error");
    await writeLogFile(fleetDir, "pg-00", {
      name: "error/postgresql.log.2026-11-22-06",
      content: "grown\n".repeat(100),
      lastWritten: hoursAgo(1),
    });
    await rename(
      path.join(dir, "postgresql.log.2026-11-22-05"),
      path.join(dir, "postgresql.log.2026-11-22-05.1"),
    );
    await rm(path.join(dir, "postgresql.log.2026-11-22-00"));
    const { DescribeDBLogFiles = [] } = await rds.send(
      new DescribeDBLogFilesCommand({ DBInstanceIdentifier: "pg-00" }),
    );
    const byName = new Map(DescribeDBLogFiles.map((f) => [f.LogFileName, f]));
    expect(byName.get("error/postgresql.log.2026-11-22-06")).toMatchObject({
      Size: 600,
      LastWritten: hoursAgo(1).getTime(),
    });
    expect(byName.has("error/postgresql.log.2026-11-22-05")).toBe(false);
    expect(byName.has("error/postgresql.log.2026-11-22-05.1")).toBe(true);
    expect(byName.has("error/postgresql.log.2026-11-22-00")).toBe(false);
  });

  it("answers an unknown instance with DBInstanceNotFound on the wire", async () => {
    const error = await rds
      .send(new DescribeDBLogFilesCommand({ DBInstanceIdentifier: "ghost" }))
      .catch((e) => e);
    expect(error.Code).toBe("DBInstanceNotFound");
    expect(error.$metadata.httpStatusCode).toBe(404);
  });
});

describe("DescribeEvents", () => {
  it("defaults to the last hour and pages with MaxRecords 20", async () => {
    const dates: Date[] = [];
    for await (const page of paginateDescribeEvents(
      { client: rds, pageSize: 20 },
      { SourceIdentifier: "orders-1", SourceType: "db-instance" },
    )) {
      dates.push(...(page.Events ?? []).map((e) => e.Date as Date));
    }
    expect(dates).toHaveLength(30);
    expect(dates[0]).toEqual(new Date(NOW.getTime() - 30 * 60_000));
  });

  it("honours StartTime/EndTime and category filters", async () => {
    const { Events = [] } = await rds.send(
      new DescribeEventsCommand({
        StartTime: new Date(NOW.getTime() - 10 * 60_000),
        EndTime: NOW,
        EventCategories: ["backup"],
      }),
    );
    expect(Events).toHaveLength(10);
    expect(Events[0]).toMatchObject({ SourceType: "db-instance", EventCategories: ["backup"] });
    const none = await rds.send(new DescribeEventsCommand({ EventCategories: ["failover"] }));
    expect(none.Events ?? []).toEqual([]);
  });

  it("refuses a SourceIdentifier without SourceType", async () => {
    const error = await rds.send(new DescribeEventsCommand({ SourceIdentifier: "orders-1" })).catch((e) => e);
    expect(error.name).toBe("InvalidParameterCombination");
  });
});

describe("the wire format itself", () => {
  it("sends x-amzn-requestid, text/xml and the RDS namespace, with raw UTF-8", async () => {
    const result = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "orders-1" }));
    expect(result.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const last = emulator.requests.requests.at(-1);
    expect(last).toMatchObject({ operation: "DescribeDBInstances", status: 200, instance: "orders-1" });
  });

  it("counts requests by operation", async () => {
    const before = emulator.requests.counts().DescribeDBClusters ?? 0;
    await rds.send(new DescribeDBClustersCommand({}));
    expect(emulator.requests.counts().DescribeDBClusters).toBe(before + 1);
  });
});
