/**
 * Reads one shard from its start to the stream's tip (or the shard's end, or the run's deadline)
 * and archives its records in batches, exactly once with the archive as the truth:
 *
 * - Reading starts at a batch boundary (the checkpoint, the end of the last batch the archive
 *   holds) or at the trim horizon. Before anything is decrypted, the run looks for the batch that
 *   would start at the first record it reads: a run that died after writing it, before recording
 *   it, left it there, so the run skips to that batch's end and looks again.
 * - Each batch is written as a new object named after its first record, then the checkpoint moves
 *   to its last record, and only then does the next batch start. Batches end where the hour of
 *   arrival changes, at a size limit, or where the run stops, so a later run that starts at the
 *   same boundary cuts the same batches. A batch of heartbeats alone writes no object but moves
 *   the checkpoint, so an idle stream's heartbeats are decrypted once.
 * - A write that finds its object there (an overlapping run) reads that batch's range and goes on
 *   after it, writing what it holds beyond.
 *
 * The next page is read while this one's records are opened (after the pause that keeps within
 * Kinesis's five GetRecords a second per shard), and its records start opening as it arrives, so
 * the decrypt workers wait neither for Kinesis nor for this page's batching. Records are still
 * batched one after another, in order; a page read before the run's deadline is archived, and
 * none is read after it (so a run may end up to two pages' opening past it). At most two pages
 * are held. Iterators that expire (5 minutes) are renewed after the last record read; throttling
 * that outlasts the SDK's own retries is waited out a few more times before the shard fails.
 */
import type { ObjectStore } from "../../destinations/object-store.js";
import { ArchiverError } from "../../errors.js";
import type { ActivityReportItem, ActivityShardReport } from "../../report/activity-report.js";
import { toReportError } from "../../report/run-report.js";
import type { KinesisPort, ShardPosition, StreamRecord } from "./activity-ports.js";
import type { ShardCheckpoint } from "./activity-state.js";
import { openShardIterator } from "./open-shard-iterator.js";
import type { ActivityPayload } from "./parse-activity-payload.js";
import {
  appendToBatch,
  emptyBatch,
  isBatchFull,
  renderBatchRecord,
  startsNewBatch,
  summarizeBatch,
} from "./plan-activity-batches.js";
import type { PlannedGap, ShardStart } from "./plan-stream-read.js";
import { readRecordsPage } from "./read-records-page.js";
import { parseBatchRange, renderBatchKey, renderBatchName, type StreamPlace } from "./render-activity-key.js";
import { isAtOrBefore } from "./sequence-numbers.js";
import { writeActivityBatch } from "./write-activity-batch.js";

/** A batch the archive holds, as its metadata describes it. */
export interface ArchivedBatch {
  key: string;
  lastSequenceNumber: string;
  /** Epoch ms. */
  lastArrival: number;
}

/** What reading a shard needs: the stream, the ports, and the run's limits. */
export interface ShardReadContext {
  streamName: string;
  streamTag: string;
  keyTemplate: string;
  place: StreamPlace;
  owner: { region: string; instance: string; cluster?: string };
  kinesis: KinesisPort;
  store: ObjectStore;
  openRecord(record: StreamRecord): Promise<ActivityPayload>;
  /** Stores a shard's new checkpoint; resolves once it is stored. */
  checkpoint(shardId: string, checkpoint: ShardCheckpoint): Promise<void>;
  /** The last batch the archive holds for the shard, found by listing; undefined for none. */
  findLastBatch(shardId: string): Promise<ArchivedBatch | undefined>;
  /** Epoch ms after which no further page is read. */
  deadline: number;
  now(): number;
  sleep(ms: number): Promise<void>;
  pageLimit: number;
  /** Between GetRecords calls on a shard (Kinesis allows five a second per shard, shared by all readers). */
  pauseMs: number;
}

export interface ShardReadResult {
  report: ActivityShardReport;
  items: ActivityReportItem[];
  gaps: PlannedGap[];
}

/** Reads and archives one shard; never throws for the shard's own failures (they are in the report). */
export async function readShard(
  context: ShardReadContext,
  shard: { shardId: string; parentShardIds: string[]; closed: boolean },
  start: ShardStart,
): Promise<ShardReadResult> {
  const { shardId } = shard;
  const items: ActivityReportItem[] = [];
  const gaps: PlannedGap[] = [];
  const counts = { records: 0, events: 0, heartbeats: 0 };
  let from: ActivityShardReport["from"];
  let millisBehindLatest: number | undefined;
  /** The last record the archive holds (or skipped as heartbeats), as the checkpoint stores it. */
  let saved: { sequenceNumber: string; arrival: number } | undefined;
  let batch = emptyBatch(shardId);
  /** Records up to here are in the archive already: skipped unopened. */
  let skipThrough: string | undefined;

  const result = (outcome: ActivityShardReport["outcome"], error?: unknown): ShardReadResult => ({
    report: {
      shardId,
      parentShardIds: shard.parentShardIds,
      ...(from === undefined ? {} : { from }),
      outcome,
      ...(saved === undefined ? {} : { lastSequenceNumber: saved.sequenceNumber }),
      ...counts,
      ...(millisBehindLatest === undefined ? {} : { millisBehindLatest }),
      ...(error === undefined ? {} : { error: toReportError(error) }),
    },
    items,
    gaps,
  });

  const keyOf = (record: { sequenceNumber: string; arrival: number }) =>
    renderBatchKey(
      context.keyTemplate,
      context.place,
      record.arrival,
      renderBatchName(context.streamTag, shardId, record.sequenceNumber),
    );

  /** The batch an earlier or overlapping run wrote at `key`, if any. */
  async function archivedAt(key: string): Promise<ArchivedBatch | undefined> {
    const metadata = await context.store.head(key);
    if (metadata === undefined) return undefined;
    const range = parseBatchRange(metadata.logFileName);
    if (range?.shardId !== shardId) {
      throw new ArchiverError(
        "DESTINATION_INVALID",
        `${key} is in the place of an activity batch but is not one`,
        {
          hint: "something other than rds-log-archive wrote this object; move it away (the archive never overwrites)",
        },
      );
    }
    return { key, lastSequenceNumber: range.lastSequenceNumber, lastArrival: metadata.lastWritten };
  }

  async function save(sequenceNumber: string, arrival: number, closed = false): Promise<void> {
    await context.checkpoint(shardId, {
      sequenceNumber,
      arrival: new Date(arrival).toISOString(),
      ...(closed ? { closed: true as const } : {}),
    });
    saved = { sequenceNumber, arrival };
  }

  /** Skips past a batch the archive holds. */
  async function skipPast(found: ArchivedBatch): Promise<void> {
    if (!isAtOrBefore(found.lastSequenceNumber, skipThrough)) skipThrough = found.lastSequenceNumber;
    await save(found.lastSequenceNumber, found.lastArrival);
  }

  /** Writes the batch (when it holds events), then moves the checkpoint past it. */
  async function flush(): Promise<void> {
    while (batch.records.length > 0) {
      const summary = summarizeBatch(batch);
      if (summary.events === 0) {
        await save(summary.last.sequenceNumber, summary.last.arrival);
        batch = emptyBatch(shardId);
        return;
      }
      const key = keyOf(summary.first);
      const written = await writeActivityBatch(context.store, key, context.owner, batch);
      const item: ActivityReportItem = {
        region: context.owner.region,
        ...(context.owner.cluster === undefined ? {} : { cluster: context.owner.cluster }),
        instance: context.owner.instance,
        shardId,
        firstSequenceNumber: summary.first.sequenceNumber,
        lastSequenceNumber: summary.last.sequenceNumber,
        records: summary.records,
        events: summary.events,
        key,
        outcome: "archived",
        bytesIn: written.bytesIn,
        bytesOut: written.bytesOut,
        sha256: written.sha256,
      };
      if (written.outcome === "created") {
        items.push(item);
        await save(summary.last.sequenceNumber, summary.last.arrival);
        batch = emptyBatch(shardId);
        return;
      }
      // Another run wrote the batch that starts here: keep what this one holds beyond it.
      const found = await archivedAt(key);
      if (found === undefined)
        throw new ArchiverError("DESTINATION_READ_FAILED", `${key} was there, then was not`);
      items.push({ ...item, outcome: "skipped", lastSequenceNumber: found.lastSequenceNumber });
      await skipPast(found);
      const rest = batch.records.filter((r) => !isAtOrBefore(r.sequenceNumber, found.lastSequenceNumber));
      batch = emptyBatch(shardId);
      for (const record of rest) appendToBatch(batch, record);
    }
  }

  /** Starts opening each record the archive does not hold yet (undefined for the others). */
  function openRecords(records: StreamRecord[]): (Promise<ActivityPayload> | undefined)[] {
    return records.map((record) => {
      if (isAtOrBefore(record.sequenceNumber, skipThrough)) return undefined;
      const opening = context.openRecord(record);
      // Each gets a handler now, so a failure behind an earlier one is never "unhandled".
      opening.catch(() => {});
      return opening;
    });
  }

  /** Batches the records being opened, in order; returns the first failure. */
  async function archiveRecords(
    records: StreamRecord[],
    opened: (Promise<ActivityPayload> | undefined)[],
  ): Promise<unknown> {
    for (const [i, record] of records.entries()) {
      const opening = opened[i];
      if (opening === undefined) continue;
      let payload: ActivityPayload;
      try {
        payload = await opening;
      } catch (error) {
        return error;
      }
      if (isAtOrBefore(record.sequenceNumber, skipThrough)) continue;
      counts.records += 1;
      counts.events += payload.events.length;
      counts.heartbeats += payload.heartbeats;
      if (startsNewBatch(batch, record)) await flush();
      appendToBatch(batch, renderBatchRecord(shardId, record, payload));
      if (isBatchFull(batch)) await flush();
    }
    return undefined;
  }

  /** Whether the run still looks for a batch at the first record it reads (see `readShard`). */
  let probing = true;

  /**
   * A page read ahead. Once probing is over, its records start opening as soon as it arrives,
   * so the workers go on from this page's last records to the next page's first.
   */
  async function readAhead(iterator: string, position: ShardPosition, pauseMs: number) {
    const page = await readRecordsPage(context, shardId, { iterator, position, pauseMs });
    return page && { page, opened: probing ? undefined : openRecords(page.records) };
  }

  try {
    const opened = await openShardIterator(context.kinesis, context, shardId, start, gaps);
    from = opened.from;
    let position: ShardPosition = opened.position;
    /** The next page, read while this one is opened; its failure is seen when it is awaited. */
    let next = readAhead(opened.iterator, position, 0);
    for (;;) {
      const read = await next;
      if (read === undefined) {
        await flush();
        return result("stopped");
      }
      const { page } = read;
      millisBehindLatest = page.millisBehindLatest;
      const last = page.records.at(-1);
      // After a renewed iterator, reading goes on after the last record of this page.
      if (last) position = { type: "AFTER_SEQUENCE_NUMBER", sequenceNumber: last.sequenceNumber };
      // A closed shard is read until Kinesis says it ended, so its children can follow.
      const caughtUp =
        !shard.closed && page.records.length < context.pageLimit && page.millisBehindLatest === 0;
      if (page.nextIterator !== undefined && !caughtUp) {
        next = readAhead(page.nextIterator, position, context.pauseMs);
        // Each gets a handler now, so a failure after this page's own is never "unhandled".
        next.catch(() => {});
      }
      let records = page.records.filter((r) => !isAtOrBefore(r.sequenceNumber, skipThrough));
      // A batch may already start at the first record: skip to its end, and look again there.
      while (probing && batch.records.length === 0 && records[0] !== undefined) {
        const found = await archivedAt(keyOf(records[0]));
        if (found === undefined) probing = false;
        else {
          await skipPast(found);
          records = records.filter((r) => !isAtOrBefore(r.sequenceNumber, skipThrough));
        }
      }
      const failure = await archiveRecords(page.records, read.opened ?? openRecords(page.records));
      if (failure !== undefined) {
        await flush();
        return result("failed", failure);
      }
      if (page.nextIterator === undefined) {
        await flush();
        const end = saved ?? (position.type === "AFTER_SEQUENCE_NUMBER" ? position : undefined);
        await save(end?.sequenceNumber ?? "0", saved?.arrival ?? context.now(), true);
        return result("closed");
      }
      if (caughtUp) {
        await flush();
        return result("caught-up");
      }
    }
  } catch (error) {
    try {
      await flush();
    } catch {
      // The first failure is the one to report; the next run reads this batch again.
    }
    return result("failed", error);
  }
}
