import type { ArchivedVersion, InstanceState, LogFileVersion } from "./instance-state.js";
import { parseLogName } from "./parse-log-name.js";
import { renderLogFileKey } from "./render-log-file-key.js";
import { selectByLogTypes } from "./select-by-log-types.js";
import { seriesOf } from "./series-of.js";

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

export interface PlannedGap {
  instance: string;
  logFile?: string;
  from?: Date;
  to?: Date;
  reason: string;
}

export interface InstancePlan {
  files: PlannedFile[];
  gaps: PlannedGap[];
}

/**
 * How much later than the archive's newest file the oldest file RDS still holds may be before
 * something in between must have been deleted unseen: logs rotate at least hourly, and RDS may
 * flush LastWritten up to five minutes late.
 */
export const ROTATION_SLACK_MS = 65 * 60 * 1000;

/**
 * Plans one instance: which listed files to archive, which to skip and why, and which gaps the
 * listing reveals against the archived state. Pure: the clock is `settings.now`.
 */
export function planInstance(
  target: PlanTarget,
  listing: readonly LogFileVersion[],
  state: InstanceState | undefined,
  settings: PlanSettings,
): InstancePlan {
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
    });
  const archivedByKey = new Map((state?.archived ?? []).map((a) => [a.key, a]));
  const selected = selectByLogTypes(settings.logTypes);
  const now = settings.now.getTime();

  const files = listing.map((file): PlannedFile => {
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
  });

  if (!state) return { files, gaps: [] };
  const gapContext: GapContext = {
    target,
    listing,
    state,
    keyOf,
    archivedKeys: new Set(archivedByKey.keys()),
  };
  return { files, gaps: [...findVanishedPending(gapContext), ...findRetentionGaps(gapContext)] };
}

/** What both gap rules look at: the listing against an existing state. */
interface GapContext {
  target: PlanTarget;
  listing: readonly LogFileVersion[];
  state: InstanceState;
  keyOf: (file: LogFileVersion) => string;
  archivedKeys: ReadonlySet<string>;
}

/** A file listed before but never archived, gone now, and not living on under another name. */
function findVanishedPending({ target, listing, state, keyOf, archivedKeys }: GapContext): PlannedGap[] {
  const listedNames = new Set(listing.map((f) => f.name));
  const listedKeys = new Set(listing.map(keyOf));
  return state.pending
    .filter((p) => !listedNames.has(p.name) && !listedKeys.has(keyOf(p)) && !archivedKeys.has(keyOf(p)))
    .map((p) => ({
      instance: target.instance,
      logFile: p.name,
      to: new Date(p.lastWritten),
      reason: `${p.name} (${p.size} bytes, last written ${new Date(p.lastWritten).toISOString()}) was listed by an earlier run but rotated away or deleted before it could be archived`,
    }));
}

/**
 * Retention that outran the schedule: in a series the archive has reached before, RDS now holds
 * nothing the archive has, and its oldest file is newer than the archive's newest plus the
 * rotation interval, so whatever was written in between is gone.
 */
function findRetentionGaps({ target, listing, state, keyOf, archivedKeys }: GapContext): PlannedGap[] {
  const bySeries = new Map<string, LogFileVersion[]>();
  for (const file of listing) {
    // A file that lives under one name and changes in place (mysql-error.log, a legacy .log.N
    // that comes round daily) loses nothing to retention while its name is listed; only series
    // whose files come and go by name, dated ones and rename-rotated families, can have a hole.
    const parsed = parseLogName(file.name, file.lastWritten);
    if (!parsed.hourFromName && !parsed.renamedByRotation) continue;
    const series = seriesOf(file.name, file.lastWritten);
    bySeries.set(series, [...(bySeries.get(series) ?? []), file]);
  }
  const gaps: PlannedGap[] = [];
  for (const [series, files] of bySeries) {
    const watermark = state.watermarks[series];
    if (watermark === undefined || files.some((f) => archivedKeys.has(keyOf(f)))) continue;
    const oldest = Math.min(...files.map((f) => f.lastWritten));
    if (oldest > watermark + ROTATION_SLACK_MS) {
      gaps.push({
        instance: target.instance,
        logFile: series,
        from: new Date(watermark),
        to: new Date(oldest),
        reason: `RDS no longer holds ${series} written between ${new Date(watermark).toISOString()} and ${new Date(oldest).toISOString()}: retention outran the archive schedule; run more often`,
      });
    }
  }
  return gaps;
}

/** The outcome of archiving one planned file, as the state needs it. */
export interface FileOutcome {
  file: LogFileVersion;
  key: string;
  archived: boolean;
}

/** How long an archived version is remembered after RDS stops listing its content. */
export const STATE_MARGIN_MS = 7 * 24 * 3600 * 1000;

/**
 * The state after a run: archived versions added, pending set to what still waits, watermarks
 * advanced, and versions RDS no longer lists dropped after the margin, so the state stays small.
 * `previous` may come from a concurrent run; merging keeps both runs' archived versions.
 */
export function planNextState(
  target: PlanTarget,
  plan: InstancePlan,
  outcomes: readonly FileOutcome[],
  previous: InstanceState | undefined,
  now: Date,
): InstanceState {
  const archived = new Map<string, ArchivedVersion>((previous?.archived ?? []).map((a) => [a.key, a]));
  const watermarks = { ...previous?.watermarks };
  for (const outcome of outcomes) {
    if (!outcome.archived) continue;
    archived.set(outcome.key, { ...outcome.file, key: outcome.key });
  }
  for (const version of archived.values()) {
    const series = seriesOf(version.name, version.lastWritten);
    watermarks[series] = Math.max(watermarks[series] ?? 0, version.lastWritten);
  }
  const listedKeys = new Set(plan.files.map((f) => f.key));
  const kept = [...archived.values()].filter(
    (a) => listedKeys.has(a.key) || now.getTime() - a.lastWritten < STATE_MARGIN_MS,
  );
  const archivedNow = new Set(kept.map((a) => a.key));
  const pending = plan.files
    .filter(
      (f) =>
        !archivedNow.has(f.key) &&
        (f.action === "archive" || (f.action === "skip" && f.reason === "not-settled")),
    )
    .map((f) => f.file);
  return {
    schemaVersion: 1,
    region: target.region,
    instance: target.instance,
    archived: kept.sort((a, b) => (a.key < b.key ? -1 : 1)),
    pending,
    watermarks,
    updatedAt: now.toISOString(),
  };
}
