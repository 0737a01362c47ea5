import { createFieldReader, withOptional } from "./fleet-fields.js";

export const SNAPSHOT_TYPES = ["automated", "manual"] as const;

/** A DB cluster snapshot, as DescribeDBClusterSnapshots lists it. */
export interface ClusterSnapshotSpec {
  /** The snapshot identifier; automated ones are `rds:<cluster>-yyyy-mm-dd-hh-mm`. */
  id: string;
  /** The cluster it was taken of, which may since have been deleted. */
  cluster: string;
  /** Default `manual`. */
  type?: (typeof SNAPSHOT_TYPES)[number];
  /** ISO 8601 SnapshotCreateTime. */
  createdAt?: string;
  /** Default: the cluster's engine, or `aurora-postgresql`. */
  engine?: string;
}

/** A DB (instance) snapshot, as DescribeDBSnapshots lists it. */
export interface DBSnapshotSpec {
  id: string;
  /** The instance it was taken of, which may since have been deleted. */
  instance: string;
  type?: (typeof SNAPSHOT_TYPES)[number];
  createdAt?: string;
  engine?: string;
}

export function parseClusterSnapshotSpecs(
  raw: unknown,
  where: string,
  problems: string[],
): ClusterSnapshotSpec[] {
  const read = createFieldReader(problems);
  return read
    .objects(where, raw)
    .map((s, i) =>
      withOptional(
        { id: read.str(`${where}[${i}].id`, s.id), cluster: read.str(`${where}[${i}].cluster`, s.cluster) },
        snapshotOptions(read, `${where}[${i}]`, s),
      ),
    );
}

export function parseDBSnapshotSpecs(raw: unknown, where: string, problems: string[]): DBSnapshotSpec[] {
  const read = createFieldReader(problems);
  return read.objects(where, raw).map((s, i) =>
    withOptional(
      {
        id: read.str(`${where}[${i}].id`, s.id),
        instance: read.str(`${where}[${i}].instance`, s.instance),
      },
      snapshotOptions(read, `${where}[${i}]`, s),
    ),
  );
}

function snapshotOptions(read: ReturnType<typeof createFieldReader>, at: string, s: Record<string, unknown>) {
  return {
    type: read.oneOf(`${at}.type`, s.type, SNAPSHOT_TYPES, true),
    createdAt: read.time(`${at}.createdAt`, s.createdAt, true),
    engine: read.str(`${at}.engine`, s.engine, true),
  };
}
