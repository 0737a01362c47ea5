/**
 * The one way a source changes its state: read the document with its version, derive the next
 * one, and write it only if nobody changed it in between (ETag `If-Match` / `If-None-Match: *` in
 * S3, compare-and-swap under a lock in a folder). On a conflict, read again and derive again, so
 * two overlapping runs each keep what the other archived. Every source (log files, events,
 * activity streams) goes through here, so the concurrency rule is written once.
 *
 * A store that cannot write conditionally (Swift answers 501, some stores ignore the header)
 * writes the last document anyway: two runs that finish within the same moment can then drop
 * each other's entries. The state is a cache of the archive, so that costs a re-check (HEAD) or
 * a re-download whose write finds the object already there, never a duplicate or a lost file.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { ObjectStore, StateDocument } from "../destinations/object-store.js";
import { ArchiverError } from "../errors.js";

/**
 * How one kind of state document is read and written: `parse` turns the stored text into the
 * document (undefined for a missing or unreadable one, which the source then rebuilds), `render`
 * turns it back into text.
 */
export interface StateCodec<T> {
  parse(text: string | undefined): T | undefined;
  render(state: T): string;
}

/** Conflicts in a row before giving up; each costs a read and a write of a small document. */
const MAX_ATTEMPTS = 8;

/**
 * Reads a state document, lets `change` derive the next one from it, and writes that back if the
 * document is still the one read; otherwise reads again and calls `change` again, so `change`
 * must be a pure function of what it is given. A `change` that returns undefined writes nothing.
 * Returns the document as it now stands. `alreadyRead` is the document as the caller read it
 * earlier, used for the first attempt instead of reading again.
 *
 * @throws {ArchiverError} `STATE_CONFLICT` when other writers won every attempt, or the store's
 *   own read or write failure.
 */
export async function updateState<T>(
  store: ObjectStore,
  key: string,
  codec: StateCodec<T>,
  change: (current: T | undefined) => T | undefined,
  alreadyRead?: { stored: StateDocument | undefined },
): Promise<T | undefined> {
  for (let attempt = 1; ; attempt++) {
    // A caller that read the document at its start passes it, so a run that changes nothing costs
    // no second read; a write against that (older) version simply conflicts and reads again.
    const stored = attempt === 1 && alreadyRead ? alreadyRead.stored : await store.readState(key);
    const current = codec.parse(stored?.body);
    const next = change(current);
    if (next === undefined) return current;
    if (await store.writeState(key, codec.render(next), stored?.version ?? null)) return next;
    if (attempt >= MAX_ATTEMPTS) {
      throw new ArchiverError(
        "STATE_CONFLICT",
        `${key}: other runs changed this state document ${attempt} times while this run tried to update it`,
        {
          hint: "the archived objects are in place; the next run re-checks them and records them, so run it again (and avoid overlapping schedules)",
          retryable: true,
        },
      );
    }
    // Full jitter over a window that doubles each time (AWS's "exponential backoff and jitter"):
    // writers that collided spread out until they stop colliding, however many there are. A
    // window that grew only linearly let twenty writers on a loaded machine lose eight in a row.
    await sleep(Math.random() * Math.min(2_000, 25 * 2 ** attempt));
  }
}

/** Reads a state document through its codec; undefined when there is none or it is unreadable. */
export async function readState<T>(
  store: ObjectStore,
  key: string,
  codec: StateCodec<T>,
): Promise<T | undefined> {
  return codec.parse((await store.readState(key))?.body);
}
