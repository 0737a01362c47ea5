/**
 * The gaps a listing reveals against the archived state: what RDS held that the archive will now
 * never have. Pure. Each gap carries an `id` that stays the same for the same loss, so the state
 * records it and a later run that sees the same evidence does not report it again.
 *
 * Three rules, each from evidence in the listing (version-lineage.ts says what the listing can
 * tell):
 * - a version listed by an earlier run and still awaited is gone, and no listed file can hold it
 *   (not under another name, not grown under its own, not compressed to `.gz`);
 * - retention outran the schedule: in a series the archive reached before (dated hourly or daily
 *   files, a rename family), nothing RDS lists starts before the archive's newest file plus the
 *   rotation interval, and no listed file continues a file the archive knows;
 * - a name RDS reuses daily was rewritten more than once since its last archived version.
 */
import type { ReportGap } from "../../report/run-report.js";
import type { ArchivedVersion, InstanceState, LogFileVersion } from "./instance-state.js";
import { parseLogName } from "./parse-log-name.js";
import { seriesOf } from "./series-of.js";
import { mayHaveGrownFrom, ROTATION_SLACK_MS } from "./version-lineage.js";

export interface PlannedGap {
  /** Identifies the loss across runs (see the file header); not part of the report. */
  id: string;
  instance: string;
  logFile?: string;
  from?: Date;
  to?: Date;
  reason: string;
}

const DAY_MS = 24 * 3600 * 1000;

/** What the gap rules look at: the listing against an existing state. */
export interface GapContext {
  instance: string;
  listing: readonly LogFileVersion[];
  state: InstanceState;
  keyOf: (file: LogFileVersion) => string;
}

/** Every gap the listing shows against `state`, leaving out those the state says were reported. */
export function planGaps(context: GapContext): PlannedGap[] {
  const reported = new Set(context.state.reportedGaps.map((gap) => gap.id));
  return [
    ...findVanishedPending(context),
    ...findRetentionGaps(context),
    ...findReplacedDailyNames(context),
  ].filter((gap) => !reported.has(gap.id));
}

/** The gap for one version that is gone before it could be archived; `why` ends "… before it could be archived". */
export function planLostVersionGap(instance: string, version: LogFileVersion, why: string): PlannedGap {
  const listed = `${version.name} (${version.size} bytes, last written ${new Date(version.lastWritten).toISOString()})`;
  return {
    id: `lost:${version.name}:${version.size}:${version.lastWritten}`,
    instance,
    logFile: version.name,
    to: new Date(version.lastWritten),
    reason: `${listed} ${why}`,
  };
}

/** A gap as the run report holds it. */
export function renderReportGap(gap: PlannedGap): ReportGap {
  return {
    instance: gap.instance,
    reason: gap.reason,
    ...(gap.logFile === undefined ? {} : { logFile: gap.logFile }),
    ...(gap.from === undefined ? {} : { from: gap.from.toISOString() }),
    ...(gap.to === undefined ? {} : { to: gap.to.toISOString() }),
  };
}

/** A version listed before and still awaited that no listed file holds any more. */
function findVanishedPending({ instance, listing, state, keyOf }: GapContext): PlannedGap[] {
  const archivedKeys = new Set(state.archived.map((a) => a.key));
  const listedKeys = new Set(listing.map(keyOf));
  const listedNames = new Set(listing.map((f) => f.name));
  return state.pending
    .filter((pending) => {
      const key = keyOf(pending);
      if (listedKeys.has(key) || archivedKeys.has(key)) return false;
      // Aurora PostgreSQL gzips older logs when local storage runs low: the content lives on.
      if (listedNames.has(`${pending.name}.gz`)) return false;
      const { family, renamedByRotation } = parseLogName(pending.name, pending.lastWritten);
      return !listing.some(
        (file) =>
          (file.name === pending.name ||
            (renamedByRotation && parseLogName(file.name, file.lastWritten).family === family)) &&
          mayHaveGrownFrom(pending, file),
      );
    })
    .map((pending) =>
      planLostVersionGap(
        instance,
        pending,
        "was listed by an earlier run but rotated away, replaced or deleted before it could be archived",
      ),
    );
}

/**
 * Retention that outran the schedule. A file's contents start at the time its name embeds (a
 * dated file keeps growing for as long as its hour or day, or longer: Aurora MySQL audit files
 * rotate by size), else at its LastWritten, the best the listing offers for a rename family.
 */
function findRetentionGaps({ instance, listing, state, keyOf }: GapContext): PlannedGap[] {
  const archivedKeys = new Set(state.archived.map((a) => a.key));
  const knownNames = new Set([...state.archived, ...state.pending].map((f) => f.name));
  const bySeries = new Map<string, { start: number; continues: boolean }[]>();
  for (const file of listing) {
    // A file that lives under one name and changes in place (mysql-error.log, a legacy .log.N
    // that comes round daily) loses nothing to retention while its name is listed; only series
    // whose files come and go by name, dated ones and rename-rotated families, can have a hole.
    const parsed = parseLogName(file.name, file.lastWritten);
    if (!parsed.hourFromName && !parsed.renamedByRotation) continue;
    const series = seriesOf(file.name, file.lastWritten);
    // A dated file the archive knows, still listed (grown since, most likely), bridges the time
    // since the archive's newest file; in a rename family only the same version does, since names move.
    const continues =
      archivedKeys.has(keyOf(file)) || (!parsed.renamedByRotation && knownNames.has(file.name));
    const start = parsed.hourFromName ? parsed.contentHour.getTime() : file.lastWritten;
    bySeries.set(series, [...(bySeries.get(series) ?? []), { start, continues }]);
  }
  const gaps: PlannedGap[] = [];
  for (const [series, files] of bySeries) {
    const watermark = state.watermarks[series];
    if (watermark === undefined || files.some((f) => f.continues)) continue;
    const oldest = Math.min(...files.map((f) => f.start));
    if (oldest <= watermark + ROTATION_SLACK_MS) continue;
    const [from, to] = [new Date(watermark).toISOString(), new Date(oldest).toISOString()];
    gaps.push({
      id: `retention:${series}:${watermark}`,
      instance,
      logFile: series,
      from: new Date(watermark),
      to: new Date(oldest),
      reason: `RDS no longer holds ${series} written between ${from} and ${to}: retention outran the archive schedule; run more often`,
    });
  }
  return gaps;
}

/**
 * A name RDS reuses daily (`mysql-slowquery.log.7`) now holds a version written more than a day
 * after its newest archived one: the days in between were rewritten before any run listed them.
 */
function findReplacedDailyNames({ instance, listing, state, keyOf }: GapContext): PlannedGap[] {
  const newestArchived = new Map<string, ArchivedVersion>();
  for (const version of state.archived) {
    const known = newestArchived.get(version.name);
    if (!known || version.lastWritten > known.lastWritten) newestArchived.set(version.name, version);
  }
  const gaps: PlannedGap[] = [];
  for (const file of listing) {
    const known = newestArchived.get(file.name);
    if (!known || !parseLogName(file.name, file.lastWritten).reusedDaily || keyOf(file) === known.key)
      continue;
    // Versions of an hour slot are whole days apart (give or take the hour): past a day and a
    // half, at least one day's file came and went unseen.
    if (file.lastWritten - known.lastWritten <= 1.5 * DAY_MS) continue;
    const [from, to] = [new Date(known.lastWritten).toISOString(), new Date(file.lastWritten).toISOString()];
    gaps.push({
      id: `replaced:${file.name}:${known.lastWritten}`,
      instance,
      logFile: file.name,
      from: new Date(known.lastWritten),
      to: new Date(file.lastWritten),
      reason: `RDS rewrites ${file.name} every day; it was archived as written ${from} and now holds the file written ${to}, so the days in between were replaced before any run took them; run at least daily`,
    });
  }
  return gaps;
}
