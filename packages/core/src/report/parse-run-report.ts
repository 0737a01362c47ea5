import { z } from "zod";
import { ArchiverError } from "../errors.js";
import type { RunReport } from "./run-report.js";

/** The run report versions this build reads: every one it ever wrote. */
const KNOWN_VERSIONS = [1, 2];

const count = z.number().int().nonnegative();
const instant = z.iso.datetime({ offset: true });
const reportError = z.object({ code: z.string(), message: z.string(), hint: z.string().exactOptional() });

const eventsSchema = z.object({
  totals: z.object({
    listed: count,
    new: count,
    alreadyArchived: count,
    objects: count,
    failed: count,
    bytesIn: count,
    bytesOut: count,
    notified: count,
    notifyFailed: count,
    byCategory: z.record(z.string(), count),
  }),
  windows: z.array(
    z.object({
      region: z.string(),
      from: instant,
      to: instant,
      truncated: z.boolean(),
      requestedFrom: instant.exactOptional(),
    }),
  ),
  items: z.array(
    z.object({
      region: z.string(),
      cluster: z.string().exactOptional(),
      instance: z.string(),
      sourceType: z.string(),
      sourceIdentifier: z.string(),
      date: instant,
      categories: z.array(z.string()),
      message: z.string(),
      id: z.string(),
      outcome: z.enum(["archived", "planned", "failed"]),
      key: z.string(),
      error: reportError.exactOptional(),
    }),
  ),
  deliveries: z.array(
    z.object({
      region: z.string(),
      channel: z.enum(["slack", "webhook"]),
      events: count,
      messages: count,
      pending: count,
      expired: count,
      error: reportError.exactOptional(),
    }),
  ),
});

// The shape of RunReport (run-report.ts), checked field by field so that a merge never sums a
// string or concatenates something that is not a list of items. Version 1 is version 2 without
// `events`; it is read as version 2.
const runReportSchema = z.object({
  schemaVersion: z.union([z.literal(1), z.literal(2)]).transform(() => 2 as const),
  startedAt: instant,
  finishedAt: instant,
  dryRun: z.boolean(),
  totals: z.object({
    files: count,
    archived: count,
    skipped: count,
    failed: count,
    gaps: count,
    bytesIn: count,
    bytesOut: count,
  }),
  targets: z.array(
    z.object({
      region: z.string(),
      cluster: z.string().exactOptional(),
      instance: z.string(),
      engine: z.string(),
      error: reportError.exactOptional(),
    }),
  ),
  items: z.array(
    z.object({
      instance: z.string(),
      cluster: z.string().exactOptional(),
      logFile: z.string(),
      size: count,
      lastWritten: instant,
      outcome: z.enum(["archived", "skipped", "failed", "planned"]),
      reason: z.string().exactOptional(),
      key: z.string(),
      bytesIn: count,
      bytesOut: count,
      sha256: z.string(),
      durationMs: z.number().nonnegative(),
      error: reportError.exactOptional(),
    }),
  ),
  gaps: z.array(
    z.object({
      instance: z.string(),
      logFile: z.string().exactOptional(),
      from: z.string().exactOptional(),
      to: z.string().exactOptional(),
      reason: z.string(),
    }),
  ),
  events: eventsSchema.exactOptional(),
});

/**
 * Reads one run report (what `--report FILE` wrote) from its text. `source` names it in errors,
 * which say what is wrong and where: not JSON, a schema version this build does not know, or a
 * field that does not fit the format.
 */
export function parseRunReport(text: string, source: string): RunReport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ArchiverError("REPORT_INVALID", `${source} is not JSON: ${(error as Error).message}`, {
      cause: error,
      hint: "give a run report as a run wrote it (sync --report or events --report, or the action's report-path)",
    });
  }
  const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version !== "number") {
    throw new ArchiverError("REPORT_INVALID", `${source} is not a run report: it has no schemaVersion`, {
      hint: "give a run report as a run wrote it (sync --report or events --report, or the action's report-path)",
    });
  }
  if (!KNOWN_VERSIONS.includes(version)) {
    throw new ArchiverError(
      "REPORT_INVALID",
      `${source} is a run report of schemaVersion ${version}; this rds-log-archive reads versions ${KNOWN_VERSIONS.join(", ")}`,
      { hint: "merge it with the rds-log-archive version that wrote it" },
    );
  }
  const parsed = runReportSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((issue) => {
      const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
      return `${path.replace(/^\./, "") || "(top level)"}: ${issue.message}`;
    });
    const more =
      parsed.error.issues.length > problems.length
        ? ` (and ${parsed.error.issues.length - problems.length} more)`
        : "";
    throw new ArchiverError(
      "REPORT_INVALID",
      `${source} is not a valid run report: ${problems.join("; ")}${more}`,
      {
        hint: "give a run report as a run wrote it (sync --report or events --report, or the action's report-path), unchanged",
      },
    );
  }
  return parsed.data;
}
