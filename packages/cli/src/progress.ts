import { type ProgressEvent, renderBytes } from "@rds-log-archive/core";
import cliProgress from "cli-progress";

/** Turns engine events into what the user sees while a run goes on. */
export interface ProgressView {
  onProgress(event: ProgressEvent): void;
  stop(): void;
}

/**
 * On a terminal: one bar per instance with bytes and rate. Elsewhere (CI logs): one line per file
 * archived or failed, and per skipped file with --verbose. With --quiet: nothing.
 */
export function createProgressView(options: {
  stream: NodeJS.WriteStream;
  quiet: boolean;
  verbose: boolean;
}): ProgressView {
  if (options.quiet) return { onProgress: () => {}, stop: () => {} };
  if (options.stream.isTTY) return createBars(options.stream);
  const write = (line: string) => options.stream.write(`${line}\n`);
  return {
    onProgress(event) {
      if (event.type === "instance-planned" && event.files > 0) {
        write(`${event.instance}: ${event.files} files to archive (${renderBytes(event.bytes)})`);
      } else if (event.type === "file-done") {
        const { item } = event;
        if (item.outcome === "archived") {
          write(
            `archived ${item.instance} ${item.logFile} ${renderBytes(item.bytesIn)} -> ${renderBytes(item.bytesOut)} ${item.key}`,
          );
        } else if (item.outcome === "failed") {
          write(`FAILED   ${item.instance} ${item.logFile}: ${item.error?.message ?? ""}`);
        } else if (options.verbose) {
          write(`skipped  ${item.instance} ${item.logFile} (${item.reason ?? ""})`);
        }
      }
    },
    stop: () => {},
  };
}

function createBars(stream: NodeJS.WriteStream): ProgressView {
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
  const byInstance = new Map<string, { bar: cliProgress.SingleBar; done: number; started: number }>();
  return {
    onProgress(event) {
      if (event.type === "instance-planned" && event.files > 0) {
        const bar = bars.create(event.bytes, 0, {
          instance: event.instance,
          done: "0 B",
          size: renderBytes(event.bytes),
          rate: "0 B",
        });
        byInstance.set(event.instance, { bar, done: 0, started: performance.now() });
      } else if (event.type === "bytes") {
        const entry = byInstance.get(event.instance);
        if (!entry) return;
        entry.done += event.bytes;
        const seconds = Math.max(0.001, (performance.now() - entry.started) / 1000);
        entry.bar.update(entry.done, {
          done: renderBytes(entry.done),
          rate: renderBytes(Math.round(entry.done / seconds)),
        });
      }
    },
    stop: () => bars.stop(),
  };
}
