/**
 * The time window a run reads DescribeEvents over. RDS keeps events 14 days ("Returns events …
 * for the past 14 days", DescribeEvents in the RDS API reference) and delivers them best-effort,
 * up to minutes late and out of order. So each run reads from a little before where the previous
 * one stopped (the overlap catches the late ones) and deduplicates by identity; the first run
 * reads the whole 14 days.
 */

/** How long RDS keeps events. */
export const EVENT_RETENTION_MS = 14 * 24 * 3600_000;

/**
 * How far inside the 14 days the earliest start stays: a start exactly at the edge could ask for
 * an instant RDS has just dropped, and what it does then is not documented.
 */
export const RETENTION_MARGIN_MS = 5 * 60_000;

/** How far before the checkpoint each run starts reading; RDS events arrive up to about 5 minutes late. */
export const WINDOW_OVERLAP_MS = 60 * 60_000;

export interface EventWindow {
  start: Date;
  end: Date;
  /** Where the window would have started had RDS kept events longer. */
  requestedStart: Date;
  /** The requested start was older than what RDS keeps: events before `start` could not be read. */
  truncated: boolean;
}

/** An owner whose events between its last run and what RDS still keeps may be lost. */
export interface EventWindowGap {
  owner: string;
  from: Date;
  to: Date;
}

export interface EventWindowInput {
  /** The checkpoints the window covers (a target's owners). */
  owners: readonly string[];
  checkpoints: Readonly<Record<string, string>>;
  /** A backfill's bounds (`--since`/`--until`), which replace the checkpoints. */
  since?: Date;
  until?: Date;
  now: Date;
}

/**
 * One window for all `owners`: from the earliest of their checkpoints less the overlap (an owner
 * never read starts 14 days back), or from `since`, to `until` or now, clamped to what RDS keeps.
 * An owner whose checkpoint lies before that is a gap: the runs stopped for longer than 14 days.
 * Undefined when the window is empty (a backfill that ends before RDS's 14 days begin).
 */
export function planEventWindow(input: EventWindowInput): { window?: EventWindow; gaps: EventWindowGap[] } {
  const now = input.now.getTime();
  const horizon = now - EVENT_RETENTION_MS + RETENTION_MARGIN_MS;
  const gaps: EventWindowGap[] = [];
  let requested: number;
  if (input.since !== undefined) {
    requested = input.since.getTime();
  } else {
    requested = now;
    for (const owner of input.owners) {
      const checkpoint = Date.parse(input.checkpoints[owner] ?? "");
      if (Number.isNaN(checkpoint)) {
        requested = Math.min(requested, horizon);
        continue;
      }
      const from = checkpoint - WINDOW_OVERLAP_MS;
      if (from < horizon) gaps.push({ owner, from: new Date(checkpoint), to: new Date(horizon) });
      requested = Math.min(requested, from);
    }
  }
  const start = Math.max(requested, horizon);
  const end = Math.min(input.until?.getTime() ?? now, now);
  if (end <= start || input.owners.length === 0) return { gaps };
  return {
    window: {
      start: new Date(start),
      end: new Date(end),
      requestedStart: new Date(requested),
      truncated: requested < start,
    },
    gaps,
  };
}

/**
 * The owners whose checkpoint moves to the window's end after a successful run: all of them for a
 * scheduled run; none for a backfill that ends before now (`until`), or that starts after where an
 * owner's own window would start, since that would skip the time in between.
 */
export function selectAdvancedOwners(input: EventWindowInput): string[] {
  if (input.until !== undefined && input.until.getTime() < input.now.getTime()) return [];
  if (input.since === undefined) return [...input.owners];
  const since = input.since.getTime();
  const horizon = input.now.getTime() - EVENT_RETENTION_MS + RETENTION_MARGIN_MS;
  return input.owners.filter((owner) => {
    const checkpoint = Date.parse(input.checkpoints[owner] ?? "");
    // An owner never read would have started at the horizon.
    const natural = Number.isNaN(checkpoint) ? horizon : checkpoint - WINDOW_OVERLAP_MS;
    return since <= Math.max(natural, horizon);
  });
}
