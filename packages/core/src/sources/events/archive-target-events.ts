import type { ArchiveTarget } from "../../config/parse-config.js";
import type { ObjectStore } from "../../destinations/object-store.js";
import type { DiscoveredInstance, TargetFailure } from "../../rds/list-targets.js";
import type { RdsPort } from "../../rds/rds-port.js";
import {
  type EventReportItem,
  type EventWindowReport,
  type ReportGap,
  toReportError,
} from "../../report/run-report.js";
import { readState, updateState } from "../../state/update-state.js";
import { renderEventIdentity, toArchivedEvent } from "./archived-event.js";
import {
  EVENTS_STATE_CODEC,
  type EventsState,
  emptyEventsState,
  type NotifyChannel,
  type OutboxEntry,
  type PendingBatch,
} from "./events-state.js";
import { listArchivedEvents } from "./list-archived-events.js";
import { listSnapshotOwners } from "./list-snapshot-owners.js";
import { type PlacedEvent, planEventBatches } from "./plan-event-batches.js";
import { type EventWindowGap, planEventWindow, selectAdvancedOwners } from "./plan-event-window.js";
import { type CommitResult, isNotified, planCommittedState, planPendingState } from "./plan-events-state.js";
import {
  placeEvent,
  REGION_OWNER,
  selectEventSources,
  selectSnapshotLookups,
} from "./select-event-sources.js";
import { writeEventBatch } from "./write-event-batch.js";

export interface TargetEventsContext {
  store: ObjectStore;
  rds: RdsPort;
  target: ArchiveTarget;
  /** The target's instances, as discovery resolved them. */
  instances: readonly DiscoveredInstance[];
  /** Discovery's failures, to leave out clusters that could not be resolved. */
  failures: readonly TargetFailure[];
  /** `onlyInstances` narrowed the targets: even `all` is then not the whole region. */
  narrowed: boolean;
  stateKey: string;
  settings: {
    keyTemplate: string;
    prefix: string;
    since?: Date;
    until?: Date;
    now: Date;
    dryRun: boolean;
    /** The channels configured for this run, and the categories they cover. */
    notify: { channels: readonly NotifyChannel[]; categories: readonly string[] };
  };
}

export interface TargetEventsResult {
  window?: EventWindowReport;
  gaps: ReportGap[];
  items: EventReportItem[];
  listed: number;
  alreadyArchived: number;
  bytesIn: number;
  bytesOut: number;
  /** Per channel: owed notifications dropped because their events are older than RDS's 14 days. */
  expired: Record<NotifyChannel, number>;
  /** In a dry run: the notifications the run would have queued. */
  planned: OutboxEntry[];
}

/**
 * The events of one config target: discover (its selection, the window from the checkpoints,
 * DescribeEvents paged to its end, the snapshot owners), plan (which of the listed events the
 * archive lacks, and in which objects), then carry the plan out through the store in the three
 * state steps of plan-events-state.ts. Throws (an `ArchiverError`) only when RDS could not be
 * read; a batch that could not be written is a failed item, and stays pending for the next run.
 */
export async function archiveTargetEvents(context: TargetEventsContext): Promise<TargetEventsResult> {
  const { store, rds, settings, stateKey } = context;
  const region = rds.region;
  const selection = selectEventSources(
    context.target,
    region,
    context.instances,
    context.failures,
    context.narrowed,
  );
  const stored = await readState(store, stateKey, EVENTS_STATE_CODEC);
  const windowInput = {
    owners: selection.owners,
    checkpoints: stored?.checkpoints ?? {},
    ...(settings.since === undefined ? {} : { since: settings.since }),
    ...(settings.until === undefined ? {} : { until: settings.until }),
    now: settings.now,
  };
  const { window, gaps } = planEventWindow(windowInput);
  const listing = window === undefined ? [] : await rds.listEvents(window);
  const events = listing.map((record) => toArchivedEvent(record, region));
  const snapshots = await listSnapshotOwners(rds, selectSnapshotLookups(selection, events));
  const placed: PlacedEvent[] = events.flatMap((event) => {
    const place = placeEvent(event, selection, snapshots);
    return place === undefined ? [] : [{ id: renderEventIdentity(event), event, place }];
  });

  const result: TargetEventsResult = {
    ...(window === undefined
      ? {}
      : {
          window: {
            region,
            from: window.start.toISOString(),
            to: window.end.toISOString(),
            truncated: window.truncated,
            ...(window.truncated ? { requestedFrom: window.requestedStart.toISOString() } : {}),
          },
        }),
    gaps: gaps.map((gap) => toReportGap(gap, region)),
    items: [],
    listed: placed.length,
    alreadyArchived: 0,
    bytesIn: 0,
    bytesOut: 0,
    expired: { slack: 0, webhook: 0 },
    planned: [],
  };
  // A lost state is rebuilt from the archive, for the folders and hours this run would write.
  const base: EventsState = stored ?? {
    ...emptyEventsState(region),
    archived: await listArchivedEvents(store, placed, settings),
  };
  let plan = planEventBatches(placed, base, settings);
  if (settings.dryRun) {
    result.alreadyArchived = plan.alreadyArchived;
    result.items = plan.batches.flatMap((batch) => renderItems(batch, "planned"));
    result.planned = plan.batches.flatMap((batch) =>
      batch.events
        .filter((event) => isNotified(event, settings.notify.categories))
        .map((event) => ({ id: renderEventIdentity(event), event, place: batch.place, key: batch.key })),
    );
    return result;
  }

  // 1. Record the batches before writing them, so that a crash cannot rename them.
  const pending =
    (await updateState(store, stateKey, EVENTS_STATE_CODEC, (current) => {
      plan = planEventBatches(placed, current ?? base, settings);
      return planPendingState(current ?? base, plan.batches, settings.now);
    })) ?? base;
  result.alreadyArchived = plan.alreadyArchived;

  // 2. Write every pending batch: this run's, and any a crashed run left behind.
  const written = new Set<string>();
  for (const batch of pending.pending) {
    try {
      const write = await writeEventBatch(store, batch);
      written.add(batch.key);
      result.bytesIn += write.bytesIn;
      result.bytesOut += write.outcome === "created" ? write.bytesOut : 0;
      result.items.push(...renderItems(batch, "archived"));
    } catch (error) {
      result.items.push(...renderItems(batch, "failed", toReportError(error)));
    }
  }

  // 3. Record them as archived, queue their notifications, and move the checkpoints on, but
  //    only past a window read to its end with nothing left unwritten.
  const complete = window !== undefined && written.size === pending.pending.length;
  const advance = {
    owners: complete ? selectAdvancedOwners(windowInput) : [],
    to: window?.end ?? settings.now,
  };
  let commit: CommitResult | undefined;
  await updateState(store, stateKey, EVENTS_STATE_CODEC, (current) => {
    commit = planCommittedState(current ?? pending, {
      written,
      advance,
      notify: settings.notify,
      now: settings.now,
    });
    return commit.state;
  });
  if (commit) result.expired = commit.expired;
  return result;
}

function renderItems(
  batch: PendingBatch,
  outcome: EventReportItem["outcome"],
  error?: EventReportItem["error"],
): EventReportItem[] {
  return batch.events.map((event) => ({
    region: event.region,
    ...(batch.place.cluster === undefined ? {} : { cluster: batch.place.cluster }),
    instance: batch.place.instance,
    sourceType: event.SourceType,
    sourceIdentifier: event.SourceIdentifier,
    date: event.Date,
    categories: event.EventCategories,
    message: event.Message,
    id: renderEventIdentity(event),
    outcome,
    key: batch.key,
    ...(error === undefined ? {} : { error }),
  }));
}

function toReportGap(gap: EventWindowGap, region: string): ReportGap {
  const who = gap.owner === REGION_OWNER ? `the region ${region}` : gap.owner.replace(":", " ");
  return {
    instance: gap.owner === REGION_OWNER ? region : gap.owner.slice(gap.owner.indexOf(":") + 1),
    from: gap.from.toISOString(),
    to: gap.to.toISOString(),
    reason:
      `RDS keeps events for 14 days, and the events of ${who} were last read up to ${gap.from.toISOString()}: ` +
      `events from then until ${gap.to.toISOString()} could not be read`,
  };
}
