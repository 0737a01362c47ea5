import type { LimitFunction } from "p-limit";
import type { ObjectStore } from "../../destinations/object-store.js";
import { isArchiverError } from "../../errors.js";
import type { ProgressEvent } from "../../progress/progress-event.js";
import type { DiscoveredInstance } from "../../rds/list-targets.js";
import type { RdsPort } from "../../rds/rds-port.js";
import { type ReportError, type ReportGap, type ReportItem, toReportError } from "../../report/run-report.js";
import { renderStateKey } from "../../state/state-keys.js";
import { type InstanceState, type LogFileVersion, parseInstanceState } from "./instance-state.js";
import { parseLogName } from "./parse-log-name.js";
import {
  type FileOutcome,
  type PlannedFile,
  type PlanSettings,
  planInstance,
  planNextState,
} from "./plan-instance.js";
import { transferFile } from "./transfer-file.js";

export interface InstanceRunContext {
  rds: RdsPort;
  store: ObjectStore;
  settings: PlanSettings;
  dryRun: boolean;
  /** Shared by every instance, so the number of files in flight is bounded for the whole run. */
  limitFiles: LimitFunction;
  emit: (event: ProgressEvent) => void;
}

export interface InstanceRunResult {
  items: ReportItem[];
  gaps: ReportGap[];
}

/**
 * Archives one instance: reads its state, lists its log files, plans, transfers what is new, and
 * writes the state back when it changed. A no-op run costs the listing and one state read.
 */
export async function archiveInstance(
  target: DiscoveredInstance,
  context: InstanceRunContext,
): Promise<InstanceRunResult> {
  const { store, settings } = context;
  const stateKey = renderStateKey(settings.prefix, {
    source: "log-files",
    region: target.region,
    instance: target.instance,
  });
  const storedText = await store.readState(stateKey);
  const state = parseInstanceState(storedText);
  const listing = await context.rds.listLogFiles(target.instance);
  const plan = planInstance(target, listing, state, settings);
  const gaps: ReportGap[] = plan.gaps.map((g) => ({
    instance: g.instance,
    reason: g.reason,
    ...(g.logFile === undefined ? {} : { logFile: g.logFile }),
    ...(g.from === undefined ? {} : { from: g.from.toISOString() }),
    ...(g.to === undefined ? {} : { to: g.to.toISOString() }),
  }));
  const toArchive = plan.files.filter((f) => f.action === "archive");
  context.emit({
    type: "instance-planned",
    instance: target.instance,
    files: toArchive.length,
    bytes: toArchive.reduce((sum, f) => sum + f.file.size, 0),
  });
  const item = (planned: PlannedFile, fields: Partial<ReportItem>): ReportItem => ({
    instance: target.instance,
    ...(target.cluster === undefined ? {} : { cluster: target.cluster }),
    logFile: planned.file.name,
    size: planned.file.size,
    lastWritten: new Date(planned.file.lastWritten).toISOString(),
    outcome: "skipped",
    key: planned.key,
    bytesIn: 0,
    bytesOut: 0,
    sha256: "",
    durationMs: 0,
    ...fields,
  });

  const items: ReportItem[] = plan.files
    .filter((f) => f.action === "skip")
    .map((f) => item(f, { outcome: "skipped", reason: f.action === "skip" ? f.reason : "" }));
  if (context.dryRun) {
    items.push(
      ...toArchive.map((f) =>
        item(f, {
          outcome: "planned",
          reason: f.action === "archive" && f.active ? "active-snapshot" : "new",
        }),
      ),
    );
    return { items, gaps };
  }

  const outcomes: FileOutcome[] = [];
  await Promise.all(
    toArchive.map((planned) =>
      context.limitFiles(async () => {
        const started = performance.now();
        // Without a state (first run, or lost), the archive itself says what is there already.
        if (!state && (await store.head(planned.key))) {
          outcomes.push({ file: planned.file, key: planned.key, archived: true });
          items.push(item(planned, { outcome: "skipped", reason: "already-archived" }));
          return;
        }
        const result = await transferPlanned(target, context, planned, listing);
        const durationMs = Math.round(performance.now() - started);
        if ("error" in result) {
          outcomes.push({ file: planned.file, key: planned.key, archived: false });
          items.push(item(planned, { outcome: "failed", error: result.error, durationMs }));
          if (result.error.code === "LOG_FILE_GONE") {
            gaps.push({
              instance: target.instance,
              logFile: planned.file.name,
              reason: `${planned.file.name} was rotated away between listing and download`,
            });
          }
        } else {
          outcomes.push({ file: planned.file, key: planned.key, archived: true });
          items.push(
            item(planned, {
              outcome: result.outcome === "created" ? "archived" : "skipped",
              ...(result.outcome === "exists" ? { reason: "already-archived" } : {}),
              bytesIn: result.bytesIn,
              bytesOut: result.bytesOut,
              sha256: result.sha256,
              durationMs,
            }),
          );
        }
        context.emit({ type: "file-done", item: items.at(-1) as ReportItem });
      }),
    ),
  );

  // A no-op run costs no state request beyond the first read. Otherwise re-read just before
  // writing, so that what an overlapping run archived meanwhile is merged in, not lost.
  if (sameState(planNextState(target, plan, outcomes, state, settings.now), state)) return { items, gaps };
  const latest = parseInstanceState(await store.readState(stateKey)) ?? state;
  const next = planNextState(target, plan, outcomes, latest, settings.now);
  await store.writeState(stateKey, `${JSON.stringify(next, null, 1)}\n`);
  return { items, gaps };
}

/**
 * Transfers one file. If RDS says the file is gone and it belongs to a family that rotates by
 * renaming, the same content may live on under the next name: it is fetched from there.
 */
async function transferPlanned(
  target: DiscoveredInstance,
  context: InstanceRunContext,
  planned: PlannedFile,
  listing: readonly LogFileVersion[],
): Promise<Awaited<ReturnType<typeof transferFile>> | { error: ReportError }> {
  const attempt = (file: LogFileVersion) =>
    transferFile({
      rds: context.rds,
      store: context.store,
      region: target.region,
      instance: target.instance,
      ...(target.cluster === undefined ? {} : { cluster: target.cluster }),
      file,
      key: planned.key,
      compressed: parseLogName(file.name, file.lastWritten).compressed,
      onBytes: (bytes) => context.emit({ type: "bytes", instance: target.instance, bytes }),
    });
  try {
    return await attempt(planned.file);
  } catch (error) {
    if (
      isArchiverError(error) &&
      error.code === "LOG_FILE_GONE" &&
      parseLogName(planned.file.name, planned.file.lastWritten).renamedByRotation
    ) {
      const renamed = (await context.rds.listLogFiles(target.instance).catch(() => listing)).find(
        (f) =>
          f.name !== planned.file.name &&
          f.size === planned.file.size &&
          f.lastWritten === planned.file.lastWritten,
      );
      if (renamed) {
        try {
          return await attempt(renamed);
        } catch (retryError) {
          return { error: toReportError(retryError) };
        }
      }
    }
    return { error: toReportError(error) };
  }
}

function sameState(a: InstanceState, b: InstanceState | undefined): boolean {
  if (!b) return false;
  const strip = (s: InstanceState) => JSON.stringify({ ...s, updatedAt: "" });
  return strip(a) === strip(b);
}
