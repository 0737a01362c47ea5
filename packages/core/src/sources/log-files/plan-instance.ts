import type { Compression } from "./compression.js";
import type { ArchivedVersion, InstanceState, LogFileVersion } from "./instance-state.js";
import type { PlannedGap } from "./plan-gaps.js";
import { planGaps } from "./plan-gaps.js";
import { renderLogFileKey } from "./render-log-file-key.js";
import { selectByLogTypes } from "./select-by-log-types.js";
import { seriesOf } from "./series-of.js";

export type { PlannedGap } from "./plan-gaps.js";

/** The instance being planned. */
export interface PlanTarget {
  region: string;
  instance: string;
  cluster?: string;
  engine: string;
}

/** Everything the plan depends on besides the listing and the state; `now` included. */
export interface PlanSettings {
  now: Date;
  settleMs: number;
  includeActive: boolean;
  since?: Date;
  until?: Date;
  logTypes: readonly string[];
  keyTemplate: string;
  prefix: string;
  /** How stored files are compressed; a zstd key ends in `.zst`. */
  compression: Compression;
}

export type SkipReason =
  | "already-archived"
  | "renamed-copy"
  | "not-settled"
  | "before-since"
  | "after-until"
  | "excluded-by-log-types";

export type PlannedFile =
  | { file: LogFileVersion; key: string; action: "archive"; active: boolean }
  | { file: LogFileVersion; key: string; action: "skip"; reason: SkipReason };

export interface InstancePlan {
  files: PlannedFile[];
  gaps: PlannedGap[];
}

/** The per-file rule of a plan, also applied to a version that replaced a listed one mid-run. */
export interface FilePlanner {
  keyOf(file: LogFileVersion): string;
  planFile(file: LogFileVersion): PlannedFile;
}

/** The key and selection rules for one instance against its state; pure. */
export function createFilePlanner(
  target: PlanTarget,
  state: InstanceState | undefined,
  settings: PlanSettings,
): FilePlanner {
  const keyOf = (file: LogFileVersion) =>
    renderLogFileKey(settings.keyTemplate, {
      prefix: settings.prefix,
      cluster: target.cluster ?? target.instance,
      instance: target.instance,
      region: target.region,
      engine: target.engine,
      logFileName: file.name,
      size: file.size,
      lastWritten: file.lastWritten,
      compression: settings.compression.algorithm,
    });
  const archivedByKey = new Map((state?.archived ?? []).map((a) => [a.key, a]));
  const selected = selectByLogTypes(settings.logTypes);
  const now = settings.now.getTime();
  return {
    keyOf,
    planFile(file) {
      const key = keyOf(file);
      const skip = (reason: SkipReason): PlannedFile => ({ file, key, action: "skip", reason });
      if (!selected(file.name)) return skip("excluded-by-log-types");
      if (settings.since && file.lastWritten < settings.since.getTime()) return skip("before-since");
      // `until` is exclusive, as documented: "last written before this time".
      if (settings.until && file.lastWritten >= settings.until.getTime()) return skip("after-until");
      const archived = archivedByKey.get(key);
      if (archived) return skip(archived.name === file.name ? "already-archived" : "renamed-copy");
      const active = now - file.lastWritten < settings.settleMs;
      if (active && !settings.includeActive) return skip("not-settled");
      return { file, key, action: "archive", active };
    },
  };
}

/**
 * Plans one instance: which listed files to archive, which to skip and why, and which gaps the
 * listing reveals against the archived state (plan-gaps.ts). Pure: the clock is `settings.now`.
 */
export function planInstance(
  target: PlanTarget,
  listing: readonly LogFileVersion[],
  state: InstanceState | undefined,
  settings: PlanSettings,
): InstancePlan {
  const planner = createFilePlanner(target, state, settings);
  const files = listing.map((file) => planner.planFile(file));
  if (!state) return { files, gaps: [] };
  return { files, gaps: planGaps({ instance: target.instance, listing, state, keyOf: planner.keyOf }) };
}

/** What became of one file the plan chose to archive, as the state needs it. */
export interface FileOutcome {
  /** The version the plan listed. */
  listed: LogFileVersion;
  /** What was stored for it (or found stored): the listed version, or one that replaced it mid-run. */
  archived?: { file: LogFileVersion; key: string };
  /** A version still to archive: the listed one when its transfer failed, or one that replaced it. */
  pending?: LogFileVersion;
}

/** What a run did to an instance, as far as its state is concerned. */
export interface InstanceRun {
  plan: InstancePlan;
  outcomes: readonly FileOutcome[];
  /** Every gap the run reported, planned or found on the way, so no later run reports them again. */
  gaps: readonly PlannedGap[];
  /** RDS said the instance no longer exists: nothing it listed is awaited any more. */
  instanceGone: boolean;
}

/** How long an archived version, or a reported gap, is remembered after RDS stops listing it. */
export const STATE_MARGIN_MS = 7 * 24 * 3600 * 1000;

/**
 * The state after a run: archived versions added, pending set to what still waits, watermarks
 * advanced, reported gaps recorded, and versions and gaps older than the margin that RDS no
 * longer lists dropped, so the state stays small. `previous` may come from a concurrent run;
 * merging keeps both runs' archived versions and reported gaps.
 */
export function planNextState(
  target: PlanTarget,
  run: InstanceRun,
  previous: InstanceState | undefined,
  now: Date,
): InstanceState {
  const archived = new Map<string, ArchivedVersion>((previous?.archived ?? []).map((a) => [a.key, a]));
  const watermarks = { ...previous?.watermarks };
  for (const outcome of run.outcomes) {
    if (outcome.archived)
      archived.set(outcome.archived.key, { ...outcome.archived.file, key: outcome.archived.key });
  }
  for (const version of archived.values()) {
    const series = seriesOf(version.name, version.lastWritten);
    watermarks[series] = Math.max(watermarks[series] ?? 0, version.lastWritten);
  }
  const fresh = (at: number) => now.getTime() - at < STATE_MARGIN_MS;
  const listedKeys = new Set(run.plan.files.map((f) => f.key));
  const kept = [...archived.values()].filter((a) => listedKeys.has(a.key) || fresh(a.lastWritten));
  const archivedNow = new Set(kept.map((a) => a.key));

  const outcomeOf = new Map(
    run.outcomes.map((o) => [`${o.listed.name}\u0000${o.listed.size}\u0000${o.listed.lastWritten}`, o]),
  );
  const awaited = run.plan.files.flatMap((f): LogFileVersion[] => {
    if (archivedNow.has(f.key)) return [];
    if (f.action === "skip") return f.reason === "not-settled" ? [f.file] : [];
    const outcome = outcomeOf.get(`${f.file.name}\u0000${f.file.size}\u0000${f.file.lastWritten}`);
    if (outcome === undefined) return [f.file];
    return outcome.pending === undefined ? [] : [outcome.pending];
  });
  const reported = new Map((previous?.reportedGaps ?? []).map((g) => [g.id, g]));
  for (const gap of run.gaps)
    if (!reported.has(gap.id)) reported.set(gap.id, { id: gap.id, at: now.getTime() });

  return {
    schemaVersion: 1,
    region: target.region,
    instance: target.instance,
    ...(target.cluster === undefined ? {} : { cluster: target.cluster }),
    engine: target.engine,
    archived: kept.sort((a, b) => (a.key < b.key ? -1 : 1)),
    pending: run.instanceGone ? [] : awaited,
    watermarks,
    reportedGaps: [...reported.values()].filter((g) => fresh(g.at)).sort((a, b) => (a.id < b.id ? -1 : 1)),
    ...(run.instanceGone ? { goneAt: previous?.goneAt ?? now.toISOString() } : {}),
    updatedAt: now.toISOString(),
  };
}
