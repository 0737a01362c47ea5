/**
 * Where an activity batch lives: its object name, its key, and how a later run finds it again.
 *
 * A batch is a run of consecutive records of one shard, so its name starts at its first record:
 * `{stream created}-{shardId}-{first sequence number}.ndjson` (the key template adds `.gz`). Every
 * batch starts right after the end of the one before it, so a run that resumes after the last
 * batch written can only ever write the next batch under the next name: a batch is never written
 * twice under two names, even when a re-run reads further than the run that crashed. The name
 * leaves out the last sequence number on purpose; it is in the object's metadata
 * (`log-file-name` `activity/{shardId}/{first}-{last}`). The stream's creation time keeps the
 * batches of a stream deleted and created again under the same name (DAS stopped and started)
 * apart from the old stream's.
 *
 * The hour folder is the UTC hour of the first record's arrival on the stream, so the key is known
 * from the first record alone, before anything is decrypted.
 */
import { renderKey } from "../../keys/render-key.js";

/** Where a stream's batches go: the key template's fields other than the hour and the name. */
export interface StreamPlace {
  prefix: string;
  /** The DB cluster id (Aurora), or the instance id (RDS for Oracle / SQL Server). */
  cluster: string;
  /** The `{instance}` of the key: the stream's owner, the cluster for Aurora, the instance otherwise. */
  instance: string;
  region: string;
  engine: string;
}

export const ACTIVITY_LOG_TYPE = "activity";

const NAME = /^(\d{8}T\d{6}Z)-([^/]+)-(\d+)\.ndjson$/;
const RANGE = /^activity\/(.+)\/(\d+)-(\d+)$/;

/** `20261120T100000Z`: the stream's creation time, to the second, as it starts a batch name. */
export function renderStreamTag(createdAt: number): string {
  return new Date(Math.floor(createdAt / 1000) * 1000).toISOString().replace(/[-:]|\.000/g, "");
}

/** The name of the batch that starts at `firstSequenceNumber`. */
export function renderBatchName(streamTag: string, shardId: string, firstSequenceNumber: string): string {
  return `${streamTag}-${shardId}-${firstSequenceNumber}.ndjson`;
}

/** The parts of a batch name, or undefined for any other name. */
export function parseBatchName(
  name: string,
): { streamTag: string; shardId: string; firstSequenceNumber: string } | undefined {
  const match = NAME.exec(name);
  if (!match) return undefined;
  const [, streamTag = "", shardId = "", firstSequenceNumber = ""] = match;
  return { streamTag, shardId, firstSequenceNumber };
}

/** The start of the UTC hour `time` (epoch ms) falls in. */
export function hourOf(time: number): number {
  return Math.floor(time / 3_600_000) * 3_600_000;
}

/** The key of a batch whose first record arrived at `arrival`. */
export function renderBatchKey(template: string, place: StreamPlace, arrival: number, name: string): string {
  return renderKey(template, {
    ...place,
    logType: ACTIVITY_LOG_TYPE,
    file: name,
    hour: new Date(hourOf(arrival)),
  });
}

/** The `log-file-name` metadata of a batch: the shard and the sequence numbers it holds. */
export function renderBatchRange(shardId: string, first: string, last: string): string {
  return `activity/${shardId}/${first}-${last}`;
}

/** The shard and range in a batch's `log-file-name`, or undefined when it is not one. */
export function parseBatchRange(
  logFileName: string,
): { shardId: string; firstSequenceNumber: string; lastSequenceNumber: string } | undefined {
  const match = RANGE.exec(logFileName);
  if (!match) return undefined;
  const [, shardId = "", firstSequenceNumber = "", lastSequenceNumber = ""] = match;
  return { shardId, firstSequenceNumber, lastSequenceNumber };
}

// Stands for the name while the template is rendered, so the text around it can be cut out.
const SENTINEL = "rds-log-archive~batch~name";

/**
 * For one hour, the text every batch key of the stream starts with (to list) and ends with after
 * the name (to strip): the template rendered around the name.
 */
export function renderHourListing(
  template: string,
  place: StreamPlace,
  hour: number,
): { prefix: string; suffix: string } {
  const key = renderBatchKey(template, place, hour, SENTINEL);
  const at = key.indexOf(SENTINEL);
  return { prefix: key.slice(0, at), suffix: key.slice(at + SENTINEL.length) };
}
