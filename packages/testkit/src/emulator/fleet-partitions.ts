/**
 * One emulator serving several AWS accounts and regions, each with its own instances. A request
 * belongs to the region of its SigV4 credential scope and to the account of the key that signed
 * it (an STS session to its role's account), as on AWS, where the same endpoint name in another
 * region or account is another RDS altogether. An emulator given no partitions serves one
 * account: its one fleet answers every key, whatever the key's account (roles of other accounts
 * included), as tests of cross-account credential chains expect.
 */
import { readFile } from "node:fs/promises";
import type { IncomingMessage } from "node:http";
import path from "node:path";
import { type FleetSpec, parseFleetSpec } from "./fleet.js";
import { invalidFleet } from "./fleet-errors.js";
import { LogStore } from "./log-store.js";

/** The fleet of one account in one region. */
export interface FleetPartitionOptions {
  /** 12 digits. */
  accountId: string;
  region: string;
  fleet?: Partial<FleetSpec>;
  /** A folder with `instances/<id>/<log file name>` for this partition's stored logs. */
  fleetDir?: string;
}

export class FleetPartition {
  readonly accountId: string;
  readonly region: string;
  readonly store: LogStore;
  readonly #spec: FleetSpec;
  readonly #removed = new Set<string>();
  #visible: FleetSpec;

  constructor(accountId: string, region: string, spec: FleetSpec, fleetDir: string | undefined) {
    this.accountId = accountId;
    this.region = region;
    this.#spec = spec;
    this.#visible = spec;
    this.store = new LogStore(spec, fleetDir);
  }

  /** The fleet as clients see it now: removed instances are gone, from their cluster's members too. */
  get spec(): FleetSpec {
    return this.#visible;
  }

  /** Removes a visible instance (any case, as RDS matches identifiers); false when there is none. */
  removeInstance(id: string): boolean {
    const instance = this.#visible.instances.find((n) => n.id.toLowerCase() === id.toLowerCase());
    if (!instance) return false;
    this.#removed.add(instance.id);
    const removed = this.#removed;
    this.#visible = {
      ...this.#spec,
      instances: this.#spec.instances.filter((n) => !removed.has(n.id)),
      clusters: this.#spec.clusters.map((c) => ({ ...c, members: c.members.filter((m) => !removed.has(m)) })),
    };
    return true;
  }
}

export class FleetPartitions {
  readonly default: FleetPartition;
  readonly #byKey = new Map<string, FleetPartition>();
  readonly #singleAccount: boolean;
  /** Every region some partition is in: a request signed for any other is refused. */
  readonly regions: ReadonlySet<string>;

  constructor(main: FleetPartition, others: readonly FleetPartition[]) {
    this.default = main;
    this.#singleAccount = others.length === 0;
    for (const partition of [main, ...others]) {
      const key = keyOf(partition.accountId, partition.region);
      if (this.#byKey.has(key)) throw invalidFleet("partitions", [`account ${key} is given twice`]);
      this.#byKey.set(key, partition);
    }
    this.regions = new Set([main, ...others].map((p) => p.region));
  }

  /**
   * The partition of an account and region; one with no instances when the fleet gives none.
   * Without partitions, the main fleet, for every account.
   */
  get(accountId: string, region: string): FleetPartition {
    if (this.#singleAccount && region === this.default.region) return this.default;
    const key = keyOf(accountId, region);
    let partition = this.#byKey.get(key);
    if (!partition) {
      partition = new FleetPartition(accountId, region, parseFleetSpec({}), undefined);
      this.#byKey.set(key, partition);
    }
    return partition;
  }

  /** Partitions matching the account and region given (all when neither is). */
  select(where: { accountId?: string | undefined; region?: string | undefined }): FleetPartition[] {
    return [...this.#byKey.values()].filter(
      (p) =>
        (where.accountId === undefined || p.accountId === where.accountId) &&
        (where.region === undefined || p.region === where.region),
    );
  }
}

const keyOf = (accountId: string, region: string) => `${accountId}/${region}`;

/**
 * The partitions of an emulator: `main`, those `fleetDir/fleet.json` lists under `partitions`,
 * and `others` from code.
 */
export async function createFleetPartitions(
  main: FleetPartition,
  fleetDir: string | undefined,
  others: readonly FleetPartitionOptions[],
): Promise<FleetPartitions> {
  const listed = fleetDir === undefined ? [] : await readFleetPartitions(fleetDir);
  return new FleetPartitions(
    main,
    [...listed, ...others].map(
      (p) =>
        new FleetPartition(
          p.accountId,
          p.region,
          parseFleetSpec(p.fleet ?? {}, `partition ${p.accountId}/${p.region}`),
          p.fleetDir,
        ),
    ),
  );
}

/**
 * The region a request is signed for, from its `Authorization` credential scope, when the
 * emulator serves it; otherwise `fallback`, so that the signature check refuses it as before.
 */
export function signingRegionOf(
  request: IncomingMessage,
  served: ReadonlySet<string>,
  fallback: string,
): string {
  const scope = /Credential=[^/\s,]+\/\d{8}\/([^/\s,]+)\//.exec(request.headers.authorization ?? "");
  const region = scope?.[1];
  return region !== undefined && served.has(region) ? region : fallback;
}

/**
 * The `partitions` of a fleet folder's `fleet.json`: `[{ accountId, region, dir?, clusters?,
 * instances?, events? }]`, where `dir` (relative to the fleet folder) holds that partition's
 * `instances/<id>/` logs. Every problem is reported at once.
 */
export async function readFleetPartitions(fleetDir: string): Promise<FleetPartitionOptions[]> {
  const file = path.join(fleetDir, "fleet.json");
  const raw = JSON.parse(await readFile(file, "utf8")) as { partitions?: unknown };
  if (raw.partitions === undefined) return [];
  if (!Array.isArray(raw.partitions)) throw invalidFleet(file, ["partitions: must be an array"]);
  const problems: string[] = [];
  const partitions = (raw.partitions as Record<string, unknown>[]).map((p, i) => {
    const { accountId, region, dir, ...fleet } = p;
    if (typeof accountId !== "string" || !/^\d{12}$/.test(accountId))
      problems.push(`partitions[${i}].accountId: must be 12 digits`);
    if (typeof region !== "string" || region === "")
      problems.push(`partitions[${i}].region: must be a region`);
    if (dir !== undefined && typeof dir !== "string")
      problems.push(`partitions[${i}].dir: must be a folder path`);
    return {
      accountId: String(accountId),
      region: String(region),
      fleet: parseFleetSpec(fleet, `${file} partitions[${i}]`),
      ...(typeof dir === "string" ? { fleetDir: path.resolve(fleetDir, dir) } : {}),
    };
  });
  if (problems.length > 0) throw invalidFleet(file, problems);
  return partitions;
}
