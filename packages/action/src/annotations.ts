/**
 * The annotations of the action: failed files, failed targets and gaps, marked on the run so they
 * show without opening the summary. GitHub shows at most 10 error and 10 warning annotations per
 * step and drops the rest silently, so past that the last one of each level says how many more
 * there are, which makes the cut visible.
 */
import type { ReportError, RunReport } from "@rds-log-archive/core";
import { clip } from "./summary/render-cell.js";
import { isClusterLookup } from "./summary/render-rows.js";

export interface Annotation {
  level: "error" | "warning";
  title: string;
  message: string;
}

export interface AnnotationOptions {
  /** Gaps are errors when the run fails on them (the input `fail-on-gap`), warnings otherwise. */
  failOnGap: boolean;
  /**
   * How many of each level to give, {@link MAX_ANNOTATIONS_PER_LEVEL} by default. One less leaves
   * room for the error annotation that `core.setFailed` adds.
   */
  maxPerLevel?: number;
}

/** GitHub's limit, per level and per step. */
export const MAX_ANNOTATIONS_PER_LEVEL = 10;

// Annotations are plain text, escaped by @actions/core; only their length needs a bound.
const MAX_TITLE_CHARS = 200;
const MAX_MESSAGE_CHARS = 2000;

/** Target errors first (each stops a whole instance), then failed files, then gaps. */
export function renderAnnotations(report: RunReport, options: AnnotationOptions): Annotation[] {
  const all: Annotation[] = [];
  for (const target of report.targets) {
    if (!target.error) continue;
    const what = isClusterLookup(target) ? `cluster ${target.cluster}` : `instance ${target.instance}`;
    all.push(
      annotation("error", `Could not archive ${what} in ${target.region}`, renderErrorText(target.error)),
    );
  }
  for (const item of report.items) {
    if (item.outcome !== "failed") continue;
    all.push(
      annotation(
        "error",
        `Could not archive ${item.instance} ${item.logFile}`,
        item.error ? renderErrorText(item.error) : "no error was recorded; the next run tries again",
      ),
    );
  }
  all.push(...renderEventAnnotations(report), ...renderActivityAnnotations(report));
  const gapLevel = options.failOnGap ? "error" : "warning";
  for (const gap of report.gaps) {
    const span =
      gap.from !== undefined || gap.to !== undefined ? ` (${gap.from ?? "…"} to ${gap.to ?? "…"})` : "";
    all.push(
      annotation(
        gapLevel,
        `Gap in the archive of ${gap.instance}${gap.logFile === undefined ? "" : ` ${gap.logFile}`}`,
        `${gap.reason}${span}`,
      ),
    );
  }
  const max = Math.max(1, options.maxPerLevel ?? MAX_ANNOTATIONS_PER_LEVEL);
  return [...capLevel(all, "error", max), ...capLevel(all, "warning", max)];
}

/** An events run's failed objects and channels (errors), and windows RDS's 14 days cut short (warnings). */
function renderEventAnnotations(report: RunReport): Annotation[] {
  const events = report.events;
  if (events === undefined) return [];
  const all: Annotation[] = [];
  const failedKeys = new Map<string, { count: number; error?: ReportError }>();
  for (const item of events.items) {
    if (item.outcome !== "failed") continue;
    const entry = failedKeys.get(item.key) ?? { count: 0, ...(item.error ? { error: item.error } : {}) };
    entry.count++;
    failedKeys.set(item.key, entry);
  }
  for (const [key, { count, error }] of failedKeys) {
    all.push(
      annotation(
        "error",
        `Could not archive ${count} RDS event(s) in ${key}`,
        error ? renderErrorText(error) : "no error was recorded; the next run tries again",
      ),
    );
  }
  for (const delivery of events.deliveries) {
    if (!delivery.error) continue;
    const channel = delivery.channel === "slack" ? "Slack" : "the webhook";
    all.push(
      annotation(
        "error",
        `Could not notify ${channel} of ${delivery.pending} RDS event(s) in ${delivery.region}`,
        renderErrorText(delivery.error),
      ),
    );
  }
  for (const window of events.windows) {
    if (!window.truncated) continue;
    all.push(
      annotation(
        "warning",
        `RDS events window truncated in ${window.region}`,
        `Asked for events from ${window.requestedFrom ?? "earlier"}, but RDS keeps them for 14 days: read from ${window.from}.`,
      ),
    );
  }
  return all;
}

/** An activity-stream run's failed streams and shards (errors); the next run goes on from their checkpoints. */
function renderActivityAnnotations(report: RunReport): Annotation[] {
  const all: Annotation[] = [];
  for (const stream of report.activity?.streams ?? []) {
    const owner = `${stream.cluster === undefined ? "instance" : "cluster"} ${stream.instance}`;
    if (stream.error)
      all.push(
        annotation(
          "error",
          `Could not read the activity stream of ${owner} in ${stream.region}`,
          renderErrorText(stream.error),
        ),
      );
    for (const shard of stream.shards) {
      if (!shard.error) continue;
      all.push(
        annotation(
          "error",
          `Could not archive ${shard.shardId} of the activity stream of ${owner} in ${stream.region}`,
          renderErrorText(shard.error),
        ),
      );
    }
  }
  return all;
}

function capLevel(all: readonly Annotation[], level: Annotation["level"], max: number): Annotation[] {
  const ofLevel = all.filter((a) => a.level === level);
  if (ofLevel.length <= max) return ofLevel;
  const kept = ofLevel.slice(0, max - 1);
  const more = ofLevel.length - kept.length;
  return [
    ...kept,
    {
      level,
      title: `${more} more ${level === "error" ? "errors" : "warnings"} from rds-log-archive`,
      message: `GitHub shows ${MAX_ANNOTATIONS_PER_LEVEL} ${level} annotations per step. The job summary lists the rest, and the run report (the report-path output) has every one.`,
    },
  ];
}

function renderErrorText(error: ReportError): string {
  return `${error.code}: ${error.message}\n${error.hint ? `hint: ${error.hint}` : "the next run tries again"}`;
}

function annotation(level: Annotation["level"], title: string, message: string): Annotation {
  return {
    level,
    // A title is one line in GitHub's list of annotations.
    title: clip(title.replace(/\s+/g, " "), MAX_TITLE_CHARS),
    message: clip(message, MAX_MESSAGE_CHARS),
  };
}
