/**
 * A lock file for a compare-and-swap on one machine: `open(O_CREAT|O_EXCL)` succeeds for exactly
 * one process, which writes its host and process id into the file and removes it when done. A
 * lock whose holder on this host is no longer running (killed mid-write), or one older than a
 * minute from another host, is broken; a live holder is waited for. What is guarded here is a
 * read and a rename of a small state document, milliseconds of work.
 */
import { readFile, rm, stat, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { ArchiverError } from "../errors.js";
import { isRunning } from "./run-staging.js";

/** How long to wait for a live holder before reporting the lock as stuck. */
const WAIT_MS = 30_000;
/** A lock this old whose holder cannot be checked (another host, an unreadable file) is stale. */
const FOREIGN_STALE_MS = 60_000;

/** Runs `work` holding the lock file `path`; see the file header. */
export async function withFolderLock<T>(path: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const mine = JSON.stringify({ host: hostname(), pid: process.pid, at: new Date().toISOString() });
  for (;;) {
    try {
      await writeFile(path, mine, { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    if (await isStale(path)) {
      await rm(path, { force: true });
      continue;
    }
    if (Date.now() - started > WAIT_MS) {
      throw new ArchiverError(
        "DESTINATION_WRITE_FAILED",
        `${path} has been held by another run for over 30 s`,
        {
          hint: "another rds-log-archive run is writing this state; if none is running, remove the lock file",
        },
      );
    }
    await sleep(20 + Math.random() * 40);
  }
  try {
    return await work();
  } finally {
    await rm(path, { force: true });
  }
}

async function isStale(path: string): Promise<boolean> {
  try {
    const holder = JSON.parse(await readFile(path, "utf8")) as { host?: unknown; pid?: unknown };
    if (holder.host === hostname() && typeof holder.pid === "number") return !isRunning(holder.pid);
  } catch {
    // Unreadable: being written this instant, or a torn leftover; judged by its age below.
  }
  try {
    return Date.now() - (await stat(path)).mtimeMs > FOREIGN_STALE_MS;
  } catch {
    return false; // gone already: the next attempt takes it
  }
}
