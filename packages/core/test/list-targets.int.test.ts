import { rm } from "node:fs/promises";
import { type RdsEmulator, startEmulator, writeFleet } from "@rds-log-archive/testkit";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createRdsPort } from "../src/adapters/create-rds-port.js";
import { listTargets, type TargetSelector } from "../src/rds/list-targets.js";

let emulator: RdsEmulator;
let fleetDir: string;
const READER_ROLE = "arn:aws:iam::123456789012:role/rds-log-reader";

const select = (selector: Partial<TargetSelector>): TargetSelector => ({
  clusters: [],
  instances: [],
  all: false,
  engines: [],
  ...selector,
});

beforeAll(async () => {
  fleetDir = await writeFleet(
    {
      clusters: [
        { id: "orders", engine: "aurora-postgresql", members: ["orders-1", "orders-2", "orders-3"] },
        { id: "graph", engine: "neptune", members: ["graph-1"] },
      ],
      instances: [
        {
          id: "orders-1",
          engine: "aurora-postgresql",
          cluster: "orders",
          tags: { team: "payments", env: "prod" },
        },
        { id: "orders-2", engine: "aurora-postgresql", cluster: "orders", tags: { team: "payments" } },
        { id: "orders-3", engine: "aurora-postgresql", cluster: "orders" },
        { id: "graph-1", engine: "neptune", cluster: "graph" },
        { id: "docs-1", engine: "docdb" },
        { id: "billing", engine: "postgres", tags: { team: "payments", env: "prod" } },
        { id: "shop", engine: "mariadb" },
      ],
    },
    {
      billing: Array.from({ length: 5 }, (_, h) => ({
        name: `error/postgresql.log.2026-11-20-0${h}`,
        content: `hour ${h}\n`,
        lastWritten: new Date(Date.UTC(2026, 10, 20, h, 59)),
      })),
    },
  );
  emulator = await startEmulator({
    fleetDir,
    // The role trusts the default credentials' key, as a role trusts the account that runs the tool.
    sts: { roles: [{ roleArn: READER_ROLE, trust: [{ principals: ["test:tester"] }] }] },
  });
  // The real code finds the emulator the way users point it anywhere: the SDK's standard variables.
  process.env.AWS_ENDPOINT_URL_RDS = emulator.endpoint;
  process.env.AWS_ACCESS_KEY_ID = "test:tester";
  process.env.AWS_SECRET_ACCESS_KEY = "testing";
});

afterAll(async () => {
  await emulator.close();
  await rm(fleetDir, { recursive: true, force: true });
});

beforeEach(() => {
  // Pages of one item, so every list call must follow its markers to be complete.
  emulator.setPageSize(1);
  emulator.requests.clear();
});

describe("listTargets", () => {
  it("expands a cluster to its members across pages", async () => {
    const { instances, failures } = await listTargets(
      createRdsPort({ region: "us-east-1" }),
      select({ clusters: ["orders"] }),
    );
    expect(failures).toEqual([]);
    expect(instances).toEqual(
      ["orders-1", "orders-2", "orders-3"].map((instance) => ({
        region: "us-east-1",
        instance,
        engine: "aurora-postgresql",
        cluster: "orders",
      })),
    );
  });

  it("takes every instance with --all, skipping Neptune and DocumentDB", async () => {
    const { instances } = await listTargets(createRdsPort({ region: "us-east-1" }), select({ all: true }));
    expect(instances.map((i) => i.instance)).toEqual(["billing", "orders-1", "orders-2", "orders-3", "shop"]);
    expect(emulator.requests.counts().DescribeDBInstances).toBe(7);
  });

  it("narrows by the tags DescribeDBInstances returns, all of them, with no call per instance", async () => {
    const rds = createRdsPort({ region: "us-east-1" });
    const all = await listTargets(rds, select({ all: true, tags: { team: "payments", env: "prod" } }));
    expect(all.instances.map((i) => i.instance)).toEqual(["billing", "orders-1"]);
    expect(emulator.requests.counts()).toEqual({ DescribeDBInstances: 7 });
    emulator.requests.clear();
    const members = await listTargets(rds, select({ clusters: ["orders"], tags: { team: "payments" } }));
    expect(members.instances.map((i) => [i.instance, i.cluster])).toEqual([
      ["orders-1", "orders"],
      ["orders-2", "orders"],
    ]);
    // The members came from DescribeDBInstances filtered on the cluster: its 3 instances in pages
    // of one, not the region's 7; and no ListTagsForResource at all.
    expect(emulator.requests.counts()).toEqual({ DescribeDBClusters: 1, DescribeDBInstances: 3 });
  });

  it("filters by engine", async () => {
    const { instances } = await listTargets(
      createRdsPort({ region: "us-east-1" }),
      select({ all: true, engines: ["mariadb", "postgres"] }),
    );
    expect(instances.map((i) => [i.instance, i.engine])).toEqual([
      ["billing", "postgres"],
      ["shop", "mariadb"],
    ]);
  });

  it("skips a Neptune cluster named explicitly", async () => {
    const { instances, failures } = await listTargets(
      createRdsPort({ region: "us-east-1" }),
      select({ clusters: ["graph"] }),
    );
    expect(instances).toEqual([]);
    expect(failures).toEqual([]);
  });

  it("fails a missing cluster or instance alone, with a hint, and goes on with the others", async () => {
    const { instances, failures } = await listTargets(
      createRdsPort({ region: "us-east-1" }),
      select({ clusters: ["ghost-cluster", "orders"], instances: ["ghost", "shop"] }),
    );
    expect(instances.map((i) => i.instance)).toEqual(["orders-1", "orders-2", "orders-3", "shop"]);
    expect(failures.map((f) => [f.cluster ?? f.instance, f.error.code])).toEqual([
      ["ghost-cluster", "DB_CLUSTER_NOT_FOUND"],
      ["ghost", "DB_INSTANCE_NOT_FOUND"],
    ]);
    expect(failures[1]?.error.message).toBe(
      "DescribeDBInstances on instance ghost in us-east-1: DB instance not found",
    );
    expect(failures[1]?.error.hint).toContain("check the instance id and the region");
  });

  it("reports rejected credentials as ACCESS_DENIED with what to check", async () => {
    process.env.AWS_SECRET_ACCESS_KEY = "wrong";
    try {
      const { failures } = await listTargets(
        createRdsPort({ region: "us-east-1" }),
        select({ instances: ["shop"] }),
      );
      expect(failures[0]?.error.code).toBe("ACCESS_DENIED");
      expect(failures[0]?.error.hint).toContain("AWS_ACCESS_KEY_ID");
    } finally {
      process.env.AWS_SECRET_ACCESS_KEY = "testing";
    }
  });
});

describe("roleArn", () => {
  beforeEach(() => {
    process.env.AWS_ENDPOINT_URL_STS = emulator.endpoint;
  });
  afterEach(() => {
    delete process.env.AWS_ENDPOINT_URL_STS;
  });

  it("assumes the role with the default chain's credentials, then calls RDS as the role", async () => {
    const rds = createRdsPort({ region: "us-east-1", roleArn: READER_ROLE });
    const { instances, failures } = await listTargets(rds, select({ instances: ["shop"] }));
    expect(failures).toEqual([]);
    expect(instances.map((i) => i.instance)).toEqual(["shop"]);
    const [assume, ...rdsCalls] = emulator.requests.requests;
    expect(assume).toMatchObject({
      operation: "AssumeRole",
      roleArn: READER_ROLE,
      accessKeyId: "test:tester",
    });
    expect(rdsCalls.length).toBeGreaterThan(0);
    // The session of the role, named as the engine names it.
    for (const call of rdsCalls)
      expect(call.assumedRoleArn, call.operation).toBe(
        "arn:aws:sts::123456789012:assumed-role/rds-log-reader/rds-log-archive",
      );
  });

  it("reports a role that refuses the caller as that target's error, before any RDS call", async () => {
    const rds = createRdsPort({
      region: "us-east-1",
      roleArn: "arn:aws:iam::123456789012:role/someone-else",
    });
    const { instances, failures } = await listTargets(rds, select({ instances: ["shop"] }));
    expect(instances).toEqual([]);
    expect(failures[0]?.error.code).toBe("ACCESS_DENIED");
    expect(emulator.requests.requests.map((r) => r.operation)).toEqual(["AssumeRole"]);
  });
});

describe("the SDK port's listLogFiles", () => {
  it("follows every DescribeDBLogFiles page", async () => {
    const files = await createRdsPort({ region: "us-east-1" }).listLogFiles("billing");
    expect(files.map((f) => f.name)).toEqual(
      [0, 1, 2, 3, 4].map((h) => `error/postgresql.log.2026-11-20-0${h}`),
    );
    expect(files[2]).toEqual({
      name: "error/postgresql.log.2026-11-20-02",
      size: 7,
      lastWritten: Date.UTC(2026, 10, 20, 2, 59),
    });
    expect(emulator.requests.counts().DescribeDBLogFiles).toBe(5);
  });

  it("rides out throttling with the SDK's adaptive retries", async () => {
    emulator.faults.set({ throttleRate: 0.3, seed: 5 });
    try {
      const files = await createRdsPort({ region: "us-east-1" }).listLogFiles("billing");
      expect(files).toHaveLength(5);
      expect(emulator.requests.requests.some((r) => r.errorCode === "Throttling")).toBe(true);
    } finally {
      emulator.faults.set({});
    }
  });

  it("names the instance when it is gone", async () => {
    const error = await createRdsPort({ region: "us-east-1" })
      .listLogFiles("ghost")
      .catch((e) => e);
    expect(error.code).toBe("DB_INSTANCE_NOT_FOUND");
    expect(error.message).toContain("instance ghost");
  });
});
