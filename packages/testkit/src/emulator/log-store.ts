import { createReadStream } from "node:fs";
import { lstat, readdir } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import type { FleetSpec } from "./fleet.js";
import { createGeneratedLogStream } from "./generated-log.js";

/** One log file as DescribeDBLogFiles lists it, plus a way to read its bytes. */
export interface LogFileEntry {
  name: string;
  size: number;
  /** Epoch milliseconds, as RDS sends LastWritten. */
  lastWritten: number;
  /** The bytes `[start, end)`, streamed. */
  open(start?: number, end?: number): Readable;
}

/**
 * The log files of each instance. The folder is read afresh on every call, so a test can grow,
 * rotate or delete files between requests; LastWritten is the file's mtime. Only regular files
 * count: a symlink is never followed, so nothing outside the fleet folder can be served.
 * Fault knobs change files in memory on top of that (see {@link LogStore.override}).
 */
export class LogStore {
  /** Per instance, names whose entry the fault knobs replaced (an entry) or removed (null). */
  readonly #overrides = new Map<string, Map<string, LogFileEntry | null>>();

  readonly #spec: FleetSpec;
  readonly #fleetDir: string | undefined;

  constructor(spec: FleetSpec, fleetDir: string | undefined) {
    this.#spec = spec;
    this.#fleetDir = fleetDir;
  }

  async list(instanceId: string): Promise<LogFileEntry[]> {
    const overrides = this.#overrides.get(instanceId) ?? new Map<string, LogFileEntry | null>();
    const entries = [...(await this.#listFolder(instanceId)), ...this.#listGenerated(instanceId)];
    const kept = entries.filter((entry) => !overrides.has(entry.name));
    const added = [...overrides.values()].filter((entry): entry is LogFileEntry => entry !== null);
    return [...kept, ...added].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async find(instanceId: string, name: string): Promise<LogFileEntry | undefined> {
    return (await this.list(instanceId)).find((entry) => entry.name === name);
  }

  /** Makes a file vanish from listings and downloads, as rotation does on a real instance. */
  hide(instanceId: string, name: string): void {
    this.override(instanceId, name, null);
  }

  /**
   * Serves `entry` under `name` from now on, in place of whatever the folder or the fleet holds
   * (`null`: no file of that name). An entry keeps its own size, LastWritten and bytes, so one
   * taken from `list` can move to another name, as a rotation renames files.
   */
  override(instanceId: string, name: string, entry: LogFileEntry | null): void {
    const overrides = this.#overrides.get(instanceId) ?? new Map<string, LogFileEntry | null>();
    overrides.set(name, entry === null ? null : { ...entry, name });
    this.#overrides.set(instanceId, overrides);
  }

  /** Reads up to `length` bytes from `start` into memory; used only for bounded portions. */
  async readRange(entry: LogFileEntry, start: number, length: number): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of entry.open(start, Math.min(entry.size, start + length)))
      chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async #listFolder(instanceId: string): Promise<LogFileEntry[]> {
    if (this.#fleetDir === undefined) return [];
    const root = path.join(this.#fleetDir, "instances", instanceId);
    let names: string[];
    try {
      names = await readdir(root, { recursive: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    const entries = await Promise.all(
      names.map(async (relative): Promise<LogFileEntry | undefined> => {
        const file = path.join(root, relative);
        const stats = await lstat(file).catch(() => undefined);
        if (!stats?.isFile()) return undefined;
        return {
          name: relative.split(path.sep).join("/"),
          size: stats.size,
          lastWritten: Math.floor(stats.mtimeMs),
          // The size is pinned at listing time only for Size; a download serves the file as it is now.
          open: (start = 0, end?: number) =>
            createReadStream(file, end === undefined ? { start } : { start, end: Math.max(start, end) - 1 }),
        };
      }),
    );
    return entries.filter((entry): entry is LogFileEntry => entry !== undefined);
  }

  #listGenerated(instanceId: string): LogFileEntry[] {
    const instance = this.#spec.instances.find((n) => n.id === instanceId);
    return (instance?.generatedLogs ?? []).map((log) => ({
      name: log.name,
      size: log.size,
      lastWritten: Date.parse(log.lastWritten),
      open: (start = 0, end = log.size) => createGeneratedLogStream(log.seed ?? 1, log.size, start, end),
    }));
  }
}
