/**
 * Where a process keeps its temp files: one folder per process, `{parent}/{name}-{pid}-{random}`,
 * with an `owner.json` naming the host, the process id and when it started. A run killed in the
 * middle leaves its folder behind; the next run's store sweeps it away, and only it: a folder is
 * stale when its owner on this host is no longer running, or, for an owner on another host (a
 * shared file system) or an unreadable owner file, when nothing in it changed for a day. A live
 * run's files are never touched.
 */
import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";

/** A folder another host's run (or a run whose owner file is unreadable) left alone this long is a leftover. */
const FOREIGN_STALE_MS = 24 * 3600 * 1000;

interface Owner {
  host: string;
  pid: number;
  startedAt: string;
}

/** This process's staging folder under `parent`; see the file header. */
export interface RunStaging {
  readonly dir: string;
  /** A fresh path inside the folder, for one temp file. */
  tempPath(label: string): string;
  /** Removes the folder and everything in it. */
  remove(): Promise<void>;
}

/**
 * Sweeps the folders dead runs left in `parent`, then creates this process's own. `name` starts
 * every such folder's name (for a folder destination it begins with `.tmp-`, which no key can).
 */
export async function createRunStaging(parent: string, name: string, now = Date.now()): Promise<RunStaging> {
  await sweepRunStagings(parent, name, now);
  const dir = join(parent, `${name}-${process.pid}-${randomUUID().slice(0, 8)}`);
  await mkdir(dir, { mode: 0o700 });
  const owner: Owner = { host: hostname(), pid: process.pid, startedAt: new Date(now).toISOString() };
  await writeFile(join(dir, "owner.json"), `${JSON.stringify(owner)}\n`, { flag: "wx" });
  return {
    dir,
    tempPath: (label) => join(dir, `${label}-${randomUUID()}`),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Removes the staging folders in `parent` whose runs are gone; best effort, since a leftover only costs disk. */
export async function sweepRunStagings(parent: string, name: string, now = Date.now()): Promise<string[]> {
  const swept: string[] = [];
  const entries = await readdir(parent, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isDirectory() || !entry.name.startsWith(`${name}-`)) continue;
    const dir = join(parent, entry.name);
    if (!(await isLeftover(dir, now))) continue;
    await rm(dir, { recursive: true, force: true }).catch(() => {});
    swept.push(dir);
  }
  return swept;
}

async function isLeftover(dir: string, now: number): Promise<boolean> {
  const owner = await readOwner(dir);
  if (owner !== undefined && owner.host === hostname()) return !isRunning(owner.pid);
  // Another host's run, or a run killed before it wrote its owner file: judge by the last change.
  const newest = await newestChange(dir);
  return newest !== undefined && now - newest > FOREIGN_STALE_MS;
}

async function readOwner(dir: string): Promise<Owner | undefined> {
  try {
    const value = JSON.parse(await readFile(join(dir, "owner.json"), "utf8")) as Partial<Owner>;
    return typeof value.host === "string" && Number.isSafeInteger(value.pid) ? (value as Owner) : undefined;
  } catch {
    return undefined;
  }
}

/** The latest mtime of the folder and its files, epoch ms. */
async function newestChange(dir: string): Promise<number | undefined> {
  try {
    let newest = (await stat(dir)).mtimeMs;
    for (const file of await readdir(dir)) {
      const stats = await stat(join(dir, file)).catch(() => undefined);
      if (stats !== undefined) newest = Math.max(newest, stats.mtimeMs);
    }
    return newest;
  } catch {
    return undefined;
  }
}

/** Whether a process with this id runs on this host; one that exists but is not ours counts (EPERM). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
