/**
 * Batches, purely: records of one shard, opened, become NDJSON lines, and consecutive records
 * become batches that end at an hour of arrival (the hour folder is the first record's) or at a
 * size that keeps memory bounded. Each line is one event as AWS wrote it, with the record's place
 * in front: `{"shardId":…,"sequenceNumber":…,"clusterId":…,"instanceId":…,<the event's fields>}`.
 */
import type { ActivityPayload } from "./parse-activity-payload.js";
import { hourOf } from "./render-activity-key.js";

/** NDJSON bytes after which a batch is written, whatever its hour. */
export const MAX_BATCH_BYTES = 16 * 1024 * 1024;

/** One record, opened, as it joins a batch. */
export interface BatchRecord {
  sequenceNumber: string;
  arrival: number;
  /** Its events as NDJSON lines, each ending in a newline. */
  lines: string[];
  heartbeats: number;
}

/** A run of consecutive records of one shard. */
export interface ActivityBatch {
  shardId: string;
  records: BatchRecord[];
  /** UTF-8 bytes of all lines. */
  bytes: number;
}

/** The lines of one record's events. */
export function renderBatchRecord(
  shardId: string,
  record: { sequenceNumber: string; arrival: number },
  payload: ActivityPayload,
): BatchRecord {
  const head = `{"shardId":${JSON.stringify(shardId)},"sequenceNumber":${JSON.stringify(record.sequenceNumber)},"clusterId":${JSON.stringify(payload.clusterId)},"instanceId":${JSON.stringify(payload.instanceId)}`;
  return {
    sequenceNumber: record.sequenceNumber,
    arrival: record.arrival,
    lines: payload.events.map((event) => `${head}${joinEvent(event)}\n`),
    heartbeats: payload.heartbeats,
  };
}

/** An event object's fields after ours; anything but an object (never seen) is kept whole under `event`. */
function joinEvent(event: string): string {
  if (!event.startsWith("{")) return `,"event":${event}}`;
  return event === "{}" ? "}" : `,${event.slice(1)}`;
}

export function emptyBatch(shardId: string): ActivityBatch {
  return { shardId, records: [], bytes: 0 };
}

/** Whether `record` must start a new batch: it arrived in another hour than the batch's first. */
export function startsNewBatch(batch: ActivityBatch, record: { arrival: number }): boolean {
  const first = batch.records[0];
  return first !== undefined && hourOf(first.arrival) !== hourOf(record.arrival);
}

/** Adds `record` to the end of `batch` (in place: a batch grows to thousands of records). */
export function appendToBatch(batch: ActivityBatch, record: BatchRecord): void {
  batch.records.push(record);
  batch.bytes += record.lines.reduce((sum, line) => sum + Buffer.byteLength(line), 0);
}

export function isBatchFull(batch: ActivityBatch): boolean {
  return batch.bytes >= MAX_BATCH_BYTES;
}

/** What a batch holds, for its report item and metadata. */
export function summarizeBatch(batch: ActivityBatch): {
  first: BatchRecord;
  last: BatchRecord;
  records: number;
  events: number;
  heartbeats: number;
} {
  const first = batch.records[0];
  const last = batch.records.at(-1);
  if (!first || !last) throw new Error("summarizeBatch: an empty batch");
  return {
    first,
    last,
    records: batch.records.length,
    events: batch.records.reduce((sum, r) => sum + r.lines.length, 0),
    heartbeats: batch.records.reduce((sum, r) => sum + r.heartbeats, 0),
  };
}

/** The batch's NDJSON body. */
export function renderBatchBody(batch: ActivityBatch): Buffer {
  return Buffer.from(batch.records.flatMap((r) => r.lines).join(""), "utf8");
}
