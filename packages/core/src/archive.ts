import pLimit from "p-limit";
import { createDestinationStore, destinationStoreOptionsFor } from "./adapters/create-destination-store.js";
import type { ObjectStore } from "./adapters/object-store.js";
import type { ArchiveConfig } from "./config/parse-config.js";
import { discoverInstances } from "./discover-instances.js";
import type { ReportGap, ReportItem, ReportTarget, RunReport } from "./report/run-report.js";
import { summarizeRun } from "./report/run-report.js";
import type { ArchiveEvent } from "./run/archive-events.js";
import { archiveInstance, toReportError } from "./run/archive-instance.js";

/** What `archive` can be given instead of its defaults; tests and surfaces inject these. */
export interface ArchiveDeps {
  /** The clock; `now` is read once, so one run plans against one instant. */
  now?: () => Date;
  /** The destination; by default built from `config.destination`. */
  store?: ObjectStore;
  onEvent?: (event: ArchiveEvent) => void;
}

/**
 * The one entry point the CLI, the GitHub Action and the tests call: discovers the targets,
 * archives every instance in bounded parallel, and returns the run report. It never throws for a
 * failed target or file: those are in the report, which decides the exit code.
 */
export async function archive(config: ArchiveConfig, deps: ArchiveDeps = {}): Promise<RunReport> {
  const clock = deps.now ?? (() => new Date());
  const startedAt = clock();
  const emit = deps.onEvent ?? (() => {});
  const store =
    deps.store ?? (await createDestinationStore(config.destination, destinationStoreOptionsFor(config)));
  const limitInstances = pLimit(config.concurrency);
  const limitFiles = pLimit(config.concurrency);

  const targets: ReportTarget[] = [];
  const items: ReportItem[] = [];
  const gaps: ReportGap[] = [];
  const discovery = await discoverInstances(config, startedAt);
  for (const failure of discovery.failures) {
    targets.push({
      region: failure.region,
      instance: failure.instance ?? failure.cluster ?? "",
      ...(failure.cluster === undefined ? {} : { cluster: failure.cluster }),
      engine: "",
      error: toReportError(failure.error),
    });
  }
  await Promise.all(
    discovery.targets.flatMap(({ rds, settings, instances }) =>
      instances.map((instance) =>
        limitInstances(async () => {
          const entry: ReportTarget = {
            region: instance.region,
            instance: instance.instance,
            engine: instance.engine,
            ...(instance.cluster === undefined ? {} : { cluster: instance.cluster }),
          };
          targets.push(entry);
          try {
            const result = await archiveInstance(instance, {
              rds,
              store,
              settings,
              dryRun: config.dryRun,
              limitFiles,
              emit,
            });
            items.push(...result.items);
            gaps.push(...result.gaps);
          } catch (error) {
            entry.error = toReportError(error);
          }
        }),
      ),
    ),
  );

  const byName = (a: { instance: string }, b: { instance: string }) =>
    a.instance < b.instance ? -1 : a.instance > b.instance ? 1 : 0;
  items.sort((a, b) => byName(a, b) || (a.logFile < b.logFile ? -1 : a.logFile > b.logFile ? 1 : 0));
  return {
    schemaVersion: 1,
    startedAt: startedAt.toISOString(),
    finishedAt: clock().toISOString(),
    dryRun: config.dryRun,
    totals: summarizeRun(items, gaps),
    targets: targets.sort(byName),
    items,
    gaps: gaps.sort(byName),
  };
}
