/**
 * Plans one run over a stream, purely: which shards to read, from where, in which order, and which
 * gaps the archive must report before reading anything.
 *
 * - A state of another incarnation of the stream (created at another time: DAS was stopped and
 *   started, which deletes the stream and its unread records) is void: a gap, and every shard
 *   starts over from the archive.
 * - A checkpoint older than the stream's retention may point at records Kinesis has trimmed: a
 *   gap, and the shard restarts from the archive (the last batch it holds) or the trim horizon.
 * - A shard the state still expected records from, but that the stream no longer lists, expired
 *   unread: a gap.
 * - A child shard (from a split or merge) waits until each parent still listed has been read to
 *   its end, in this run or an earlier one, so records keep their order.
 */
import type { ShardPosition, StreamShard, StreamSummary } from "./activity-ports.js";
import type { ActivityState } from "./activity-state.js";

/** Where a shard's reading starts. */
export type ShardStart =
  /** After the checkpoint: a batch boundary the state recorded. */
  | { from: "checkpoint"; position: ShardPosition & { type: "AFTER_SEQUENCE_NUMBER" } }
  /** After the last batch the archive holds for the shard, or at the trim horizon when it holds none. */
  | { from: "archive" };

export interface PlannedShard {
  shardId: string;
  parentShardIds: string[];
  /** Undefined for a shard already read to its end. */
  start: ShardStart | undefined;
  /** Listed parents not yet read to their end: this shard starts once they are. */
  waitsFor: string[];
}

export interface PlannedGap {
  shardId?: string;
  reason: string;
  /** ISO 8601: the last record the archive holds before the gap. */
  from?: string;
  /** ISO 8601: where the stream's records begin now. */
  to?: string;
}

export interface StreamReadPlan {
  /** The state's incarnation of the stream is this one (false: start over). */
  stateUsable: boolean;
  /** In an order where parents come before their children. */
  shards: PlannedShard[];
  gaps: PlannedGap[];
}

/** The read plan for one run at `now`; see the file header for the rules. */
export function planStreamRead(
  streamName: string,
  summary: StreamSummary,
  shards: readonly StreamShard[],
  state: ActivityState | undefined,
  now: Date,
): StreamReadPlan {
  const createdAt = new Date(summary.createdAt).toISOString();
  const gaps: PlannedGap[] = [];
  const stateUsable = state !== undefined && state.streamCreatedAt === createdAt;
  const trimHorizon = now.getTime() - summary.retentionHours * 3_600_000;
  if (state !== undefined && !stateUsable) {
    const newest = Object.values(state.shards)
      .map((c) => c.arrival)
      .sort()
      .at(-1);
    gaps.push({
      reason: `the stream ${streamName} was deleted and created again (${createdAt}; the archive knew the one created ${state.streamCreatedAt}): records the old stream held after the archive's last are lost`,
      ...(newest === undefined ? {} : { from: newest }),
      to: createdAt,
    });
  }
  const checkpoints = stateUsable ? state.shards : {};
  const listed = new Set(shards.map((s) => s.shardId));
  for (const [shardId, checkpoint] of Object.entries(checkpoints)) {
    if (!listed.has(shardId) && !checkpoint.closed) {
      gaps.push({
        shardId,
        reason: `shard ${shardId} of ${streamName} expired before it was read to its end: its records after ${checkpoint.arrival} are lost`,
        from: checkpoint.arrival,
      });
    }
  }

  const finished = (shardId: string) => !listed.has(shardId) || checkpoints[shardId]?.closed === true;
  const planned = shards.map((shard): PlannedShard => {
    const checkpoint = checkpoints[shard.shardId];
    const waitsFor = shard.parentShardIds.filter((parent) => !finished(parent));
    const base = { shardId: shard.shardId, parentShardIds: shard.parentShardIds, waitsFor };
    if (checkpoint?.closed) return { ...base, start: undefined };
    if (checkpoint === undefined) return { ...base, start: { from: "archive" } };
    if (Date.parse(checkpoint.arrival) < trimHorizon) {
      gaps.push({
        shardId: shard.shardId,
        reason: `the checkpoint of shard ${shard.shardId} (its last record arrived ${checkpoint.arrival}) is older than the stream's ${summary.retentionHours} h retention: records after it may have been trimmed unread`,
        from: checkpoint.arrival,
        to: new Date(trimHorizon).toISOString(),
      });
      return { ...base, start: { from: "archive" } };
    }
    return {
      ...base,
      start: {
        from: "checkpoint",
        position: { type: "AFTER_SEQUENCE_NUMBER", sequenceNumber: checkpoint.sequenceNumber },
      },
    };
  });
  return { stateUsable, shards: orderParentsFirst(planned), gaps };
}

/** Parents before children (a stable topological order); a shard whose parents are gone comes as listed. */
function orderParentsFirst(shards: PlannedShard[]): PlannedShard[] {
  const byId = new Map(shards.map((s) => [s.shardId, s]));
  const ordered: PlannedShard[] = [];
  const placed = new Set<string>();
  const place = (shard: PlannedShard, path: Set<string>) => {
    if (placed.has(shard.shardId) || path.has(shard.shardId)) return;
    path.add(shard.shardId);
    for (const parent of shard.parentShardIds) {
      const p = byId.get(parent);
      if (p) place(p, path);
    }
    placed.add(shard.shardId);
    ordered.push(shard);
  };
  for (const shard of shards) place(shard, new Set());
  return ordered;
}
