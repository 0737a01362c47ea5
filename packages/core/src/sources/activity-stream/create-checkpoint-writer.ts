import type { ObjectStore } from "../../destinations/object-store.js";
import { updateState } from "../../state/update-state.js";
import {
  type ActivityState,
  parseActivityState,
  planNextActivityState,
  renderActivityState,
  type ShardCheckpoint,
} from "./activity-state.js";

/** Stores shard checkpoints of one stream in its state document. */
export interface CheckpointWriter {
  /** Resolves once a state write holding this checkpoint (or a later one) has succeeded. */
  save(shardId: string, checkpoint: ShardCheckpoint): Promise<void>;
  /** Writes the state even without new checkpoints when it is stale (recreated stream, expired shards). */
  settle(): Promise<void>;
}

/**
 * Shards of a stream read in parallel, and each waits for its checkpoint to be stored before it
 * starts its next batch; their checkpoints share one document. The writer merges what arrives
 * while a write is in flight into the next write, so the document is written at most once at a
 * time, and each write re-reads it (through `updateState`) so another run's progress is kept.
 */
export function createCheckpointWriter(
  store: ObjectStore,
  key: string,
  stream: { region: string; streamName: string; streamCreatedAt: string; listedShards: readonly string[] },
  now: () => Date,
): CheckpointWriter {
  let pending: Record<string, ShardCheckpoint> = {};
  let waiting: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  let writing: Promise<void> | undefined;
  const codec = { parse: parseActivityState, render: renderActivityState };

  const write = (updates: Record<string, ShardCheckpoint>) =>
    updateState<ActivityState>(store, key, codec, (current) =>
      planNextActivityState(current, stream, updates, now()),
    );

  async function drain(): Promise<void> {
    while (waiting.length > 0) {
      const updates = pending;
      const waiters = waiting;
      pending = {};
      waiting = [];
      try {
        await write(updates);
        for (const w of waiters) w.resolve();
      } catch (error) {
        for (const w of waiters) w.reject(error);
      }
    }
    writing = undefined;
  }

  return {
    save(shardId, checkpoint) {
      pending[shardId] = checkpoint;
      const stored = new Promise<void>((resolve, reject) => waiting.push({ resolve, reject }));
      writing ??= drain();
      return stored;
    },
    async settle() {
      await writing;
      await write({});
    },
  };
}
