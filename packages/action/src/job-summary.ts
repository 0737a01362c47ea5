/**
 * The job summary of the action: what a person reads on the run's page. It is rendered from the
 * run report alone (one run's, or one merged from the shards of a matrix), as GFM with a little
 * HTML, and kept under GitHub's 1 MiB step-summary limit by leaving out whole rows of the longest
 * sections, with a note at the end that says what was left out and where the full lists are.
 */
import { type RunReport, renderBytes } from "@rds-log-archive/core";
import {
  activityFailureColumns,
  activityGapColumns,
  renderActivityFailureRows,
  renderActivityTotals,
  renderActivityVerdict,
  renderStreamRows,
  streamColumns,
} from "./summary/render-activity.js";
import { renderCell } from "./summary/render-cell.js";
import {
  eventColumns,
  renderEventFailureRows,
  renderEventRows,
  renderEventsTotals,
  renderEventsVerdict,
} from "./summary/render-events.js";
import {
  failureColumns,
  gapColumns,
  instanceColumns,
  orHint,
  renderFailureRows,
  renderGapRows,
  renderInstanceRows,
  renderQuantity,
  renderRow,
  renderTableHead,
} from "./summary/render-rows.js";
import { renderRunLink } from "./summary/render-run-link.js";
import {
  renderCount,
  renderDecimalGb,
  renderDuration,
  renderPrice,
  renderUsd,
  renderUtc,
} from "./summary/render-values.js";
import { selectRowsThatFit } from "./summary/select-rows-that-fit.js";
import { summarizeInstances } from "./summary/summarize-instances.js";

export interface JobSummaryOptions {
  /** USD per GB of CloudWatch Logs ingestion: the input `cloudwatch-price-per-gb`. */
  cloudwatchPricePerGb: number;
  /** Most UTF-8 bytes the summary may take; by default just under GitHub's 1 MiB per step. */
  maxBytes?: number;
  /** The top heading; by default "RDS log archive". */
  title?: string;
  /** Whether gaps fail the run (the input `fail-on-gap`); when they do not, gaps alone are a warning. Default true. */
  failOnGap?: boolean;
  /** The GitHub Actions run's page, linked under the verdict. */
  runUrl?: string;
}

/** GitHub drops a step summary over 1 MiB; 16 KiB stay free for anything else the step adds. */
export const DEFAULT_MAX_SUMMARY_BYTES = 1024 * 1024 - 16 * 1024;

// Past this many rows the per-instance table starts folded, so failures and gaps stay in view.
const FOLD_INSTANCES_OVER = 20;
// Past this many failures, a count per error code comes first: the table may be too long to read.
const COUNT_CODES_OVER = 10;
const MAX_LISTED_CODES = 10;

interface LongSection {
  /** What a row is, for the note: [one, many]. */
  noun: [string, string];
  rows: string[];
  render(shown: number): string;
}

/** The job summary markdown for `report`, at most `maxBytes` UTF-8 bytes long. */
export function renderJobSummary(report: RunReport, options: JobSummaryOptions): string {
  const price = options.cloudwatchPricePerGb;
  if (!Number.isFinite(price) || price < 0) {
    throw new RangeError(`cloudwatchPricePerGb must be a price of 0 or more, got ${price}`);
  }
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_SUMMARY_BYTES;
  const instances = summarizeInstances(report);
  const { events, activity } = report;
  const failOnGap = options.failOnGap ?? true;
  const defaultTitle = events
    ? "RDS events archive"
    : activity
      ? "RDS activity stream archive"
      : "RDS log archive";
  const top = [
    `## ${renderCell(options.title ?? defaultTitle)}\n\n`,
    events
      ? renderEventsVerdict(report, events, failOnGap)
      : activity
        ? renderActivityVerdict(report, activity, failOnGap)
        : renderVerdict(report, failOnGap),
    renderRunLine(options.runUrl),
    // An activity stream belongs to a cluster (Aurora) or an instance; the targets name each once.
    activity
      ? renderWindow(report, report.targets.length, ["database", "databases"])
      : renderWindow(report, instances.length, ["instance", "instances"]),
    events
      ? renderEventsTotals(report, events)
      : activity
        ? renderActivityTotals(report, activity)
        : `${renderTotals(report)}${renderCost(report, price)}`,
  ].join("");

  const failureRows = activity
    ? renderActivityFailureRows(report, activity)
    : [...renderFailureRows(report), ...(events ? renderEventFailureRows(events, orHint) : [])];
  const failureHead = renderTableHead(activity ? activityFailureColumns : failureColumns);
  const gapRows = renderGapRows(report);
  const gapHead = renderTableHead(activity ? activityGapColumns : gapColumns);
  const instanceRows = renderInstanceRows(instances, report.dryRun);
  const eventRows = events ? renderEventRows(events) : [];
  const eventSection: LongSection = {
    noun: ["event row", "event rows"],
    rows: eventRows,
    render: (shown) =>
      eventRows.length === 0
        ? ""
        : `${heading(report.dryRun ? "Events that would be archived" : "New events", eventRows.length, shown)}${table(renderTableHead(eventColumns), eventRows, shown)}`,
  };
  const sections: LongSection[] = [
    {
      noun: ["failure", "failures"],
      rows: failureRows,
      render: (shown) =>
        failureRows.length === 0
          ? ""
          : `${heading("Failures", failureRows.length, shown)}Each is tried again by the next run. The last column says what to fix.\n\n${
              failureRows.length > COUNT_CODES_OVER ? renderErrorCounts(report) : ""
            }${table(failureHead, failureRows, shown)}`,
    },
    {
      noun: ["gap", "gaps"],
      rows: gapRows,
      render: (shown) =>
        gapRows.length === 0
          ? ""
          : `${heading("Gaps", gapRows.length, shown)}${activity ? "Activity records the stream no longer holds and the archive never got." : "Log data that RDS no longer holds and the archive never got."}\n\n${table(gapHead, gapRows, shown)}`,
    },
    {
      noun: ["instance row", "instance rows"],
      rows: instanceRows,
      render: (shown) => {
        if (instanceRows.length === 0)
          return `${heading("Instances", 0, 0)}No instance matched the targets.\n\n`;
        const body = table(renderTableHead(instanceColumns(report.dryRun)), instanceRows, shown);
        return `${heading("Instances", instanceRows.length, shown)}${
          instanceRows.length > FOLD_INSTANCES_OVER && shown > 0
            ? `<details><summary>${shown < instanceRows.length ? `Show the first ${renderCount(shown)} of ${renderCount(instanceRows.length)} instances` : `Show all ${renderCount(shown)} instances`}</summary>\n\n${body}</details>\n\n`
            : body
        }`;
      },
    },
  ];
  // An events run works on the same instances, but archives no files of theirs.
  if (events) sections.splice(2, 1, eventSection);
  if (activity) {
    const streamRows = renderStreamRows(activity);
    sections.splice(2, 1, {
      noun: ["stream row", "stream rows"],
      rows: streamRows,
      render: (shown) =>
        streamRows.length === 0
          ? `${heading("Streams", 0, 0)}No activity stream was read.\n\n`
          : `${heading("Streams", streamRows.length, shown)}${table(renderTableHead(streamColumns), streamRows, shown)}`,
    });
  }

  const compose = (shown: readonly number[]) =>
    `${(top + sections.map((s, i) => s.render(shown[i] ?? 0)).join("") + renderNote(sections, shown)).trimEnd()}\n`;
  const everything = compose(sections.map((s) => s.rows.length));
  if (utf8Bytes(everything) <= maxBytes) return everything;

  // Fit the rows in what the rest leaves, then correct for the table heads and digits the first
  // estimate could not know, until it fits; with no rows left, the rest alone must fit.
  const rowBytes = sections.map((s) => s.rows.map(utf8Bytes));
  let budget = maxBytes - utf8Bytes(compose(sections.map(() => 0)));
  for (;;) {
    const text = compose(selectRowsThatFit(rowBytes, budget));
    const over = utf8Bytes(text) - maxBytes;
    if (over <= 0) return text;
    if (budget <= 0) {
      throw new RangeError(`maxBytes ${maxBytes} is too small even for the summary without its tables`);
    }
    budget -= over;
  }
}

function renderVerdict(report: RunReport, failOnGap: boolean): string {
  const { totals } = report;
  const targetErrors = report.targets.filter((t) => t.error).length;
  const problems = [
    totals.failed > 0 ? renderQuantity(totals.failed, "file failed", "files failed") : "",
    targetErrors > 0 ? renderQuantity(targetErrors, "target failed", "targets failed") : "",
    totals.gaps > 0 ? renderQuantity(totals.gaps, "gap", "gaps") : "",
  ].filter((p) => p !== "");
  if (report.dryRun) {
    const planned = report.items.filter((i) => i.outcome === "planned");
    const bytes = renderBytes(planned.reduce((sum, i) => sum + i.size, 0));
    return `**Dry run:** ${renderQuantity(planned.length, "file", "files")} would be archived (${bytes})${problems.map((p) => `, ${p}`).join("")}; nothing was written.\n\n`;
  }
  if (problems.length > 0) {
    const next =
      totals.failed + targetErrors > 0
        ? "The next run tries the failures again; see below for what to fix."
        : "RDS no longer holds that log data; see below.";
    const failing = totals.failed + targetErrors > 0 || failOnGap;
    return `${failing ? "❌" : "⚠️"} **${problems.join(", ")}.** ${next}\n\n`;
  }
  if (totals.archived > 0) {
    return `✅ **All archived:** ${renderQuantity(totals.archived, "file", "files")}, ${renderBytes(totals.bytesIn)} read, ${renderBytes(totals.bytesOut)} written.\n\n`;
  }
  return totals.files > 0
    ? `✅ **Nothing new to archive:** ${renderQuantity(totals.skipped, "file", "files")} skipped.\n\n`
    : "✅ **Nothing to archive:** no log files were listed.\n\n";
}

function renderRunLine(runUrl: string | undefined): string {
  const link = renderRunLink(runUrl, "This run");
  return link === undefined ? "" : `${link} on GitHub Actions.\n\n`;
}

function renderWindow(report: RunReport, count: number, noun: [string, string]): string {
  const started = renderUtc(report.startedAt);
  const finished = renderUtc(report.finishedAt);
  const regions = new Set(report.targets.map((t) => t.region)).size;
  const where = `${renderQuantity(count, ...noun)} in ${renderQuantity(regions, "region", "regions")}`;
  if (started === undefined || finished === undefined) {
    return `Ran ${renderCell(report.startedAt)} → ${renderCell(report.finishedAt)}, ${where}.\n\n`;
  }
  // On one day, the finish needs only its time of day.
  const end = started.slice(0, 10) === finished.slice(0, 10) ? finished.slice(11) : finished;
  const took = renderDuration(Date.parse(report.finishedAt) - Date.parse(report.startedAt));
  return `Ran ${started.replace(" UTC", "")} → ${end} (${took}), ${where}.\n\n`;
}

function renderTotals(report: RunReport): string {
  const { totals, dryRun } = report;
  const planned = report.items.filter((i) => i.outcome === "planned").length;
  const ratio = totals.bytesOut > 0 ? `${(totals.bytesIn / totals.bytesOut).toFixed(1)}×` : "—";
  const columns = [
    { name: "Files", numeric: true },
    { name: dryRun ? "Planned" : "Archived", numeric: true },
    { name: "Skipped", numeric: true },
    { name: "Failed", numeric: true },
    { name: "Gaps", numeric: true },
    { name: "Bytes in", numeric: true },
    { name: "Bytes out", numeric: true },
    { name: "Compression", numeric: true },
  ];
  const row = renderRow([
    renderCount(totals.files),
    renderCount(dryRun ? planned : totals.archived),
    renderCount(totals.skipped),
    renderCount(totals.failed),
    renderCount(totals.gaps),
    renderBytes(totals.bytesIn),
    renderBytes(totals.bytesOut),
    ratio,
  ]);
  return `### Totals\n\n${renderTableHead(columns)}${row}\n${renderSkipReasons(report)}`;
}

function renderSkipReasons(report: RunReport): string {
  const reasons = new Map<string, number>();
  for (const item of report.items) {
    if (item.outcome === "skipped") {
      const reason = item.reason ? item.reason.replace(/-/g, " ") : "no reason given";
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
  }
  if (reasons.size === 0) return "";
  const listed = [...reasons]
    .sort(([a, m], [b, n]) => n - m || (a < b ? -1 : a > b ? 1 : 0))
    .map(([reason, n]) => `${renderCount(n)} ${renderCell(reason, 80)}`);
  return `Skipped: ${listed.join(", ")}.\n\n`;
}

/** bytesIn is what was read from RDS, uncompressed: what CloudWatch Logs would have ingested. */
function renderCost(report: RunReport, price: number): string {
  const rate = `at ${renderPrice(price)}/GB, the input \`cloudwatch-price-per-gb\``;
  const unit = "decimal GB of 10⁹ bytes, as AWS bills";
  const head = "### CloudWatch Logs cost avoided\n\n";
  if (report.dryRun) {
    const bytes = report.items.filter((i) => i.outcome === "planned").reduce((sum, i) => sum + i.size, 0);
    return `${head}Archiving the planned ${renderDecimalGb(bytes)} (${unit}) would avoid ${renderAmount((bytes / 1e9) * price, false)} ${rate}: what ingesting the same bytes into CloudWatch Logs would cost, before storage.\n\n`;
  }
  const bytes = report.totals.bytesIn;
  return `${head}${renderAmount((bytes / 1e9) * price, true)}: this run read ${renderDecimalGb(bytes)} (${unit}) from RDS, ${rate}. That is what shipping the same bytes to CloudWatch Logs would have cost to ingest, before storage.\n\n`;
}

/** `about **$0.62**`, or `**less than $0.01**` when it rounds to no cents. */
function renderAmount(usd: number, sentenceStart: boolean): string {
  const text = renderUsd(usd);
  if (text.startsWith("$") && usd > 0) return `${sentenceStart ? "About" : "about"} **${text}**`;
  return `**${sentenceStart ? `${text.charAt(0).toUpperCase()}${text.slice(1)}` : text}**`;
}

/** `By error: 9,000 DOWNLOAD_FAILED, 1,000 THROTTLED.`: what a long failure table is mostly about. */
function renderErrorCounts(report: RunReport): string {
  const counts = new Map<string, number>();
  const add = (code: string) => counts.set(code, (counts.get(code) ?? 0) + 1);
  for (const target of report.targets) if (target.error) add(target.error.code);
  for (const item of report.items)
    if (item.outcome === "failed") add(item.error?.code ?? "no error recorded");
  for (const stream of report.activity?.streams ?? []) {
    if (stream.error) add(stream.error.code);
    for (const shard of stream.shards) if (shard.error) add(shard.error.code);
  }
  const listed = [...counts]
    .sort(([a, m], [b, n]) => n - m || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, MAX_LISTED_CODES)
    .map(([code, n]) => `${renderCount(n)} <code>${renderCell(code, 80)}</code>`);
  const more = counts.size - listed.length;
  return `By error: ${listed.join(", ")}${more > 0 ? `, and ${renderQuantity(more, "other code", "other codes")}` : ""}.\n\n`;
}

function heading(name: string, total: number, shown: number): string {
  const count =
    shown < total ? `${renderCount(total)}; the first ${renderCount(shown)} shown` : renderCount(total);
  return `### ${name} (${count})\n\n`;
}

function table(head: string, rows: readonly string[], shown: number): string {
  return shown === 0 ? "" : `${head}${rows.slice(0, shown).join("")}\n`;
}

function renderNote(sections: readonly LongSection[], shown: readonly number[]): string {
  const left = sections
    .map((s, i) => ({ s, n: s.rows.length - (shown[i] ?? 0) }))
    .filter(({ n }) => n > 0)
    .map(({ s, n }) => `${renderCount(n)} of ${renderQuantity(s.rows.length, ...s.noun)}`);
  if (left.length === 0) return "";
  const list = left.length === 1 ? left[0] : `${left.slice(0, -1).join(", ")} and ${left.at(-1)}`;
  return `---\n\n**Shortened** to stay under GitHub's 1 MiB step-summary limit: ${list} left out. The full lists are in the run report: the file at the action's \`report-path\` output, or the report artifact of the run.\n`;
}

const utf8Bytes = (text: string) => Buffer.byteLength(text, "utf8");
