import { createFieldReader, withOptional } from "./fleet-fields.js";

export const ACTIVITY_STREAM_STATUSES = ["stopped", "starting", "started", "stopping"] as const;
export const ACTIVITY_STREAM_MODES = ["sync", "async"] as const;
export const ACTIVITY_STREAM_POLICY_STATUSES = [
  "locked",
  "unlocked",
  "locking-policy",
  "unlocking-policy",
] as const;

/**
 * A Database Activity Stream on a cluster (Aurora) or an instance (RDS for Oracle / SQL Server),
 * as DescribeDBClusters / DescribeDBInstances report it. Its Kinesis stream is always
 * `aws-rds-das-<resource id>`.
 */
export interface ActivityStreamSpec {
  /** Default `started`. */
  status: (typeof ACTIVITY_STREAM_STATUSES)[number];
  /** The key as given to StartActivityStream: key id, key ARN, alias name or alias ARN. */
  kmsKeyId: string;
  /** Default `async`; RDS for Oracle and SQL Server streams are always asynchronous. */
  mode?: (typeof ACTIVITY_STREAM_MODES)[number];
  /** Instances only: whether the records carry `engineNativeAuditFields`. */
  engineNativeAuditFieldsIncluded?: boolean;
  /** Instances only. */
  policyStatus?: (typeof ACTIVITY_STREAM_POLICY_STATUSES)[number];
}

export function parseActivityStreamSpec(
  raw: unknown,
  where: string,
  problems: string[],
): ActivityStreamSpec | undefined {
  if (raw === undefined) return undefined;
  const read = createFieldReader(problems);
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    problems.push(`${where}: must be an object`);
    return undefined;
  }
  const spec = raw as Record<string, unknown>;
  const status = read.oneOf(`${where}.status`, spec.status ?? "started", ACTIVITY_STREAM_STATUSES, true);
  return withOptional(
    { status: status ?? "stopped", kmsKeyId: read.str(`${where}.kmsKeyId`, spec.kmsKeyId) },
    {
      mode: read.oneOf(`${where}.mode`, spec.mode, ACTIVITY_STREAM_MODES, true),
      engineNativeAuditFieldsIncluded: read.boolean(
        `${where}.engineNativeAuditFieldsIncluded`,
        spec.engineNativeAuditFieldsIncluded,
      ),
      policyStatus: read.oneOf(
        `${where}.policyStatus`,
        spec.policyStatus,
        ACTIVITY_STREAM_POLICY_STATUSES,
        true,
      ),
    },
  );
}

const RESOURCE_ID = { db: /^db-[A-Z0-9]{1,60}$/, cluster: /^cluster-[A-Z0-9]{1,60}$/ } as const;

/** Checks a resource id given in the fleet (`db-…` for instances, `cluster-…` for clusters). */
export function parseResourceId(
  prefix: "db" | "cluster",
  raw: unknown,
  where: string,
  problems: string[],
): string | undefined {
  const value = createFieldReader(problems).str(where, raw, true);
  if (value !== undefined && !RESOURCE_ID[prefix].test(value)) {
    problems.push(`${where}: must be ${prefix}- followed by upper-case letters and digits`);
  }
  return value;
}
