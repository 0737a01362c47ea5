import { isArchiverError } from "../../errors.js";
import type { RecordsPage, ShardPosition } from "./activity-ports.js";
import type { ShardReadContext } from "./read-shard.js";

/** Waits for throttling that outlasted the SDK's retries, doubling from this. */
const THROTTLE_WAIT_MS = 1000;
const THROTTLE_WAITS = 5;

/**
 * One GetRecords page of a shard at `iterator`, after `pauseMs`, or undefined once the run's
 * deadline has passed (no page is read after it). An iterator that expired (5 minutes) is
 * renewed at `position`, after the last record read; throttling that outlasts the SDK's own
 * retries is waited out a few more times, then thrown.
 */
export async function readRecordsPage(
  context: Pick<ShardReadContext, "kinesis" | "streamName" | "pageLimit" | "deadline" | "now" | "sleep">,
  shardId: string,
  read: { iterator: string; position: ShardPosition; pauseMs: number },
): Promise<RecordsPage | undefined> {
  if (read.pauseMs > 0) await context.sleep(read.pauseMs);
  if (context.now() >= context.deadline) return undefined;
  let { iterator } = read;
  for (let throttled = 0; ; ) {
    try {
      return await context.kinesis.getRecords(iterator, context.pageLimit);
    } catch (error) {
      if (isArchiverError(error) && error.code === "ITERATOR_EXPIRED") {
        iterator = await context.kinesis.getShardIterator(context.streamName, shardId, read.position);
        continue;
      }
      if (isArchiverError(error) && error.code === "THROTTLED" && throttled < THROTTLE_WAITS) {
        await context.sleep(THROTTLE_WAIT_MS * 2 ** throttled);
        throttled += 1;
        continue;
      }
      throw error;
    }
  }
}
