import type { LimitFunction } from "p-limit";
import type { ObjectStore, StateDocument } from "../../destinations/object-store.js";
import { ArchiverError, isArchiverError } from "../../errors.js";
import type { ProgressEvent } from "../../progress/progress-event.js";
import type { DiscoveredInstance } from "../../rds/list-targets.js";
import type { RdsPort } from "../../rds/rds-port.js";
import { type ReportError, type ReportGap, type ReportItem, toReportError } from "../../report/run-report.js";
import { renderStateKey } from "../../state/state-keys.js";
import { updateState } from "../../state/update-state.js";
import { archiveListedFile } from "./archive-listed-file.js";
import { INSTANCE_STATE_CODEC, type InstanceState } from "./instance-state.js";
import { parseLogName } from "./parse-log-name.js";
import { type PlannedGap, planLostVersionGap, renderReportGap } from "./plan-gaps.js";
import {
  createFilePlanner,
  type FileOutcome,
  type InstancePlan,
  type InstanceRun,
  type PlannedFile,
  type PlanSettings,
  planInstance,
  planNextState,
} from "./plan-instance.js";

export interface InstanceRunContext {
  rds: RdsPort;
  store: ObjectStore;
  settings: PlanSettings;
  dryRun: boolean;
  /** Shared by every instance, so the number of files in flight is bounded for the whole run. */
  limitFiles: LimitFunction;
  emit: (event: ProgressEvent) => void;
}

/**
 * What a run did on one instance. The items are every file it dealt with, whatever failed after:
 * a state that could not be saved, or a listing that failed, is the instance's `error`, and never
 * hides what was archived.
 */
export interface InstanceRunResult {
  items: ReportItem[];
  gaps: ReportGap[];
  error?: ReportError;
}

/**
 * Archives one instance: reads its state, lists its log files, plans, transfers what is new (each
 * file on its own: one file's failure is that file's item), and updates the state conditionally.
 * A no-op run costs the listing and one state read. An instance RDS deletes during the run turns
 * what it still had for the archive into gaps.
 */
export async function archiveInstance(
  target: DiscoveredInstance,
  context: InstanceRunContext,
): Promise<InstanceRunResult> {
  const result: InstanceRunResult = { items: [], gaps: [] };
  try {
    await runInstance(target, context, result);
  } catch (error) {
    result.error = toReportError(error);
  }
  return result;
}

async function runInstance(
  target: DiscoveredInstance,
  context: InstanceRunContext,
  result: InstanceRunResult,
): Promise<void> {
  const { store, settings } = context;
  const stateKey = renderStateKey(settings.prefix, {
    source: "log-files",
    region: target.region,
    instance: target.instance,
  });
  const stored = await store.readState(stateKey);
  const state = INSTANCE_STATE_CODEC.parse(stored?.body);
  const reported = new Set(state?.reportedGaps.map((g) => g.id));
  const gaps: PlannedGap[] = [];
  const addGap = (gap: PlannedGap) => {
    if (reported.has(gap.id) || gaps.some((g) => g.id === gap.id)) return;
    gaps.push(gap);
    result.gaps.push(renderReportGap(gap));
  };

  let listing: Awaited<ReturnType<RdsPort["listLogFiles"]>>;
  try {
    listing = await context.rds.listLogFiles(target.instance);
  } catch (error) {
    if (!isArchiverError(error) || error.code !== "DB_INSTANCE_NOT_FOUND") throw error;
    // Deleted since discovery: what the state still awaited is lost with it.
    for (const version of state?.pending ?? [])
      addGap(planLostVersionGap(target.instance, version, INSTANCE_GONE));
    const run = { plan: { files: [], gaps: [] }, outcomes: [], gaps, instanceGone: true };
    if (!context.dryRun && state) await saveState(context, { key: stateKey, stored }, target, run, 0);
    return;
  }
  const plan = planInstance(target, listing, state, settings);
  for (const gap of plan.gaps) addGap(gap);
  const toArchive = plan.files.filter((f) => f.action === "archive");
  context.emit({
    type: "instance-planned",
    instance: target.instance,
    files: toArchive.length,
    bytes: toArchive.reduce((sum, f) => sum + f.file.size, 0),
  });
  const item = (file: PlannedFile["file"], key: string, fields: Partial<ReportItem>): ReportItem => ({
    instance: target.instance,
    ...(target.cluster === undefined ? {} : { cluster: target.cluster }),
    logFile: file.name,
    size: file.size,
    lastWritten: new Date(file.lastWritten).toISOString(),
    outcome: "skipped",
    key,
    bytesIn: 0,
    bytesOut: 0,
    sha256: "",
    durationMs: 0,
    ...fields,
  });
  for (const f of plan.files)
    if (f.action === "skip") result.items.push(item(f.file, f.key, { reason: f.reason }));
  if (context.dryRun) {
    for (const f of toArchive) {
      const active = f.action === "archive" && f.active;
      result.items.push(
        item(f.file, f.key, { outcome: "planned", reason: active ? "active-snapshot" : "new" }),
      );
    }
    return;
  }

  const planner = createFilePlanner(target, state, settings);
  const outcomes: FileOutcome[] = [];
  let instanceGone = false;
  await Promise.all(
    toArchive.map((planned) =>
      context.limitFiles(async () => {
        const started = performance.now();
        const done = (outcome: FileOutcome, reported: ReportItem) => {
          outcomes.push(outcome);
          result.items.push(reported);
          context.emit({ type: "file-done", item: reported });
        };
        const listed = planned.file;
        if (instanceGone) return done({ listed }, item(listed, planned.key, { reason: "instance-gone" }));
        try {
          // Without a state (first run, or lost), the archive itself says what is there already.
          if (!state && (await store.head(planned.key))) {
            const archived = { file: listed, key: planned.key };
            return done({ listed, archived }, item(listed, planned.key, { reason: "already-archived" }));
          }
          const file = await archiveListedFile({
            ...context,
            region: target.region,
            instance: target.instance,
            ...(target.cluster === undefined ? {} : { cluster: target.cluster }),
            planner,
            file: listed,
            key: planned.key,
            compressed: (version) => parseLogName(version.name, version.lastWritten).compressed,
            compression: context.settings.compression,
            onBytes: (bytes) => context.emit({ type: "bytes", instance: target.instance, bytes }),
          });
          for (const gap of file.gaps) addGap(gap);
          const durationMs = Math.round(performance.now() - started);
          if (file.kind === "stored") {
            const { transfer } = file;
            if (transfer.instanceGone) instanceGone = true;
            return done(
              { listed, archived: { file: file.version, key: file.key } },
              item(file.version, file.key, {
                outcome: transfer.outcome === "created" ? "archived" : "skipped",
                ...(transfer.outcome === "exists" ? { reason: "already-archived" } : {}),
                bytesIn: transfer.bytesIn,
                bytesOut: transfer.bytesOut,
                sha256: transfer.sha256,
                durationMs,
              }),
            );
          }
          if (file.kind === "instance-gone") {
            instanceGone = true;
            return done({ listed }, item(listed, planned.key, { reason: "instance-gone", durationMs }));
          }
          const pending = file.pending === undefined ? {} : { pending: file.pending };
          return done({ listed, ...pending }, item(listed, planned.key, { reason: file.reason, durationMs }));
        } catch (error) {
          const durationMs = Math.round(performance.now() - started);
          return done(
            { listed, pending: listed },
            item(listed, planned.key, { outcome: "failed", error: toReportError(error), durationMs }),
          );
        }
      }),
    ),
  );
  if (instanceGone) {
    for (const version of awaitedVersions(plan, outcomes)) {
      addGap(planLostVersionGap(target.instance, version, INSTANCE_GONE));
    }
  }
  const written = result.items.filter((i) => i.outcome === "archived").length;
  await saveState(
    context,
    { key: stateKey, stored },
    target,
    { plan, outcomes, gaps, instanceGone },
    written,
  );
}

const INSTANCE_GONE = "was still on the instance when RDS deleted it, before it could be archived";

/** The listed versions nothing was archived for: the ones an instance's deletion takes with it. */
function awaitedVersions(plan: InstancePlan, outcomes: readonly FileOutcome[]): PlannedFile["file"][] {
  const handled = new Set(outcomes.filter((o) => o.archived).map((o) => o.listed));
  return plan.files
    .filter((f) => f.action === "archive" || (f.action === "skip" && f.reason === "not-settled"))
    .map((f) => f.file)
    .filter((file) => !handled.has(file));
}

/**
 * Records the run in the instance's state, conditionally (state/update-state.ts); a run that
 * changed nothing writes nothing. A failure here is the instance's error, with a hint that what
 * was archived is safe.
 */
async function saveState(
  context: InstanceRunContext,
  state: { key: string; stored: StateDocument | undefined },
  target: DiscoveredInstance,
  run: InstanceRun,
  written: number,
): Promise<void> {
  const now = context.settings.now;
  const change = (latest: InstanceState | undefined) => {
    const next = planNextState(target, run, latest, now);
    return sameState(next, latest) ? undefined : next;
  };
  try {
    await updateState(context.store, state.key, INSTANCE_STATE_CODEC, change, { stored: state.stored });
  } catch (error) {
    const cause = isArchiverError(error) ? error : undefined;
    throw new ArchiverError(
      cause?.code ?? "DESTINATION_WRITE_FAILED",
      `could not save the state: ${(error as Error).message}`,
      {
        cause: error,
        hint: `${cause?.hint ? `${cause.hint}; ` : ""}the ${written} object(s) this run wrote are archived, and the next run finds them and records them`,
      },
    );
  }
}

function sameState(a: InstanceState, b: InstanceState | undefined): boolean {
  if (!b) return false;
  const strip = (s: InstanceState) => JSON.stringify({ ...s, updatedAt: "" });
  return strip(a) === strip(b);
}
