import type { RdsPort, RdsSnapshotRecord } from "../../rds/rds-port.js";
import type { SnapshotOwners } from "./select-event-sources.js";

/**
 * Asks RDS whose snapshots the snapshot events are about (DescribeDBClusterSnapshots,
 * DescribeDBSnapshots), for the clusters and instances `lookups` names, or the whole region.
 * Automated and manual snapshots both; a snapshot deleted since is no longer listed, so its events
 * cannot be attributed.
 */
export async function listSnapshotOwners(
  rds: RdsPort,
  lookups: { clusters: string[] | "all"; instances: string[] | "all" },
): Promise<SnapshotOwners> {
  const clusterSnapshots =
    lookups.clusters === "all"
      ? await rds.listClusterSnapshots()
      : (await Promise.all(lookups.clusters.map((cluster) => rds.listClusterSnapshots({ cluster })))).flat();
  const dbSnapshots =
    lookups.instances === "all"
      ? await rds.listDbSnapshots()
      : (await Promise.all(lookups.instances.map((instance) => rds.listDbSnapshots({ instance })))).flat();
  const byId = (records: RdsSnapshotRecord[]) => new Map(records.map((s) => [s.id.toLowerCase(), s.owner]));
  return { clusterSnapshots: byId(clusterSnapshots), dbSnapshots: byId(dbSnapshots) };
}
