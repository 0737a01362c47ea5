/**
 * Which RDS events belong to a run's selection, and where each one goes. A target selects
 * clusters (their own events, their members' and their cluster snapshots'), instances (their own
 * and their DB snapshots'), or with `all` the whole region. Events are attributed through what RDS
 * says (the source type and identifier, and the snapshot listings for snapshots), never by
 * cutting a snapshot's name apart: `rds:orders-2026-11-20-03-10` only looks like it names its
 * cluster, and a manual snapshot's name says nothing at all.
 */
import type { ArchiveTarget } from "../../config/parse-config.js";
import { hasTagFilter } from "../../config/tag-filter.js";
import type { DiscoveredInstance, TargetFailure } from "../../rds/list-targets.js";
import type { ArchivedEvent } from "./archived-event.js";

/** A selected cluster. */
export interface SelectedCluster {
  id: string;
  engine: string;
}

/** What one config target selects, resolved by discovery. */
export interface EventSelection {
  region: string;
  /** Every event of the region: `all` with no engine or tag filter and no `onlyInstances`. */
  wholeRegion: boolean;
  /** Selected clusters, by lowercase id. */
  clusters: ReadonlyMap<string, SelectedCluster>;
  /** Selected instances (cluster members included), by lowercase id. */
  instances: ReadonlyMap<string, DiscoveredInstance>;
  /** The checkpoints this selection reads and advances (see {@link ownerOfInstance}). */
  owners: string[];
}

/** The cluster or instance each snapshot was taken of, by lowercase snapshot id. */
export interface SnapshotOwners {
  clusterSnapshots: ReadonlyMap<string, string>;
  dbSnapshots: ReadonlyMap<string, string>;
}

/** Where an event is archived and whose checkpoint it counts for. */
export interface EventPlace {
  /** The `{cluster}` of its key: the cluster, a standalone instance, or `_<SourceType>` for a source that is neither. */
  folder: string;
  /** The `{instance}` of its key: the instance for an instance's events, else the cluster or the source itself. */
  instance: string;
  /** The DB cluster it belongs to, when it belongs to one. */
  cluster?: string;
  engine: string;
  /** `cluster:<id>`, `instance:<id>` or `region`: the checkpoint it counts for. */
  owner: string;
}

/** The checkpoint of a whole-region selection. */
export const REGION_OWNER = "region";

/**
 * The selection of one target. Clusters that could not be resolved are left out (discovery
 * reports them); a cluster with no member instance is kept unless engines or tags narrow the
 * target, since only its members say what engine it runs and carry the tags that select them.
 */
export function selectEventSources(
  target: ArchiveTarget,
  region: string,
  instances: readonly DiscoveredInstance[],
  failures: readonly TargetFailure[],
  narrowed: boolean,
): EventSelection {
  const lower = (id: string) => id.toLowerCase();
  // Engines and tags narrow like onlyInstances: the selection is then its instances and their
  // clusters, and a cluster none of whose members is selected is left out.
  const filtered = target.engines.length > 0 || hasTagFilter(target.tags);
  const wholeRegion = target.all && !filtered && !narrowed;
  const byId = new Map(instances.map((i) => [lower(i.instance), i]));
  const clusters = new Map<string, SelectedCluster>();
  const failed = new Set(failures.flatMap((f) => (f.cluster === undefined ? [] : [lower(f.cluster)])));
  const addCluster = (id: string) => {
    const member = instances.find((i) => i.cluster !== undefined && lower(i.cluster) === lower(id));
    if (member === undefined && filtered) return;
    clusters.set(lower(id), { id: member?.cluster ?? lower(id), engine: member?.engine ?? "" });
  };
  for (const id of target.clusters) if (!failed.has(lower(id))) addCluster(id);
  if (target.all) for (const i of instances) if (i.cluster !== undefined) addCluster(i.cluster);

  const owners = wholeRegion
    ? [REGION_OWNER]
    : [
        ...[...clusters.values()].map((c) => `cluster:${c.id}`),
        ...instances
          .filter((i) => i.cluster === undefined || !clusters.has(lower(i.cluster)))
          .map((i) => `instance:${i.instance}`),
      ];
  return { region, wholeRegion, clusters, instances: byId, owners: [...new Set(owners)].sort() };
}

/** Which snapshot listings attributing `events` needs: none, the selected ones, or the region's. */
export function selectSnapshotLookups(
  selection: EventSelection,
  events: readonly ArchivedEvent[],
): { clusters: string[] | "all"; instances: string[] | "all" } {
  const has = (type: string) => events.some((e) => e.SourceType === type);
  const standalone = [...selection.instances.values()].filter((i) => i.cluster === undefined);
  const clusters = !has("db-cluster-snapshot")
    ? []
    : selection.wholeRegion
      ? "all"
      : [...selection.clusters.values()].map((c) => c.id);
  const instances = !has("db-snapshot")
    ? []
    : selection.wholeRegion
      ? "all"
      : standalone.map((i) => i.instance);
  return { clusters, instances };
}

/** Where `event` goes, or undefined when it is not of the selection. */
export function placeEvent(
  event: ArchivedEvent,
  selection: EventSelection,
  snapshots: SnapshotOwners,
): EventPlace | undefined {
  const id = event.SourceIdentifier.toLowerCase();
  const owner = (own: string) => (selection.wholeRegion ? REGION_OWNER : own);
  const ofInstance = (i: DiscoveredInstance): EventPlace => ({
    folder: i.cluster ?? i.instance,
    instance: i.instance,
    ...(i.cluster === undefined ? {} : { cluster: i.cluster }),
    engine: i.engine,
    owner: owner(ownerOfInstance(i, selection)),
  });
  const ofCluster = (c: SelectedCluster): EventPlace => ({
    folder: c.id,
    instance: c.id,
    cluster: c.id,
    engine: c.engine,
    owner: owner(`cluster:${c.id}`),
  });
  // Only a whole-region selection takes what no selected cluster or instance claims.
  const unclaimed = (place: Omit<EventPlace, "owner" | "engine">): EventPlace | undefined =>
    selection.wholeRegion ? { ...place, engine: "", owner: REGION_OWNER } : undefined;
  const elsewhere: Omit<EventPlace, "owner" | "engine"> = {
    folder: `_${event.SourceType}`,
    instance: event.SourceIdentifier,
  };

  switch (event.SourceType) {
    case "db-instance": {
      const instance = selection.instances.get(id);
      if (instance) return ofInstance(instance);
      return unclaimed({ folder: event.SourceIdentifier, instance: event.SourceIdentifier });
    }
    case "db-cluster": {
      const cluster = selection.clusters.get(id);
      if (cluster) return ofCluster(cluster);
      const known = { folder: event.SourceIdentifier, instance: event.SourceIdentifier };
      return unclaimed({ ...known, cluster: event.SourceIdentifier });
    }
    case "db-cluster-snapshot": {
      const of = snapshots.clusterSnapshots.get(id);
      const cluster = of === undefined ? undefined : selection.clusters.get(of.toLowerCase());
      if (cluster) return ofCluster(cluster);
      return unclaimed(of === undefined ? elsewhere : { folder: of, instance: of, cluster: of });
    }
    case "db-snapshot": {
      const of = snapshots.dbSnapshots.get(id);
      const instance = of === undefined ? undefined : selection.instances.get(of.toLowerCase());
      if (instance) return ofInstance(instance);
      return unclaimed(of === undefined ? elsewhere : { folder: of, instance: of });
    }
    default:
      return unclaimed(elsewhere);
  }
}

/**
 * The checkpoint an instance's events count for: its cluster's when the cluster is selected,
 * else its own.
 */
export function ownerOfInstance(instance: DiscoveredInstance, selection: EventSelection): string {
  const cluster = instance.cluster;
  return cluster !== undefined && selection.clusters.has(cluster.toLowerCase())
    ? `cluster:${cluster}`
    : `instance:${instance.instance}`;
}
