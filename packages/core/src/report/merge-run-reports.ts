/**
 * Merges the run reports of the shard jobs of one `plan --matrix` into the report of the whole
 * run, which the summary job renders and judges. The shards must not overlap: each instance
 * belongs to exactly one shard, so the same instance in two reports, or the same object archived
 * twice, means the matrix or the jobs were wrong, and is reported as an overlap.
 */
import { ArchiverError } from "../errors.js";
import {
  type EventsReport,
  type ReportTarget,
  type RunReport,
  summarizeEvents,
  summarizeRun,
} from "./run-report.js";

/** One report to merge, and what to call it in messages (its file name). */
export interface NamedRunReport {
  source: string;
  report: RunReport;
}

/** The same instance, or the same archived object key, in two reports. */
export interface ReportOverlap {
  kind: "instance" | "key";
  /** `region/instance` for an instance, the object key for a key. */
  name: string;
  /** The two reports it is in. */
  sources: [string, string];
  message: string;
}

/**
 * Counts the totals anew, concatenates targets, items and gaps (sorted like one run's report), takes the
 * earliest start and the latest finish, and finds overlaps. Throws REPORTS_INCOMPATIBLE when there
 * is nothing to merge, or when dry runs and real runs are mixed.
 */
export function mergeRunReports(reports: readonly NamedRunReport[]): {
  report: RunReport;
  overlaps: ReportOverlap[];
} {
  const first = reports[0];
  if (first === undefined) {
    throw new ArchiverError("REPORTS_INCOMPATIBLE", "there are no run reports to merge", {
      hint: "give the report files of the shard jobs",
    });
  }
  const dryRuns = reports.filter((r) => r.report.dryRun);
  if (dryRuns.length > 0 && dryRuns.length < reports.length) {
    throw new ArchiverError(
      "REPORTS_INCOMPATIBLE",
      `dry runs and real runs cannot be merged: ${dryRuns.map((r) => r.source).join(", ")} ${dryRuns.length === 1 ? "is a dry run" : "are dry runs"}, the others are not`,
      { hint: "merge the reports of one run of the workflow" },
    );
  }

  const targets: ReportTarget[] = [];
  const seenUnresolved = new Set<string>();
  for (const { report } of reports) {
    for (const target of report.targets) {
      // Every shard re-runs discovery, so a target that could not be resolved (a missing
      // cluster, say) is reported by each of them: keep one.
      if (!isInstanceWorkedOn(target)) {
        const same = JSON.stringify(target);
        if (seenUnresolved.has(same)) continue;
        seenUnresolved.add(same);
      }
      targets.push(target);
    }
  }

  const byInstance = (a: { instance: string }, b: { instance: string }) => compare(a.instance, b.instance);
  const items = reports
    .flatMap((r) => r.report.items)
    .sort((a, b) => byInstance(a, b) || compare(a.logFile, b.logFile));
  const gaps = reports.flatMap((r) => r.report.gaps).sort(byInstance);
  const events = mergeEvents(reports);
  return {
    report: {
      schemaVersion: 2,
      startedAt: pick(reports, "startedAt", (a, b) => a < b),
      finishedAt: pick(reports, "finishedAt", (a, b) => a > b),
      dryRun: first.report.dryRun,
      // Counted from the merged items, as one run counts them, never summed from shard totals.
      totals: summarizeRun(items, gaps),
      targets: targets.sort(byInstance),
      items,
      gaps,
      ...(events === undefined ? {} : { events }),
    },
    overlaps: [...findInstanceOverlaps(reports), ...findKeyOverlaps(reports)],
  };
}

/** The events sections concatenated and counted anew; undefined when no report has one. */
function mergeEvents(reports: readonly NamedRunReport[]): EventsReport | undefined {
  const sections = reports.flatMap((r) => (r.report.events === undefined ? [] : [r.report.events]));
  if (sections.length === 0) return undefined;
  const sum = (field: "listed" | "alreadyArchived" | "bytesIn" | "bytesOut") =>
    sections.reduce((total, s) => total + s.totals[field], 0);
  const items = sections
    .flatMap((s) => s.items)
    .sort((a, b) => compare(a.region, b.region) || compare(a.date, b.date) || compare(a.id, b.id));
  const deliveries = sections.flatMap((s) => s.deliveries);
  return {
    totals: summarizeEvents(items, deliveries, {
      listed: sum("listed"),
      alreadyArchived: sum("alreadyArchived"),
      bytesIn: sum("bytesIn"),
      bytesOut: sum("bytesOut"),
    }),
    windows: sections.flatMap((s) => s.windows),
    items,
    deliveries,
  };
}

/**
 * A target entry with an engine is an instance the run discovered and worked on (successfully or
 * not); one without is a cluster, instance or region that discovery could not resolve.
 */
const isInstanceWorkedOn = (target: ReportTarget) => target.engine !== "";

function findInstanceOverlaps(reports: readonly NamedRunReport[]): ReportOverlap[] {
  const owner = new Map<string, string>();
  const overlaps: ReportOverlap[] = [];
  for (const { source, report } of reports) {
    // An instance that two targets of one config select is worked on twice in that one run,
    // by design; only another report claiming it is an overlap.
    const names = new Set(report.targets.filter(isInstanceWorkedOn).map((t) => `${t.region}/${t.instance}`));
    for (const name of names) {
      const other = owner.get(name);
      if (other === undefined) owner.set(name, source);
      else
        overlaps.push({
          kind: "instance",
          name,
          sources: [other, source],
          message: `instance ${name} is in both ${other} and ${source}; each instance belongs to one shard`,
        });
    }
  }
  return overlaps;
}

function findKeyOverlaps(reports: readonly NamedRunReport[]): ReportOverlap[] {
  const owner = new Map<string, string>();
  const overlaps: ReportOverlap[] = [];
  for (const { source, report } of reports) {
    const keys = new Set(
      [...report.items, ...(report.events?.items ?? [])]
        .filter((i) => i.outcome === "archived" || i.outcome === "planned")
        .map((i) => i.key),
    );
    for (const key of keys) {
      const other = owner.get(key);
      if (other === undefined) owner.set(key, source);
      else
        overlaps.push({
          kind: "key",
          name: key,
          sources: [other, source],
          message: `${key} was ${report.dryRun ? "planned" : "archived"} by both ${other} and ${source}`,
        });
    }
  }
  return overlaps;
}

/** The instant in `field` that `better` prefers over all others, as it was written. */
function pick(
  reports: readonly NamedRunReport[],
  field: "startedAt" | "finishedAt",
  better: (a: number, b: number) => boolean,
): string {
  let best = (reports[0] as NamedRunReport).report[field];
  for (const { report } of reports)
    if (better(Date.parse(report[field]), Date.parse(best))) best = report[field];
  return best;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
