import { readFile } from "node:fs/promises";
import path from "node:path";
import {
  type ActivityStreamSpec,
  parseActivityStreamSpec,
  parseResourceId,
} from "./fleet-activity-stream.js";
import { invalidFleet } from "./fleet-errors.js";
import { type EventSpec, parseEventSpecs, readEventsFile } from "./fleet-events.js";
import { withOptional } from "./fleet-fields.js";
import { type KmsKeySpec, parseKmsKeySpecs } from "./fleet-kms-keys.js";
import {
  type ClusterSnapshotSpec,
  type DBSnapshotSpec,
  parseClusterSnapshotSpecs,
  parseDBSnapshotSpecs,
} from "./fleet-snapshots.js";

/**
 * The fleet an emulator serves: `fleet.json` plus the log folders under `instances/<id>/`.
 *
 * `fleet.json` holds `clusters` (`id`, `engine`, `members`) and `instances` (`id`, `engine`,
 * optional `cluster`). Optional extras: `tags` on either, `generatedLogs` on an instance (files
 * produced from a seed instead of stored), and top-level `events` for DescribeEvents.
 *
 * For the event and activity-stream sources:
 * - `events`: RDS events (`sourceIdentifier`, `sourceType`, `message`, `categories`, `date`, and
 *   optionally `visibleAt` for a late event and `sourceArn`). `DIR/events.json`, a JSON array of
 *   the same objects, is added to them; a running emulator takes more through
 *   `emulator.events.append()` or `POST /_emulator/events`.
 * - `clusterSnapshots` (`id`, `cluster`, `type`, `createdAt`) and `dbSnapshots` (`id`,
 *   `instance`, …) for DescribeDBClusterSnapshots / DescribeDBSnapshots, which map a snapshot
 *   event to its cluster or instance.
 * - `resourceId` on a cluster (`cluster-…`) or an instance (`db-…`); derived from the id when absent.
 * - `activityStream` on a cluster or an instance: `{ status, kmsKeyId, mode,
 *   engineNativeAuditFieldsIncluded, policyStatus }`; the stream is `aws-rds-das-<resourceId>`.
 * - `kmsKeys`: the emulator's KMS keys (`id`, `accountId`, `aliases`, `description`, `enabled`).
 */
export type { EventSpec } from "./fleet-events.js";

export interface FleetSpec {
  clusters: ClusterSpec[];
  instances: InstanceSpec[];
  events: EventSpec[];
  clusterSnapshots: ClusterSnapshotSpec[];
  dbSnapshots: DBSnapshotSpec[];
  kmsKeys: KmsKeySpec[];
}

export interface ClusterSpec {
  id: string;
  engine: string;
  members: string[];
  engineVersion?: string;
  tags?: Record<string, string>;
  /** `cluster-…`; derived from `id` when absent. */
  resourceId?: string;
  activityStream?: ActivityStreamSpec;
}

export interface InstanceSpec {
  id: string;
  engine: string;
  cluster?: string;
  engineVersion?: string;
  tags?: Record<string, string>;
  generatedLogs?: GeneratedLogSpec[];
  /** `db-…`; derived from `id` when absent. */
  resourceId?: string;
  /** RDS for Oracle and SQL Server stream per instance. */
  activityStream?: ActivityStreamSpec;
}

export interface GeneratedLogSpec {
  /** The RDS log file name, such as `error/postgresql.log.2026-11-20-10`. */
  name: string;
  size: number;
  /** ISO 8601; served as LastWritten. */
  lastWritten: string;
  seed?: number;
}

/**
 * Reads and checks `DIR/fleet.json` (and `DIR/events.json` when present); every problem is
 * reported at once, each with its path.
 */
export async function readFleetSpec(fleetDir: string): Promise<FleetSpec> {
  const file = path.join(fleetDir, "fleet.json");
  let raw: unknown;
  let eventsFile: Awaited<ReturnType<typeof readEventsFile>>;
  try {
    raw = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw invalidFleet(file, [`cannot be read as JSON: ${(error as Error).message}`]);
  }
  try {
    eventsFile = await readEventsFile(fleetDir);
  } catch (error) {
    throw invalidFleet(path.join(fleetDir, "events.json"), [
      `cannot be read as JSON: ${(error as Error).message}`,
    ]);
  }
  const spec = parseFleetSpec(raw, file);
  if (eventsFile === undefined) return spec;
  const problems: string[] = [];
  const extra = parseEventSpecs(eventsFile.raw, "events", problems);
  if (problems.length > 0) throw invalidFleet(eventsFile.file, problems);
  return { ...spec, events: [...spec.events, ...extra] };
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
      {
        engineVersion: str(`clusters[${i}].engineVersion`, c.engineVersion, true),
        tags: readTags(c.tags),
        resourceId: parseResourceId("cluster", c.resourceId, `clusters[${i}].resourceId`, problems),
        activityStream: parseActivityStreamSpec(c.activityStream, `clusters[${i}].activityStream`, problems),
      },
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
        resourceId: parseResourceId("db", n.resourceId, `instances[${i}].resourceId`, problems),
        activityStream: parseActivityStreamSpec(n.activityStream, `instances[${i}].activityStream`, problems),
      },
    );
  });

  const events = parseEventSpecs(spec.events, "events", problems);

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
  const clusterSnapshots = parseClusterSnapshotSpecs(spec.clusterSnapshots, "clusterSnapshots", problems);
  const dbSnapshots = parseDBSnapshotSpecs(spec.dbSnapshots, "dbSnapshots", problems);
  const kmsKeys = parseKmsKeySpecs(spec.kmsKeys, "kmsKeys", problems);
  if (problems.length > 0) throw invalidFleet(source, problems);
  return { clusters, instances, events, clusterSnapshots, dbSnapshots, kmsKeys };
}

function readTags(value: unknown): Record<string, string> | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}
