import { isArchiverError } from "../../errors.js";
import type { KinesisPort, ShardPosition } from "./activity-ports.js";
import type { PlannedGap, ShardStart } from "./plan-stream-read.js";
import type { ArchivedBatch } from "./read-shard.js";
import { compareSequenceNumbers } from "./sequence-numbers.js";

export interface OpenedShard {
  iterator: string;
  position: ShardPosition;
  from: "checkpoint" | "archive" | "trim-horizon";
}

/**
 * The first iterator of a shard, from the planned start, falling back as far as needed: after the
 * checkpoint; else after the last batch the archive holds (when it is past the checkpoint); else
 * the trim horizon. A sequence number the shard no longer holds (Kinesis trimmed it: the run came
 * later than the retention) is a gap, added to `gaps`.
 */
export async function openShardIterator(
  kinesis: KinesisPort,
  stream: { streamName: string; findLastBatch(shardId: string): Promise<ArchivedBatch | undefined> },
  shardId: string,
  start: ShardStart,
  gaps: PlannedGap[],
): Promise<OpenedShard> {
  const attempt = async (position: ShardPosition, from: OpenedShard["from"]) => {
    try {
      return {
        iterator: await kinesis.getShardIterator(stream.streamName, shardId, position),
        position,
        from,
      };
    } catch (error) {
      if (!isArchiverError(error) || error.code !== "STARTING_POSITION_INVALID") throw error;
      const after = position.type === "AFTER_SEQUENCE_NUMBER" ? position.sequenceNumber : "";
      gaps.push({
        shardId,
        reason: `shard ${shardId} of ${stream.streamName} no longer holds the records after ${after}: they were trimmed before this run could read them`,
      });
      return undefined;
    }
  };
  if (start.from === "checkpoint") {
    const opened = await attempt(start.position, "checkpoint");
    if (opened) return opened;
  }
  const last = await stream.findLastBatch(shardId);
  if (
    last !== undefined &&
    (start.from !== "checkpoint" ||
      compareSequenceNumbers(last.lastSequenceNumber, start.position.sequenceNumber) > 0)
  ) {
    const opened = await attempt(
      { type: "AFTER_SEQUENCE_NUMBER", sequenceNumber: last.lastSequenceNumber },
      "archive",
    );
    if (opened) return opened;
  }
  const position: ShardPosition = { type: "TRIM_HORIZON" };
  return {
    iterator: await kinesis.getShardIterator(stream.streamName, shardId, position),
    position,
    from: "trim-horizon",
  };
}
