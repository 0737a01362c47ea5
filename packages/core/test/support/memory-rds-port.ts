/**
 * An in-memory {@link RdsPort} for unit tests of a source's runner: instances, clusters and log
 * files held in maps that a test changes between runs, and a count of every call. It stands in
 * for our own port, not for AWS: the SDK adapter is tested against the emulator instead.
 */
import { Readable } from "node:stream";
import { ArchiverError } from "../../src/errors.js";
import type {
  ListedLogFile,
  RdsClusterRecord,
  RdsEventRecord,
  RdsInstanceRecord,
  RdsPort,
  RdsSnapshotRecord,
} from "../../src/rds/rds-port.js";

export interface MemoryLogFile extends ListedLogFile {
  content: Buffer;
}

export interface MemoryRds extends RdsPort {
  instances: Map<string, RdsInstanceRecord>;
  clusters: Map<string, RdsClusterRecord>;
  /** Log files per instance id. */
  logs: Map<string, MemoryLogFile[]>;
  /** The region's events, in any order; DescribeEvents answers those in its window, oldest first. */
  events: RdsEventRecord[];
  clusterSnapshots: RdsSnapshotRecord[];
  dbSnapshots: RdsSnapshotRecord[];
  /** Calls per port method. */
  calls: Record<string, number>;
  /** Runs as a download starts, before anything is served: a test changes the fleet here (a rotation, a deletion). */
  onDownload?: ((instance: string, logFileName: string) => void | Promise<void>) | undefined;
}

/** A log file whose LastWritten is `lastWritten` and whose size is its content's. */
export function memoryLogFile(name: string, content: string, lastWritten: Date): MemoryLogFile {
  const bytes = Buffer.from(content);
  return { name, size: bytes.length, lastWritten: lastWritten.getTime(), content: bytes };
}

export function createMemoryRds(region = "us-east-1"): MemoryRds {
  const calls: Record<string, number> = {};
  const count = (method: string) => {
    calls[method] = (calls[method] ?? 0) + 1;
  };
  const notFound = (instance: string) =>
    new ArchiverError("DB_INSTANCE_NOT_FOUND", `instance ${instance} in ${region}: DB instance not found`);
  const port: MemoryRds = {
    region,
    instances: new Map(),
    clusters: new Map(),
    logs: new Map(),
    events: [],
    clusterSnapshots: [],
    dbSnapshots: [],
    calls,
    async listInstances(filter = {}) {
      count("listInstances");
      if (filter.cluster !== undefined)
        return [...port.instances.values()].filter((i) => i.cluster === filter.cluster);
      if (filter.id === undefined) return [...port.instances.values()];
      const found = port.instances.get(filter.id);
      if (!found) throw notFound(filter.id);
      return [found];
    },
    async listClusters(filter = {}) {
      count("listClusters");
      if (filter.id === undefined) return [...port.clusters.values()];
      const found = port.clusters.get(filter.id);
      if (!found)
        throw new ArchiverError("DB_CLUSTER_NOT_FOUND", `cluster ${filter.id}: DB cluster not found`);
      return [found];
    },
    async listLogFiles(instance, filter = {}) {
      count("listLogFiles");
      if (!port.instances.has(instance)) throw notFound(instance);
      return (port.logs.get(instance) ?? [])
        .filter((f) => filter.filenameContains === undefined || f.name.includes(filter.filenameContains))
        .map(({ name, size, lastWritten }) => ({ name, size, lastWritten }));
    },
    async downloadLogFile(instance, logFileName) {
      count("downloadLogFile");
      await port.onDownload?.(instance, logFileName);
      if (!port.instances.has(instance)) throw notFound(instance);
      const file = port.logs.get(instance)?.find((f) => f.name === logFileName);
      if (!file)
        throw new ArchiverError(
          "LOG_FILE_GONE",
          `${logFileName} on ${instance}: the file is no longer on the instance`,
        );
      // What is served is the content, whatever the listing says: a test may make them differ.
      return Readable.from([file.content]);
    },
    async listEvents({ start, end }) {
      count("listEvents");
      return port.events
        .filter((e) => e.date >= start.getTime() && e.date <= end.getTime())
        .sort((a, b) => a.date - b.date)
        .map((e) => ({ ...e, categories: [...e.categories] }));
    },
    async listClusterSnapshots(filter = {}) {
      count("listClusterSnapshots");
      return port.clusterSnapshots.filter((s) => filter.cluster === undefined || s.owner === filter.cluster);
    },
    async listDbSnapshots(filter = {}) {
      count("listDbSnapshots");
      return port.dbSnapshots.filter((s) => filter.instance === undefined || s.owner === filter.instance);
    },
  };
  return port;
}
