/**
 * `verify`: re-reads the archive and proves it. Every object under the destination's prefix (state
 * documents aside) whose hour falls in the window is read through, as sync writes, streaming and
 * `concurrency` at a time, and checked against its own metadata (check-object.ts). The window
 * applies to an object's LastWritten when its metadata has one, else to the hour its key names;
 * objects whose key hour is outside it are not even read. It reads the destination only: no RDS,
 * no state, nothing written.
 */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { NetworkTimeouts } from "../adapters/network-timeouts.js";
import type { ArchiveDestination } from "../config/parse-config.js";
import { createDestinationStore } from "../destinations/create-destination-store.js";
import type { ObjectStore } from "../destinations/object-store.js";
import { ArchiverError, isArchiverError } from "../errors.js";
import { parseKeyHour } from "../keys/parse-key-hour.js";
import { checkObject, parseVerifiableMetadata } from "./check-object.js";
import type { BadObject, VerifyProgressEvent, VerifyReport } from "./verify-report.js";

/** What to verify. */
export interface VerifyOptions {
  destination: ArchiveDestination;
  /** Objects last written at or after this instant. */
  since?: Date | undefined;
  /** Objects last written before this instant. */
  until?: Date | undefined;
  /** Objects read at once. */
  concurrency: number;
  timeouts?: NetworkTimeouts;
}

export interface VerifyDeps {
  /** The destination; by default built from `options.destination`. */
  store?: ObjectStore;
  now?: () => Date;
  onProgress?: (event: VerifyProgressEvent) => void;
}

const HOUR_MS = 3_600_000;

/** Verifies the archive; see the file header. Throws only when the archive cannot be listed. */
export async function verifyArchive(options: VerifyOptions, deps: VerifyDeps = {}): Promise<VerifyReport> {
  const clock = deps.now ?? (() => new Date());
  const startedAt = clock();
  if (deps.store === undefined && options.destination.kind === "dir")
    await requireFolder(options.destination.dir);
  const store =
    deps.store ?? (await createDestinationStore(options.destination, { timeouts: options.timeouts }));
  const emit = deps.onProgress ?? (() => {});
  const { since, until } = options;
  const hourOf = parseKeyHour(options.destination.keyTemplate, options.destination.prefix);
  const inWindow = (from: number, to: number) =>
    (since === undefined || to > since.getTime()) && (until === undefined || from < until.getTime());
  const bad: BadObject[] = [];
  const totals = { checked: 0, ok: 0, bad: 0, outsideWindow: 0, bytesRead: 0 };

  const verifyOne = async (key: string) => {
    const hour = hourOf(key)?.getTime();
    if (hour !== undefined && !inWindow(hour, hour + HOUR_MS)) {
      totals.outsideWindow++;
      return emit({ type: "verify-skipped", key });
    }
    let problems: BadObject["problems"];
    let bytes = 0;
    try {
      const object = await store.readObject(key);
      if (object === undefined) throw new Error("it was listed, but is gone");
      const metadata = parseVerifiableMetadata(object.metadata);
      const written = metadata?.lastWritten;
      if (written !== undefined && !inWindow(written, written + 1)) {
        object.body.destroy();
        totals.outsideWindow++;
        return emit({ type: "verify-skipped", key });
      }
      const check = await checkObject(object, metadata);
      bytes = check.storedBytes;
      problems = check.problems;
    } catch (error) {
      const reason = isArchiverError(error) ? error.message : (error as Error).message;
      problems = [{ code: "UNREADABLE", message: `it could not be read: ${reason}` }];
    }
    totals.checked++;
    totals.bytesRead += bytes;
    if (problems.length === 0) totals.ok++;
    else {
      totals.bad++;
      bad.push({ key, problems });
    }
    emit({ type: "verify-object", key, ok: problems.length === 0, bytes });
  };

  try {
    // At most `concurrency` objects in flight, and the listing read no further ahead than that:
    // an archive of millions of objects costs no more memory than one of a hundred.
    const inFlight = new Set<Promise<void>>();
    for await (const { key } of store.list(options.destination.prefix)) {
      const task: Promise<void> = verifyOne(key).finally(() => inFlight.delete(task));
      inFlight.add(task);
      if (inFlight.size >= options.concurrency) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } finally {
    if (deps.store === undefined) await store.close();
  }
  return {
    schemaVersion: 1,
    kind: "verify",
    startedAt: startedAt.toISOString(),
    finishedAt: clock().toISOString(),
    destination: store.description,
    ...(since === undefined ? {} : { since: since.toISOString() }),
    ...(until === undefined ? {} : { until: until.toISOString() }),
    totals,
    bad: bad.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
  };
}

/**
 * A folder archive that is not there is a mistyped path, not an empty archive: a folder store
 * lists a missing folder as empty, and a verify that read nothing must not pass for one that
 * proved everything.
 */
async function requireFolder(dir: string): Promise<void> {
  const folder = resolve(dir);
  const stats = await stat(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw new ArchiverError(
      "DESTINATION_READ_FAILED",
      `could not read ${folder} (${error.code ?? error.message})`,
      {
        cause: error,
      },
    );
  });
  if (stats?.isDirectory()) return;
  throw new ArchiverError(
    "DESTINATION_READ_FAILED",
    `there is no archive at ${folder}: ${stats === undefined ? "it does not exist" : "it is not a folder"}`,
    { hint: "check `destination`: verify reads a folder that sync has written" },
  );
}
