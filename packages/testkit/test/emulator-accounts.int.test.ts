/**
 * One emulator serving a fleet of 1,000 instances across 50 accounts and 3 regions: the region
 * comes from the signature's scope and the account from the key (an STS session's from its
 * role), each account and region with its own instances, tags and rate limit. Through the real
 * SDK, with roles assumed from the default keys as the CLI's targets would.
 */
import { rm } from "node:fs/promises";
import {
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeDBLogFilesCommand,
  ListTagsForResourceCommand,
  paginateDescribeDBInstances,
  RDSClient,
} from "@aws-sdk/client-rds";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorProcess, startEmulatorProcess } from "../src/emulator/emulator-process.js";
import { type RdsEmulator, startEmulator } from "../src/emulator/start-emulator.js";
import { type LargeFleet, largeFleet, writeLargeFleet } from "../src/fleet/large-fleet.js";

const REGIONS = ["us-east-1", "eu-west-1", "ap-northeast-1"];
const DEFAULT_KEYS = { accessKeyId: "test:tester", secretAccessKey: "testing" };
type Keys = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

const fleet: LargeFleet = largeFleet({ accounts: 50, regions: REGIONS, instances: 1000 });
let emulator: RdsEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ partitions: fleet.partitions, sts: fleet.sts });
});

afterAll(async () => {
  await emulator.close();
});

afterEach(() => emulator.faults.set({}));

async function assumeAccount(endpoint: string, index: number, region = "eu-west-1"): Promise<Keys> {
  const sts = new STSClient({ region, endpoint, credentials: DEFAULT_KEYS });
  try {
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({ RoleArn: fleet.accounts[index]?.roleArn, RoleSessionName: "rds-log-archive" }),
    );
    return {
      accessKeyId: Credentials?.AccessKeyId ?? "",
      secretAccessKey: Credentials?.SecretAccessKey ?? "",
      sessionToken: Credentials?.SessionToken ?? "",
    };
  } finally {
    sts.destroy();
  }
}

const rdsFor = (endpoint: string, region: string, credentials: Keys, maxAttempts = 3) =>
  new RDSClient({ region, endpoint, credentials, maxAttempts });

async function instanceIds(rds: RDSClient): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of paginateDescribeDBInstances({ client: rds, pageSize: 20 }, {})) {
    ids.push(...(page.DBInstances ?? []).map((n) => n.DBInstanceIdentifier ?? ""));
  }
  return ids;
}

const partitionOf = (index: number, region: string) =>
  fleet.partitions.find((p) => p.accountId === fleet.accounts[index]?.accountId && p.region === region) ??
  expect.unreachable(`no partition ${index}/${region}`);

describe("largeFleet", () => {
  it("spreads 1,000 instances over 50 accounts and 3 regions, with a role and a target for each", () => {
    expect(fleet.accounts).toHaveLength(50);
    expect(fleet.accounts[17]).toEqual({
      accountId: "100000000017",
      roleArn: "arn:aws:iam::100000000017:role/rds-log-archive-reader",
    });
    expect(fleet.partitions).toHaveLength(150);
    const instances = fleet.partitions.flatMap((p) => p.fleet?.instances ?? []);
    expect(new Set(instances.map((n) => n.id)).size).toBe(1000);
    expect(instances.every((n) => (n.generatedLogs ?? []).length === 3)).toBe(true);
    expect(fleet.targets).toHaveLength(150);
    expect(fleet.targets[0]).toEqual({ region: "us-east-1", roleArn: fleet.accounts[0]?.roleArn, all: true });
    expect(fleet.sts.roles).toHaveLength(50);
  });
});

describe("accounts and regions on one endpoint", () => {
  it("shows a client that assumed account 17's role in eu-west-1 exactly that account and region's instances", async () => {
    const keys = await assumeAccount(emulator.endpoint, 17);
    const rds = rdsFor(emulator.endpoint, "eu-west-1", keys);
    try {
      const expected = (partitionOf(17, "eu-west-1").fleet?.instances ?? []).map((n) => n.id).sort();
      expect(expected.length).toBeGreaterThan(2);
      expect(await instanceIds(rds)).toEqual(expected);

      const { DBInstances = [] } = await rds.send(
        new DescribeDBInstancesCommand({ DBInstanceIdentifier: expected[0] }),
      );
      expect(DBInstances[0]?.DBInstanceArn).toBe(`arn:aws:rds:eu-west-1:100000000017:db:${expected[0]}`);
      const { DBClusters = [] } = await rds.send(new DescribeDBClustersCommand({}));
      expect(DBClusters.map((c) => c.DBClusterArn)).toEqual([
        "arn:aws:rds:eu-west-1:100000000017:cluster:aurora-17-1",
      ]);
      const files = await rds.send(new DescribeDBLogFilesCommand({ DBInstanceIdentifier: expected.at(-1) }));
      expect(files.DescribeDBLogFiles).toHaveLength(3);

      // An instance of account 18, and one of account 17 in another region, are not there.
      const other = partitionOf(18, "eu-west-1").fleet?.instances?.[0]?.id;
      const elsewhere = partitionOf(17, "us-east-1").fleet?.instances?.[0]?.id;
      for (const id of [other, elsewhere]) {
        const error = await rds
          .send(new DescribeDBLogFilesCommand({ DBInstanceIdentifier: id }))
          .catch((e) => e);
        expect(error.Code, id).toBe("DBInstanceNotFound");
      }
    } finally {
      rds.destroy();
    }
    const usEast = rdsFor(emulator.endpoint, "us-east-1", keys);
    expect(await instanceIds(usEast)).toEqual(
      (partitionOf(17, "us-east-1").fleet?.instances ?? []).map((n) => n.id).sort(),
    );
    usEast.destroy();
  });

  it("gives the default keys their own account, which holds nothing here, and records who was served as what", async () => {
    const rds = rdsFor(emulator.endpoint, "ap-northeast-1", DEFAULT_KEYS);
    expect(await instanceIds(rds)).toEqual([]);
    rds.destroy();
    expect(emulator.requests.requests.at(-1)).toMatchObject({
      operation: "DescribeDBInstances",
      accountId: "123456789012",
      region: "ap-northeast-1",
    });
  });

  it("refuses a signature for a region the emulator does not serve, as before", async () => {
    const rds = rdsFor(emulator.endpoint, "sa-east-1", DEFAULT_KEYS, 1);
    const error = await rds.send(new DescribeDBInstancesCommand({})).catch((e) => e);
    expect(error.name).toBe("SignatureDoesNotMatch");
    rds.destroy();
  });

  it("lists an instance's and a cluster's tags by ARN, and refuses an ARN of another account", async () => {
    const keys = await assumeAccount(emulator.endpoint, 17);
    const rds = rdsFor(emulator.endpoint, "eu-west-1", keys, 1);
    try {
      const instance = partitionOf(17, "eu-west-1").fleet?.instances?.[0] ?? expect.unreachable();
      const arn = `arn:aws:rds:eu-west-1:100000000017:db:${instance.id}`;
      const { TagList } = await rds.send(new ListTagsForResourceCommand({ ResourceName: arn }));
      expect(TagList).toEqual(Object.entries(instance.tags ?? {}).map(([Key, Value]) => ({ Key, Value })));
      const { DBInstances = [] } = await rds.send(
        new DescribeDBInstancesCommand({ DBInstanceIdentifier: instance.id }),
      );
      expect(DBInstances[0]?.TagList).toEqual(TagList);

      const cluster = await rds.send(
        new ListTagsForResourceCommand({
          ResourceName: "arn:aws:rds:eu-west-1:100000000017:cluster:aurora-17-1",
        }),
      );
      expect(cluster.TagList).toEqual([]);
      const missing = await rds
        .send(new ListTagsForResourceCommand({ ResourceName: "arn:aws:rds:eu-west-1:100000000017:db:ghost" }))
        .catch((e) => e);
      expect([missing.Code, missing.$metadata.httpStatusCode]).toEqual(["DBInstanceNotFound", 404]);
      const foreign = await rds
        .send(new ListTagsForResourceCommand({ ResourceName: arn.replace("100000000017", "100000000018") }))
        .catch((e) => e);
      expect([foreign.name, foreign.$metadata.httpStatusCode]).toEqual(["InvalidParameterValue", 400]);
    } finally {
      rds.destroy();
    }
  });
});

describe("an emulator without partitions", () => {
  it("serves its one fleet to keys of every account, as cross-account credential chains expect", async () => {
    const single = await startEmulator({
      fleet: { instances: [{ id: "db-1", engine: "postgres" }] },
      sts: {
        roles: [
          {
            roleArn: fleet.accounts[3]?.roleArn ?? "",
            trust: [{ principals: ["arn:aws:iam::123456789012:root"] }],
          },
        ],
      },
    });
    try {
      const keys = await assumeAccount(single.endpoint, 3, "us-east-1");
      const rds = rdsFor(single.endpoint, "us-east-1", keys);
      const { DBInstances = [] } = await rds.send(new DescribeDBInstancesCommand({}));
      rds.destroy();
      expect(DBInstances.map((n) => n.DBInstanceArn)).toEqual(["arn:aws:rds:us-east-1:123456789012:db:db-1"]);
      expect(single.requests.requests.at(-1)).toMatchObject({
        accountId: "100000000003",
        region: "us-east-1",
      });
    } finally {
      await single.close();
    }
  });
});

describe("the rate limit", () => {
  it("throttles a burst past the bucket with 400 Throttling, per account and region, and counts it", async () => {
    // Refill slow enough that no token comes back during the burst, so the count is exact.
    emulator.faults.set({ rateLimit: { burst: 10, requestsPerSecond: 0.001 } });
    emulator.requests.clear();
    const keys = await assumeAccount(emulator.endpoint, 17);
    const rds = rdsFor(emulator.endpoint, "eu-west-1", keys, 1);
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, () =>
        rds.send(new DescribeDBInstancesCommand({})).then(
          () => "ok",
          (error) => `${error.name} ${error.$metadata.httpStatusCode} ${error.message}`,
        ),
      ),
    );
    rds.destroy();
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(10);
    expect(outcomes.filter((o) => o === "Throttling 400 Rate exceeded")).toHaveLength(20);
    expect(emulator.requests.throttled()).toBe(20);
    const throttled = emulator.requests.requests.filter((r) => r.errorCode === "Throttling");
    expect(new Set(throttled.map((r) => `${r.accountId}/${r.region}`))).toEqual(
      new Set(["100000000017/eu-west-1"]),
    );

    // Another region of the same account, and another account, have buckets of their own.
    const usEast = rdsFor(emulator.endpoint, "us-east-1", keys, 1);
    await expect(usEast.send(new DescribeDBInstancesCommand({}))).resolves.toBeDefined();
    usEast.destroy();
    const other = rdsFor(emulator.endpoint, "eu-west-1", await assumeAccount(emulator.endpoint, 18), 1);
    await expect(other.send(new DescribeDBInstancesCommand({}))).resolves.toBeDefined();
    other.destroy();
    const admin = (await (await fetch(`${emulator.endpoint}/_emulator/requests`)).json()) as {
      throttled: number;
    };
    expect(admin.throttled).toBe(20);
  });
});

describe("the emulator command on a written large fleet", () => {
  let command: EmulatorProcess;
  let fleetDir: string;

  beforeAll(async () => {
    const written = await writeLargeFleet(fleet);
    fleetDir = written.fleetDir;
    command = await startEmulatorProcess(["--fleet", fleetDir, "--sts", written.stsFile]);
  });

  afterAll(async () => {
    await command?.stop();
    if (fleetDir) await rm(fleetDir, { recursive: true, force: true });
  });

  it("serves the partitions from fleet.json and the roles from sts.json", async () => {
    const keys = await assumeAccount(command.endpoint, 42);
    const rds = rdsFor(command.endpoint, "ap-northeast-1", keys);
    expect(await instanceIds(rds)).toEqual(
      (partitionOf(42, "ap-northeast-1").fleet?.instances ?? []).map((n) => n.id).sort(),
    );
    rds.destroy();
  });
});
