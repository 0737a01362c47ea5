import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ClusterSpec, InstanceSpec } from "../emulator/fleet.js";
import type { FleetPartitionOptions } from "../emulator/fleet-partitions.js";
import type { StsOptions, StsRole } from "../emulator/sts-options.js";
import { hourlyGeneratedLogs } from "./hourly-generated-fleet.js";

export interface LargeFleetOptions {
  /** How many AWS accounts, each with a role to assume. */
  accounts: number;
  regions: readonly string[];
  /** Spread over every account and region, round robin. */
  instances: number;
  /** Hourly generated logs per instance; default 3. */
  filesPerInstance?: number;
  /** Bytes per log; default 2 KiB, so a fleet of thousands of files costs no disk and little time. */
  fileSize?: number;
  now?: Date;
  /** The account whose keys assume the roles: the emulator's own by default, 123456789012. */
  callerAccountId?: string;
  /** Name of each account's role; default `rds-log-archive-reader`. */
  roleName?: string;
}

/** One account of a large fleet. */
export interface LargeFleetAccount {
  accountId: string;
  roleArn: string;
}

/** A config target as the CLI and the action read them: one region, one role, every instance in it. */
export interface LargeFleetTarget {
  region: string;
  roleArn: string;
  all: true;
}

export interface LargeFleet {
  accounts: LargeFleetAccount[];
  /** For `startEmulator({ partitions })`: one per account and region. */
  partitions: FleetPartitionOptions[];
  /** For `startEmulator({ sts })`: each account's role, trusting every caller of `callerAccountId`. */
  sts: StsOptions & { roles: StsRole[] };
  /** One per account and region: what a config that archives the whole fleet lists. */
  targets: LargeFleetTarget[];
}

const TEAMS = ["payments", "search", "identity", "ledger"];

/**
 * A fleet of many accounts and regions, served by one emulator, in the shape of issue-sized
 * organisations: instance `k` lives in account `k % accounts` and region
 * `floor(k / accounts) % regions`; in each account and region the first two instances form an
 * Aurora PostgreSQL cluster and the rest are standalone PostgreSQL, tagged `team` and `env`.
 * Account ids are `100000000000 + index`, so account 17 is `100000000017`. Every log is generated
 * (see `generatedLogs`), so nothing is written to disk.
 */
export function largeFleet(options: LargeFleetOptions): LargeFleet {
  const files = options.filesPerInstance ?? 3;
  const size = options.fileSize ?? 2048;
  const now = options.now ?? new Date();
  const caller = options.callerAccountId ?? "123456789012";
  const roleName = options.roleName ?? "rds-log-archive-reader";
  const accounts = Array.from({ length: options.accounts }, (_, a) => {
    const accountId = String(100_000_000_000 + a);
    return { accountId, roleArn: `arn:aws:iam::${accountId}:role/${roleName}` };
  });
  const members = new Map<string, number[]>();
  for (let k = 0; k < options.instances; k++) {
    const key = `${k % options.accounts}/${Math.floor(k / options.accounts) % options.regions.length}`;
    members.set(key, [...(members.get(key) ?? []), k]);
  }
  const partitions: FleetPartitionOptions[] = [];
  const targets: LargeFleetTarget[] = [];
  accounts.forEach(({ accountId, roleArn }, a) => {
    options.regions.forEach((region, r) => {
      const numbers = members.get(`${a}/${r}`) ?? [];
      const clusterId = `aurora-${a}-${r}`;
      const clustered = numbers.length >= 2 ? numbers.slice(0, 2) : [];
      const instances = numbers.map(
        (k): InstanceSpec => ({
          id: `db-${String(k).padStart(4, "0")}`,
          engine: clustered.includes(k) ? "aurora-postgresql" : "postgres",
          ...(clustered.includes(k) ? { cluster: clusterId } : {}),
          tags: { team: TEAMS[k % TEAMS.length] as string, env: k % 5 === 0 ? "staging" : "prod" },
          generatedLogs: hourlyGeneratedLogs({ files, size, now, firstSeed: k * files }),
        }),
      );
      const clusters: ClusterSpec[] =
        clustered.length === 0
          ? []
          : [
              {
                id: clusterId,
                engine: "aurora-postgresql",
                members: clustered.map((k) => `db-${String(k).padStart(4, "0")}`),
              },
            ];
      partitions.push({ accountId, region, fleet: { clusters, instances, events: [] } });
      targets.push({ region, roleArn, all: true });
    });
  });
  const roles = accounts.map(({ roleArn }) => ({
    roleArn,
    trust: [{ principals: [`arn:aws:iam::${caller}:root`] }],
  }));
  return { accounts, partitions, sts: { roles }, targets };
}

/**
 * Writes a large fleet for the emulator command: `fleet.json` (an empty main fleet and the
 * partitions) and `sts.json`, for `rds-log-archive-emulator --fleet DIR --sts DIR/sts.json`.
 */
export async function writeLargeFleet(
  fleet: LargeFleet,
  dir?: string,
): Promise<{ fleetDir: string; stsFile: string }> {
  const fleetDir = dir ?? (await mkdtemp(path.join(tmpdir(), "rds-large-fleet-")));
  const partitions = fleet.partitions.map(({ accountId, region, fleet: spec }) => ({
    accountId,
    region,
    ...spec,
  }));
  await writeFile(
    path.join(fleetDir, "fleet.json"),
    JSON.stringify({ clusters: [], instances: [], partitions }),
  );
  const stsFile = path.join(fleetDir, "sts.json");
  await writeFile(stsFile, JSON.stringify(fleet.sts));
  return { fleetDir, stsFile };
}
