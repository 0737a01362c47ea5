import { createRdsPort } from "../../adapters/create-rds-port.js";
import { DEFAULT_NOTIFY_CATEGORIES } from "../../config/config-schema.js";
import type { ArchiveConfig } from "../../config/parse-config.js";
import {
  createDestinationStore,
  destinationStoreOptionsFor,
} from "../../destinations/create-destination-store.js";
import type { ObjectStore } from "../../destinations/object-store.js";
import { type DiscoveredTarget, discoverInstances } from "../../rds/discover-instances.js";
import type { CreateRdsPort } from "../../rds/rds-port.js";
import {
  type DeliveryReport,
  type EventReportItem,
  type EventWindowReport,
  type ReportGap,
  type ReportTarget,
  type RunReport,
  summarizeEvents,
  summarizeRun,
  toReportError,
} from "../../report/run-report.js";
import { renderStateKey } from "../../state/state-keys.js";
import { archiveTargetEvents } from "./archive-target-events.js";
import { deliverEventNotifications } from "./deliver-event-notifications.js";
import type { NotifyChannel, OutboxEntry } from "./events-state.js";
import type { Notifier } from "./notifier.js";

/** What `archiveEvents` can be given instead of its defaults; tests and surfaces inject these. */
export interface EventsDeps {
  /** The clock; read once at the start, so one run plans against one instant. */
  now?: () => Date;
  store?: ObjectStore;
  createRdsPort?: CreateRdsPort;
  /** Where notifications go; none unless a surface builds them (see `createNotifiers`). */
  notifiers?: readonly Notifier[];
  /** The GitHub Actions run, linked from every notification. */
  runUrl?: string;
}

/** Every region's events state lives in one document, shared by all targets and selections in it. */
const STATE_ID = "events";

/**
 * The RDS events source, and the one entry point the CLI, the Action and the tests call for it:
 * discovers the targets as `sync` does, archives the events of each (targets of one region one
 * after the other, as they share that region's state; regions in parallel), then posts the
 * notifications each region owes. It never throws for a failed target, object or delivery: those
 * are in the report, which decides the exit code.
 */
export async function archiveEvents(config: ArchiveConfig, deps: EventsDeps = {}): Promise<RunReport> {
  const clock = deps.now ?? (() => new Date());
  const startedAt = clock();
  const store =
    deps.store ?? (await createDestinationStore(config.destination, destinationStoreOptionsFor(config)));
  const notifiers = deps.notifiers ?? [];
  const notify = {
    channels: notifiers.map((n) => n.channel),
    categories: config.notify?.categories ?? [...DEFAULT_NOTIFY_CATEGORIES],
  };
  const discovery = await discoverInstances(config, deps.createRdsPort ?? createRdsPort);

  const targets: ReportTarget[] = discovery.failures.map((failure) => ({
    region: failure.region,
    instance: failure.instance ?? failure.cluster ?? "",
    ...(failure.cluster === undefined ? {} : { cluster: failure.cluster }),
    engine: "",
    error: toReportError(failure.error),
  }));
  for (const { instances } of discovery.targets) {
    for (const i of instances) {
      targets.push({
        region: i.region,
        instance: i.instance,
        engine: i.engine,
        ...(i.cluster === undefined ? {} : { cluster: i.cluster }),
      });
    }
  }

  const windows: EventWindowReport[] = [];
  const items: EventReportItem[] = [];
  const gaps: ReportGap[] = [];
  const deliveries: DeliveryReport[] = [];
  const counts = { listed: 0, alreadyArchived: 0, bytesIn: 0, bytesOut: 0 };
  const regions = new Map<string, DiscoveredTarget[]>();
  for (const t of discovery.targets)
    regions.set(t.target.region, [...(regions.get(t.target.region) ?? []), t]);

  await Promise.all(
    [...regions].map(async ([region, inRegion]) => {
      const stateKey = renderStateKey(config.destination.prefix, { source: "events", region, id: STATE_ID });
      const expired: Record<NotifyChannel, number> = { slack: 0, webhook: 0 };
      const planned: OutboxEntry[] = [];
      for (const { target, rds, instances } of inRegion) {
        try {
          const result = await archiveTargetEvents({
            store,
            rds,
            target,
            instances,
            failures: discovery.failures,
            narrowed: config.onlyInstances !== undefined,
            stateKey,
            settings: {
              keyTemplate: config.destination.keyTemplate,
              prefix: config.destination.prefix,
              ...(config.since === undefined ? {} : { since: config.since }),
              ...(config.until === undefined ? {} : { until: config.until }),
              now: startedAt,
              dryRun: config.dryRun,
              notify,
            },
          });
          if (result.window) windows.push(result.window);
          items.push(...result.items);
          gaps.push(...result.gaps);
          planned.push(...result.planned);
          counts.listed += result.listed;
          counts.alreadyArchived += result.alreadyArchived;
          counts.bytesIn += result.bytesIn;
          counts.bytesOut += result.bytesOut;
          expired.slack += result.expired.slack;
          expired.webhook += result.expired.webhook;
        } catch (error) {
          targets.push({ region, instance: "", engine: "", error: toReportError(error) });
        }
      }
      try {
        deliveries.push(
          ...(await deliverEventNotifications({
            store,
            stateKey,
            region,
            notifiers,
            timeZone: config.notify?.timeZone ?? "UTC",
            ...(deps.runUrl === undefined ? {} : { runUrl: deps.runUrl }),
            now: startedAt,
            expired,
            dryRun: config.dryRun,
            planned,
          })),
        );
      } catch (error) {
        // The state could not be read or written: the notifications stay owed.
        targets.push({ region, instance: "", engine: "", error: toReportError(error) });
      }
    }),
  );

  const byInstance = (a: { instance: string }, b: { instance: string }) => compare(a.instance, b.instance);
  items.sort((a, b) => compare(a.region, b.region) || compare(a.date, b.date) || compare(a.id, b.id));
  return {
    schemaVersion: 2,
    startedAt: startedAt.toISOString(),
    finishedAt: clock().toISOString(),
    dryRun: config.dryRun,
    totals: summarizeRun([], gaps),
    targets: targets.sort((a, b) => compare(a.region, b.region) || byInstance(a, b)),
    items: [],
    gaps: gaps.sort(byInstance),
    events: {
      totals: summarizeEvents(items, deliveries, counts),
      windows: windows.sort((a, b) => compare(a.region, b.region)),
      items,
      deliveries: deliveries.sort((a, b) => compare(a.region, b.region) || compare(a.channel, b.channel)),
    },
  };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
