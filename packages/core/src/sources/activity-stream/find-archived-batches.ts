import type { ObjectStore } from "../../destinations/object-store.js";
import { ArchiverError } from "../../errors.js";
import type { ArchivedBatch } from "./read-shard.js";
import {
  hourOf,
  parseBatchName,
  parseBatchRange,
  renderHourListing,
  type StreamPlace,
} from "./render-activity-key.js";
import { compareSequenceNumbers } from "./sequence-numbers.js";

/** Hours of margin around the retention window: Kinesis trims lazily, and clocks differ. */
const MARGIN_HOURS = 2;

/**
 * Finds, per shard, the last batch the archive holds for this incarnation of the stream, for
 * shards that start without a checkpoint (a first run, a lost state, a new child shard, a
 * checkpoint past the retention). Only batches that can still hold records Kinesis keeps matter,
 * and a batch lies in the hour its first record arrived, so the run lists the hour folders of the
 * retention window (with a margin), once for all shards, on first use. The last batch's range is
 * read from its metadata.
 */
export function createArchivedBatchFinder(
  store: ObjectStore,
  stream: { keyTemplate: string; place: StreamPlace; streamTag: string; retentionHours: number; now: number },
): (shardId: string) => Promise<ArchivedBatch | undefined> {
  let lastKeys: Promise<Map<string, { key: string; first: string }>> | undefined;

  async function listLastKeys(): Promise<Map<string, { key: string; first: string }>> {
    const last = new Map<string, { key: string; first: string }>();
    const from = hourOf(stream.now - (stream.retentionHours + MARGIN_HOURS) * 3_600_000);
    const to = hourOf(stream.now + MARGIN_HOURS * 3_600_000);
    const listings = new Map<string, Set<string>>();
    for (let hour = from; hour <= to; hour += 3_600_000) {
      const { prefix, suffix } = renderHourListing(stream.keyTemplate, stream.place, hour);
      listings.set(prefix, (listings.get(prefix) ?? new Set()).add(suffix));
    }
    for (const [prefix, suffixes] of listings) {
      for await (const { key } of store.list(prefix)) {
        const rest = key.slice(prefix.length);
        const suffix = [...suffixes].find((s) => rest.endsWith(s));
        if (suffix === undefined) continue;
        const name = parseBatchName(rest.slice(0, rest.length - suffix.length));
        if (name === undefined || name.streamTag !== stream.streamTag) continue;
        const known = last.get(name.shardId);
        if (known === undefined || compareSequenceNumbers(name.firstSequenceNumber, known.first) > 0) {
          last.set(name.shardId, { key, first: name.firstSequenceNumber });
        }
      }
    }
    return last;
  }

  return async (shardId) => {
    lastKeys ??= listLastKeys();
    const found = (await lastKeys).get(shardId);
    if (found === undefined) return undefined;
    const metadata = await store.head(found.key);
    const range = metadata === undefined ? undefined : parseBatchRange(metadata.logFileName);
    if (metadata === undefined || range?.shardId !== shardId) {
      // Resuming before it could archive its records twice; nothing is written until it is sorted out.
      throw new ArchiverError(
        "DESTINATION_READ_FAILED",
        `${found.key} is listed but its batch range cannot be read`,
        {
          hint: "check that the object and its metadata are intact (verify), then run again",
        },
      );
    }
    return {
      key: found.key,
      lastSequenceNumber: range.lastSequenceNumber,
      lastArrival: metadata.lastWritten,
    };
  };
}
