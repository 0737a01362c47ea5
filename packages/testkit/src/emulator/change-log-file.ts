/**
 * The file changes fault knobs make as a download starts: a file that grew, a numbered series
 * that rotated (`.1` → `.2`, a new `.1`), a file replaced in place. Each is made in the store's
 * memory (never in the fleet folder), so the listing that follows shows it too.
 */
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type { FileChange } from "./faults.js";
import { createGeneratedLogStream } from "./generated-log.js";
import type { LogFileEntry, LogStore } from "./log-store.js";

/** Makes `change` to `name` on `instanceId`; `now` is the emulator's data clock in epoch ms. */
export async function changeLogFile(
  store: LogStore,
  instanceId: string,
  name: string,
  change: FileChange,
  now: number,
): Promise<void> {
  const entries = await store.list(instanceId);
  const current = entries.find((entry) => entry.name === name);
  if (!current) return;
  const later = Math.max(now, current.lastWritten + 1000);
  if (change.kind === "grow") {
    store.override(instanceId, name, grownEntry(current, change.bytes, later));
  } else if (change.kind === "replace") {
    const size = change.size ?? current.size;
    store.override(instanceId, name, generatedEntry(name, size, later, seedOf(`replace:${name}:${size}`)));
  } else {
    rotateSeries(store, instanceId, entries, current, change.newSize, now);
  }
}

/**
 * `BASE.N` → `BASE.N+1` for every N, highest first; then the active `BASE` becomes `BASE.1` and
 * restarts empty, as MariaDB's server_audit rotates. With `newSize`, or without an active file,
 * the new `.1` is generated text instead.
 */
function rotateSeries(
  store: LogStore,
  instanceId: string,
  entries: readonly LogFileEntry[],
  first: LogFileEntry,
  newSize: number | undefined,
  now: number,
): void {
  const match = /^(.*)\.(\d+)$/.exec(first.name);
  if (!match) throw new Error(`rotateOnDownload needs a numbered file name (BASE.N), got ${first.name}`);
  const base = match[1] as string;
  const numbered = entries
    .map((entry) => ({ entry, n: numberIn(base, entry.name) }))
    .filter((item): item is { entry: LogFileEntry; n: number } => item.n !== undefined)
    .sort((a, b) => b.n - a.n);
  for (const { entry, n } of numbered) store.override(instanceId, `${base}.${n + 1}`, entry);
  const active = entries.find((entry) => entry.name === base);
  if (active && newSize === undefined) {
    store.override(instanceId, `${base}.1`, active);
    store.override(instanceId, base, generatedEntry(base, 0, now, 0));
  } else {
    const size = newSize ?? first.size;
    store.override(
      instanceId,
      `${base}.1`,
      generatedEntry(`${base}.1`, size, now, seedOf(`rotate:${base}:${now}`)),
    );
  }
}

function numberIn(base: string, name: string): number | undefined {
  if (!name.startsWith(`${base}.`)) return undefined;
  const suffix = name.slice(base.length + 1);
  return /^\d+$/.test(suffix) ? Number(suffix) : undefined;
}

function generatedEntry(name: string, size: number, lastWritten: number, seed: number): LogFileEntry {
  return {
    name,
    size,
    lastWritten,
    open: (start = 0, end = size) => createGeneratedLogStream(seed, size, start, end),
  };
}

/** The listed bytes, then `bytes` of generated log lines after them. */
function grownEntry(old: LogFileEntry, bytes: number, lastWritten: number): LogFileEntry {
  const size = old.size + bytes;
  const seed = seedOf(`grow:${old.name}:${old.size}`);
  return {
    name: old.name,
    size,
    lastWritten,
    open: (start = 0, end = size) => {
      const parts: (() => Readable)[] = [];
      if (start < old.size) parts.push(() => old.open(start, Math.min(end, old.size)));
      if (end > old.size) {
        parts.push(() =>
          createGeneratedLogStream(seed, bytes, Math.max(0, start - old.size), end - old.size),
        );
      }
      return concatenate(parts);
    },
  };
}

/** One stream of several, opened one after the other, so only one is ever open. */
function concatenate(parts: readonly (() => Readable)[]): Readable {
  return Readable.from(
    (async function* () {
      for (const open of parts) {
        const part = open();
        try {
          yield* part;
        } finally {
          part.destroy();
        }
      }
    })(),
    { objectMode: false },
  );
}

const seedOf = (text: string) => createHash("sha256").update(text).digest().readUInt32BE(0);
