import { readFile } from "node:fs/promises";
import path from "node:path";
import { invalidFleet } from "./fleet-errors.js";

/**
 * The fleet an emulator serves: `fleet.json` plus the log folders under `instances/<id>/`.
 *
 * `fleet.json` holds `clusters` (`id`, `engine`, `members`) and `instances` (`id`, `engine`,
 * optional `cluster`). Optional extras: `tags` on either, `generatedLogs` on an instance (files
 * produced from a seed instead of stored), and top-level `events` for DescribeEvents.
 */
export interface FleetSpec {
  clusters: ClusterSpec[];
  instances: InstanceSpec[];
  events: EventSpec[];
}

export interface ClusterSpec {
  id: string;
  engine: string;
  members: string[];
  engineVersion?: string;
  tags?: Record<string, string>;
}

export interface InstanceSpec {
  id: string;
  engine: string;
  cluster?: string;
  engineVersion?: string;
  tags?: Record<string, string>;
  generatedLogs?: GeneratedLogSpec[];
}

export interface GeneratedLogSpec {
  /** The RDS log file name, such as `error/postgresql.log.2026-11-20-10`. */
  name: string;
  size: number;
  /** ISO 8601; served as LastWritten. */
  lastWritten: string;
  seed?: number;
}

export interface EventSpec {
  sourceIdentifier: string;
  sourceType: string;
  message: string;
  categories?: string[];
  /** ISO 8601. */
  date: string;
}

/** Reads and checks `DIR/fleet.json`; every problem is reported at once, each with its path. */
export async function readFleetSpec(fleetDir: string): Promise<FleetSpec> {
  const file = path.join(fleetDir, "fleet.json");
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw invalidFleet(file, [`cannot be read as JSON: ${(error as Error).message}`]);
  }
  return parseFleetSpec(raw, file);
}

export function parseFleetSpec(raw: unknown, source = "fleet"): FleetSpec {
  const problems: string[] = [];
  const spec = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const array = (key: string): Record<string, unknown>[] => {
    const value = spec[key] ?? [];
    if (!Array.isArray(value)) {
      problems.push(`${key}: must be an array`);
      return [];
    }
    return value as Record<string, unknown>[];
  };
  const str = (where: string, value: unknown, optional = false): string | undefined => {
    if (value === undefined && optional) return undefined;
    if (typeof value !== "string" || value === "") problems.push(`${where}: must be a non-empty string`);
    return typeof value === "string" ? value : undefined;
  };

  const clusters: ClusterSpec[] = array("clusters").map((c, i) => {
    const members = Array.isArray(c.members)
      ? c.members.map((m, j) => str(`clusters[${i}].members[${j}]`, m) ?? "")
      : [];
    if (!Array.isArray(c.members)) problems.push(`clusters[${i}].members: must be an array of instance ids`);
    return withOptional(
      {
        id: str(`clusters[${i}].id`, c.id) ?? "",
        engine: str(`clusters[${i}].engine`, c.engine) ?? "",
        members,
      },
      { engineVersion: str(`clusters[${i}].engineVersion`, c.engineVersion, true), tags: readTags(c.tags) },
    );
  });

  const instances: InstanceSpec[] = array("instances").map((n, i) => {
    const generatedLogs = Array.isArray(n.generatedLogs)
      ? (n.generatedLogs as Record<string, unknown>[]).map((g, j) => {
          const where = `instances[${i}].generatedLogs[${j}]`;
          if (typeof g.size !== "number" || !Number.isSafeInteger(g.size) || g.size < 0) {
            problems.push(`${where}.size: must be a whole number of bytes`);
          }
          const lastWritten = str(`${where}.lastWritten`, g.lastWritten) ?? "";
          if (Number.isNaN(Date.parse(lastWritten)))
            problems.push(`${where}.lastWritten: must be an ISO 8601 time`);
          return withOptional(
            { name: str(`${where}.name`, g.name) ?? "", size: Number(g.size), lastWritten },
            { seed: typeof g.seed === "number" ? g.seed : undefined },
          );
        })
      : undefined;
    return withOptional(
      { id: str(`instances[${i}].id`, n.id) ?? "", engine: str(`instances[${i}].engine`, n.engine) ?? "" },
      {
        cluster: str(`instances[${i}].cluster`, n.cluster, true),
        engineVersion: str(`instances[${i}].engineVersion`, n.engineVersion, true),
        tags: readTags(n.tags),
        generatedLogs,
      },
    );
  });

  const events: EventSpec[] = array("events").map((e, i) => {
    const date = str(`events[${i}].date`, e.date) ?? "";
    if (Number.isNaN(Date.parse(date))) problems.push(`events[${i}].date: must be an ISO 8601 time`);
    return withOptional(
      {
        sourceIdentifier: str(`events[${i}].sourceIdentifier`, e.sourceIdentifier) ?? "",
        sourceType: str(`events[${i}].sourceType`, e.sourceType) ?? "",
        message: str(`events[${i}].message`, e.message) ?? "",
        date,
      },
      { categories: Array.isArray(e.categories) ? e.categories.map(String) : undefined },
    );
  });

  const instanceIds = new Set(instances.map((n) => n.id));
  clusters.forEach((c, i) => {
    c.members.forEach((m, j) => {
      if (!instanceIds.has(m)) problems.push(`clusters[${i}].members[${j}]: no instance "${m}" in instances`);
    });
  });
  instances.forEach((n, i) => {
    if (n.cluster === undefined) return;
    const cluster = clusters.find((c) => c.id === n.cluster);
    if (!cluster) problems.push(`instances[${i}].cluster: no cluster "${n.cluster}" in clusters`);
    else if (!cluster.members.includes(n.id)) {
      problems.push(`instances[${i}].cluster: cluster "${n.cluster}" does not list "${n.id}" in its members`);
    }
  });
  if (problems.length > 0) throw invalidFleet(source, problems);
  return { clusters, instances, events };
}

function readTags(value: unknown): Record<string, string> | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

/** Adds only the optional fields that have a value (the specs are read under exactOptionalPropertyTypes). */
function withOptional<T extends object, O extends object>(
  base: T,
  optional: O,
): T & { [K in keyof O]?: Exclude<O[K], undefined> } {
  const present = Object.entries(optional).filter(([, v]) => v !== undefined);
  return { ...base, ...Object.fromEntries(present) } as T & { [K in keyof O]?: Exclude<O[K], undefined> };
}
