import pLimit from "p-limit";
import { createRdsPort } from "../../adapters/create-rds-port.js";
import type { ArchiveConfig } from "../../config/parse-config.js";
import {
  createDestinationStore,
  destinationStoreOptionsFor,
} from "../../destinations/create-destination-store.js";
import type { ObjectStore } from "../../destinations/object-store.js";
import type { ProgressEvent } from "../../progress/progress-event.js";
import { discoverInstances } from "../../rds/discover-instances.js";
import { createLimitPerKey } from "../../rds/rate-key.js";
import type { CreateRdsPort } from "../../rds/rds-port.js";
import type { ReportGap, ReportItem, ReportTarget, RunReport } from "../../report/run-report.js";
import { summarizeRun, toReportError } from "../../report/run-report.js";
import { archiveInstance } from "./archive-instance.js";
import { planSettingsFor } from "./plan-settings.js";
import { reportGoneInstances } from "./report-gone-instances.js";

/** What `archive` can be given instead of its defaults; tests and surfaces inject these. */
export interface ArchiveDeps {
  /** The clock; `now` is read once, so one run plans against one instant. */
  now?: () => Date;
  /** The destination; by default built from `config.destination`. */
  store?: ObjectStore;
  /** RDS for one config target; by default the AWS SDK's. */
  createRdsPort?: CreateRdsPort;
  onProgress?: (event: ProgressEvent) => void;
}

/**
 * The log-files source, and the one entry point the CLI, the GitHub Action and the tests call for
 * it: discovers the targets, archives every instance in bounded parallel, and returns the run
 * report. It never throws for a failed target or file: those are in the report, which decides the
 * exit code.
 */
export async function archive(config: ArchiveConfig, deps: ArchiveDeps = {}): Promise<RunReport> {
  const startedAt = (deps.now ?? (() => new Date()))();
  const store =
    deps.store ?? (await createDestinationStore(config.destination, destinationStoreOptionsFor(config)));
  try {
    return await archiveWith(config, deps, store, startedAt);
  } finally {
    // A store this call made is this call's to release (its staging folder); an injected one is the caller's.
    if (deps.store === undefined) await store.close();
  }
}

async function archiveWith(
  config: ArchiveConfig,
  deps: ArchiveDeps,
  store: ObjectStore,
  startedAt: Date,
): Promise<RunReport> {
  const clock = deps.now ?? (() => new Date());
  const emit = deps.onProgress ?? (() => {});
  // Files in flight are bounded for the whole run (memory, bandwidth); instances per account and
  // region, each paced on its own, so that a thousand instances across many accounts do not
  // queue behind `concurrency` slots.
  const limitInstances = createLimitPerKey(config.concurrency);
  const limitFiles = pLimit(config.concurrency);

  const targets: ReportTarget[] = [];
  const items: ReportItem[] = [];
  const gaps: ReportGap[] = [];
  const discovery = await discoverInstances(config, deps.createRdsPort ?? createRdsPort);
  for (const failure of discovery.failures) {
    targets.push({
      region: failure.region,
      instance: failure.instance ?? failure.cluster ?? "",
      ...(failure.cluster === undefined ? {} : { cluster: failure.cluster }),
      engine: "",
      error: toReportError(failure.error),
    });
  }
  const gone = reportGoneInstances(config, store, discovery, startedAt);
  await Promise.all(
    discovery.targets.flatMap(({ target, rds, rateKey, instances }) =>
      instances.map((instance) =>
        limitInstances(rateKey)(async () => {
          const entry: ReportTarget = {
            region: instance.region,
            instance: instance.instance,
            engine: instance.engine,
            ...(instance.cluster === undefined ? {} : { cluster: instance.cluster }),
          };
          targets.push(entry);
          const result = await archiveInstance(instance, {
            rds,
            store,
            settings: planSettingsFor(config, target, startedAt),
            dryRun: config.dryRun,
            limitFiles,
            emit,
          });
          items.push(...result.items);
          gaps.push(...result.gaps);
          if (result.error) entry.error = result.error;
        }),
      ),
    ),
  );
  const goneReport = await gone;
  gaps.push(...goneReport.gaps);
  for (const { region, error } of goneReport.failures) {
    targets.push({ region, instance: "", engine: "", error: toReportError(error) });
  }

  const byName = (a: { instance: string }, b: { instance: string }) =>
    a.instance < b.instance ? -1 : a.instance > b.instance ? 1 : 0;
  items.sort((a, b) => byName(a, b) || (a.logFile < b.logFile ? -1 : a.logFile > b.logFile ? 1 : 0));
  return {
    schemaVersion: 2,
    startedAt: startedAt.toISOString(),
    finishedAt: clock().toISOString(),
    dryRun: config.dryRun,
    totals: summarizeRun(items, gaps),
    targets: targets.sort(byName),
    items,
    gaps: gaps.sort(byName),
  };
}
