/**
 * What the archive remembers about one activity stream, as JSON under
 * `{prefix}_state/activity/{region}/{resource id}.json`: per shard, the last record the archive
 * holds (or chose to skip: heartbeats). It is a cache of the archive, never the truth: every batch
 * names its first record and records its last in its metadata, so a lost or stale state costs a
 * listing and re-reads, never a duplicate.
 */
import { compareSequenceNumbers } from "./sequence-numbers.js";

export interface ActivityState {
  schemaVersion: 1;
  region: string;
  streamName: string;
  /** The stream's creation time (ISO 8601): a different one means the stream was recreated. */
  streamCreatedAt: string;
  shards: Record<string, ShardCheckpoint>;
  updatedAt: string;
}

/** Where a shard's archive ends. */
export interface ShardCheckpoint {
  /** The last record read to its end: archived in a batch, or a heartbeat. */
  sequenceNumber: string;
  /** That record's arrival on the stream, ISO 8601. */
  arrival: string;
  /** The shard is closed and was read to its end: nothing more will come. */
  closed?: true;
}

/** Parses a stored state document; anything unreadable counts as missing, and is rebuilt from the archive. */
export function parseActivityState(text: string | undefined): ActivityState | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<ActivityState>;
    if (
      value.schemaVersion !== 1 ||
      typeof value.streamCreatedAt !== "string" ||
      typeof value.shards !== "object" ||
      value.shards === null
    )
      return undefined;
    return value as ActivityState;
  } catch {
    return undefined;
  }
}

export function renderActivityState(state: ActivityState): string {
  return `${JSON.stringify(state, null, 1)}\n`;
}

/**
 * The state after `updates`, from the state as it is stored now (another run may have moved it):
 * each shard keeps the later of the two checkpoints, a closed shard stays closed, shards the
 * stream no longer lists are dropped, and a state of another incarnation of the stream is
 * replaced. Returns undefined when nothing changes.
 */
export function planNextActivityState(
  current: ActivityState | undefined,
  stream: { region: string; streamName: string; streamCreatedAt: string; listedShards: readonly string[] },
  updates: Readonly<Record<string, ShardCheckpoint>>,
  now: Date,
): ActivityState | undefined {
  const same = current?.streamCreatedAt === stream.streamCreatedAt ? current : undefined;
  const listed = new Set(stream.listedShards);
  const shards: Record<string, ShardCheckpoint> = {};
  for (const [shardId, checkpoint] of Object.entries(same?.shards ?? {})) {
    if (listed.has(shardId)) shards[shardId] = checkpoint;
  }
  for (const [shardId, update] of Object.entries(updates)) {
    shards[shardId] = later(shards[shardId], update);
  }
  const next: ActivityState = {
    schemaVersion: 1,
    region: stream.region,
    streamName: stream.streamName,
    streamCreatedAt: stream.streamCreatedAt,
    shards: Object.fromEntries(Object.entries(shards).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    updatedAt: now.toISOString(),
  };
  if (current && JSON.stringify({ ...current, updatedAt: "" }) === JSON.stringify({ ...next, updatedAt: "" }))
    return undefined;
  return next;
}

function later(a: ShardCheckpoint | undefined, b: ShardCheckpoint): ShardCheckpoint {
  if (a === undefined) return b;
  const order = compareSequenceNumbers(a.sequenceNumber, b.sequenceNumber);
  const newer = order > 0 ? a : b;
  return a.closed || b.closed ? { ...newer, closed: true } : newer;
}
