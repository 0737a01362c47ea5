import { type ProgressEvent, type ReportItem, type RunReport, renderBytes } from "@rds-log-archive/core";
import cliProgress from "cli-progress";
import { renderText } from "./render-summary.js";

/** Turns engine events into what the user sees while a run goes on. */
export interface ProgressView {
  onProgress(event: ProgressEvent): void;
  /** A line of its own (a verbose detail), printed above the bars on a terminal. */
  log(line: string): void;
  /**
   * Ends the display. With --verbose and the run's report, first lists the files no event told
   * of as they went (skipped before any transfer, or planned in a dry run), so every file has its line.
   */
  stop(report?: RunReport): void;
}

/**
 * On a terminal: one bar per instance with bytes and rate, in aligned columns, and above them a
 * line per failed file as it fails (and per file with --verbose). Elsewhere (CI logs): one line
 * per instance planned and per file archived or failed, and per skipped or planned file with
 * --verbose. With --quiet: nothing. Every name is printed with its control characters escaped.
 */
export function createProgressView(options: {
  stream: NodeJS.WriteStream;
  quiet: boolean;
  verbose: boolean;
}): ProgressView {
  if (options.quiet) return { onProgress: () => {}, log: () => {}, stop: () => {} };
  const view = options.stream.isTTY ? createBars(options.stream, options.verbose) : createLines(options);
  if (!options.verbose) return view;
  const told = new Set<ReportItem>();
  return {
    onProgress(event) {
      if (event.type === "file-done") told.add(event.item);
      view.onProgress(event);
    },
    log: (line) => view.log(line),
    stop(report) {
      view.stop();
      for (const item of report?.items ?? []) {
        const line = told.has(item) ? undefined : renderItemLine(item, true);
        if (line !== undefined) options.stream.write(`${line}\n`);
      }
    },
  };
}

function createLines(options: { stream: NodeJS.WriteStream; verbose: boolean }): ProgressView {
  const write = (line: string) => options.stream.write(`${line}\n`);
  return {
    onProgress(event) {
      if (event.type === "instance-planned") {
        if (event.files > 0 || options.verbose) write(renderPlanned(event));
      } else if (event.type === "file-done") {
        const line = renderItemLine(event.item, options.verbose);
        if (line !== undefined) write(line);
      }
    },
    log: write,
    stop: () => {},
  };
}

function renderPlanned(event: Extract<ProgressEvent, { type: "instance-planned" }>): string {
  const what = event.files === 0 ? "nothing to archive" : `${event.files} files to archive`;
  return `${renderText(event.instance)}: ${what} (${renderBytes(event.bytes)})`;
}

/** The line for a finished file: always for a failure or a loss, for the others as the view shows them. */
function renderItemLine(item: ReportItem, verbose: boolean): string | undefined {
  const alert = renderAlertLine(item);
  if (alert !== undefined) return alert;
  const name = `${renderText(item.instance)} ${renderText(item.logFile)}`;
  switch (item.outcome) {
    case "archived":
      return `archived ${name} ${renderBytes(item.bytesIn)} -> ${renderBytes(item.bytesOut)} ${renderText(item.key)}`;
    case "planned":
      return verbose ? `planned  ${name} ${renderBytes(item.size)} -> ${renderText(item.key)}` : undefined;
    default:
      return verbose ? `skipped  ${name} (${renderText(item.reason ?? "")})` : undefined;
  }
}

/**
 * The line a user must see whatever the view: a file that failed, or one lost while it was being
 * downloaded (a gap, which the summary lists again).
 */
function renderAlertLine(item: ReportItem): string | undefined {
  const name = `${renderText(item.instance)} ${renderText(item.logFile)}`;
  if (item.outcome === "failed") return `FAILED   ${name}: ${renderText(item.error?.message ?? "")}`;
  if (item.outcome === "skipped" && item.reason === "gone-during-download")
    return `GAP      ${name}: rotated away, replaced or deleted while it was being downloaded`;
  return undefined;
}

/** Sizes and rates fill this many columns, so the bars' fields stay aligned as numbers grow. */
const BYTES_WIDTH = 9;
const pad = (bytes: number) => renderBytes(bytes).padStart(BYTES_WIDTH);

function createBars(stream: NodeJS.WriteStream, verbose: boolean): ProgressView {
  const bars = new cliProgress.MultiBar(
    {
      stream,
      format: " {instance} [{bar}] {percentage}% | {done}/{size} | {rate}/s",
      hideCursor: true,
      clearOnComplete: false,
      autopadding: true,
    },
    cliProgress.Presets.shades_classic,
  );
  interface Entry {
    bar: cliProgress.SingleBar;
    name: string;
    done: number;
    started: number;
  }
  const byInstance = new Map<string, Entry>();
  // Every bar's name is padded to the longest so far; a longer one re-pads those already shown.
  let width = 0;
  const payload = (entry: Entry) => ({ instance: entry.name.padEnd(width) });
  return {
    onProgress(event) {
      if (event.type === "instance-planned" && event.files > 0) {
        const name = renderText(event.instance);
        if (name.length > width) {
          width = name.length;
          for (const other of byInstance.values()) other.bar.update(payload(other));
        }
        const bar = bars.create(event.bytes, 0, {
          instance: name.padEnd(width),
          done: pad(0),
          size: pad(event.bytes),
          rate: pad(0),
        });
        byInstance.set(event.instance, { bar, name, done: 0, started: performance.now() });
      } else if (event.type === "instance-planned" && verbose) {
        bars.log(`${renderPlanned(event)}\n`);
      } else if (event.type === "bytes") {
        const entry = byInstance.get(event.instance);
        if (!entry) return;
        entry.done += event.bytes;
        const seconds = Math.max(0.001, (performance.now() - entry.started) / 1000);
        entry.bar.update(entry.done, {
          done: pad(entry.done),
          rate: pad(Math.round(entry.done / seconds)),
        });
      } else if (event.type === "file-done") {
        // Failures and losses as they happen, not only in the summary; with --verbose, every file.
        const line = verbose ? renderItemLine(event.item, true) : renderAlertLine(event.item);
        if (line !== undefined) bars.log(`${line}\n`);
      }
    },
    log: (line) => bars.log(`${line}\n`),
    stop: () => bars.stop(),
  };
}
