import { isArchiverError } from "../errors.js";
import type { ActivityReport } from "./activity-report.js";

/** The run report version this build writes; it reads every earlier one too. */
export const RUN_REPORT_VERSION = 2;

/**
 * The run report: what `--report` and `--json` write, and what the CLI summary and the GitHub
 * Action's outputs and job summary are rendered from. `totals`, `items` and `gaps` are the log
 * files' (gaps also hold the events' windows lost to RDS's retention); a source with items of its
 * own adds its section (`events`, `activity`). Version 2 added them.
 */
export interface RunReport {
  schemaVersion: 2;
  startedAt: string;
  finishedAt: string;
  dryRun: boolean;
  totals: RunTotals;
  targets: ReportTarget[];
  items: ReportItem[];
  gaps: ReportGap[];
  /** Present in the report of an `events` run. */
  events?: EventsReport;
  /** Present in the report of an `activity-stream` run. */
  activity?: ActivityReport;
}

export interface RunTotals {
  files: number;
  archived: number;
  skipped: number;
  failed: number;
  gaps: number;
  bytesIn: number;
  bytesOut: number;
}

/** A coded failure, with what to do about it. */
export interface ReportError {
  code: string;
  message: string;
  hint?: string;
}

export interface ReportTarget {
  region: string;
  cluster?: string;
  instance: string;
  engine: string;
  error?: ReportError;
}

export type ItemOutcome = "archived" | "skipped" | "failed" | "planned";

export interface ReportItem {
  instance: string;
  cluster?: string;
  logFile: string;
  size: number;
  /** ISO 8601. */
  lastWritten: string;
  outcome: ItemOutcome;
  reason?: string;
  key: string;
  bytesIn: number;
  bytesOut: number;
  /** SHA-256 of the source bytes, hex; empty when nothing was read. */
  sha256: string;
  durationMs: number;
  error?: ReportError;
}

export interface ReportGap {
  instance: string;
  logFile?: string;
  from?: string;
  to?: string;
  reason: string;
}

/** What an `events` run did: per region, the window read, each new event, and each channel's deliveries. */
export interface EventsReport {
  totals: EventTotals;
  windows: EventWindowReport[];
  /** One per event newly archived (or, in a dry run, that would be). */
  items: EventReportItem[];
  deliveries: DeliveryReport[];
}

export interface EventTotals {
  /** Events of the selection that DescribeEvents listed in the windows. */
  listed: number;
  /** Events archived by this run (planned, in a dry run). */
  new: number;
  /** Listed events the archive already had. */
  alreadyArchived: number;
  /** Objects written (planned, in a dry run). */
  objects: number;
  /** Events whose object could not be written. */
  failed: number;
  bytesIn: number;
  bytesOut: number;
  /** Notifications delivered, counted per event and channel. */
  notified: number;
  /** Notifications still owed after this run (the next run sends them), per event and channel. */
  notifyFailed: number;
  /** New events per category (an event with two categories counts in both). */
  byCategory: Record<string, number>;
}

/** The window one target's DescribeEvents read. */
export interface EventWindowReport {
  region: string;
  /** ISO 8601. */
  from: string;
  to: string;
  /** The run asked for events older than RDS keeps (14 days): they could not be read. */
  truncated: boolean;
  /** Where the window would have started, when truncated. */
  requestedFrom?: string;
}

export interface EventReportItem {
  region: string;
  cluster?: string;
  /** The `{instance}` of its key: the instance, or the cluster for a cluster's or snapshot's events. */
  instance: string;
  sourceType: string;
  sourceIdentifier: string;
  /** The event's Date, ISO 8601. */
  date: string;
  categories: string[];
  message: string;
  /** The event's identity (SHA-256 of its six fields): also the `id` of its CloudEvent. */
  id: string;
  outcome: "archived" | "planned" | "failed";
  key: string;
  error?: ReportError;
}

export interface DeliveryReport {
  region: string;
  channel: "slack" | "webhook";
  /** Events delivered (or, in a dry run, that would be). */
  events: number;
  /** Messages posted. */
  messages: number;
  /** Events still owed on this channel after the run. */
  pending: number;
  /** Owed events dropped because RDS's 14 days have passed since they happened. */
  expired: number;
  error?: ReportError;
}

/** Event totals derived from the items and deliveries, so they can never disagree with them. */
export function summarizeEvents(
  items: readonly EventReportItem[],
  deliveries: readonly DeliveryReport[],
  counts: { listed: number; alreadyArchived: number; bytesIn: number; bytesOut: number },
): EventTotals {
  const counted = items.filter((i) => i.outcome !== "failed");
  const byCategory: Record<string, number> = {};
  for (const item of counted) for (const c of item.categories) byCategory[c] = (byCategory[c] ?? 0) + 1;
  return {
    listed: counts.listed,
    new: counted.length,
    alreadyArchived: counts.alreadyArchived,
    objects: new Set(counted.map((i) => i.key)).size,
    failed: items.length - counted.length,
    bytesIn: counts.bytesIn,
    bytesOut: counts.bytesOut,
    notified: deliveries.reduce((sum, d) => sum + d.events, 0),
    notifyFailed: deliveries.reduce((sum, d) => sum + d.pending, 0),
    byCategory,
  };
}

/** Totals derived from the items and gaps, so they can never disagree with them. */
export function summarizeRun(items: readonly ReportItem[], gaps: readonly ReportGap[]): RunTotals {
  const count = (outcome: ItemOutcome) => items.filter((i) => i.outcome === outcome).length;
  return {
    files: items.length,
    archived: count("archived"),
    skipped: count("skipped"),
    failed: count("failed"),
    gaps: gaps.length,
    bytesIn: items.reduce((sum, i) => sum + i.bytesIn, 0),
    bytesOut: items.reduce((sum, i) => sum + i.bytesOut, 0),
  };
}

/** A failure as the report holds it: the code, message and hint of an `ArchiverError`, or INTERNAL. */
export function toReportError(error: unknown): ReportError {
  if (isArchiverError(error)) {
    return {
      code: error.code,
      message: error.message,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
    };
  }
  return { code: "INTERNAL", message: (error as Error)?.message ?? String(error) };
}
