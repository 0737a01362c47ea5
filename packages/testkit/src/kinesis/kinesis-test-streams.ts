/**
 * Setting up and changing streams on a Kinesis stand-in: create and wait for ACTIVE, reshard
 * (split, merge, change the shard count) and put records, all through the real SDK. Streams are
 * named (kinesalite knows no `StreamARN` parameters).
 */
import { setTimeout as sleep } from "node:timers/promises";
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  type KinesisClient,
  ListShardsCommand,
  MergeShardsCommand,
  PutRecordsCommand,
  type Shard,
  SplitShardCommand,
  UpdateShardCountCommand,
} from "@aws-sdk/client-kinesis";

const ACTIVE_TIMEOUT_MS = 30_000;
/** PutRecords takes at most 500 records a call. */
const PUT_BATCH = 500;

export interface TestRecord {
  data: Uint8Array | string;
  partitionKey: string;
  /** Pins the record to the shard whose hash range holds this decimal 128-bit key. */
  explicitHashKey?: string;
}

export interface PutResult {
  shardId: string;
  sequenceNumber: string;
}

/** Creates a stream and waits until it is ACTIVE; returns its ARN. */
export async function createTestStream(
  client: KinesisClient,
  streamName: string,
  shardCount = 1,
): Promise<string> {
  await client.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: shardCount }));
  return waitForActiveStream(client, streamName);
}

/** Waits until the stream is ACTIVE again (after a create or a reshard); returns its ARN. */
export async function waitForActiveStream(client: KinesisClient, streamName: string): Promise<string> {
  const deadline = Date.now() + ACTIVE_TIMEOUT_MS;
  for (;;) {
    const { StreamDescriptionSummary: summary } = await client.send(
      new DescribeStreamSummaryCommand({ StreamName: streamName }),
    );
    if (summary?.StreamStatus === "ACTIVE") return summary.StreamARN ?? "";
    if (Date.now() > deadline)
      throw new Error(`stream ${streamName} is still ${summary?.StreamStatus} after 30 s`);
    await sleep(20);
  }
}

/** Every shard of the stream, closed parents included, following `NextToken` where the stand-in pages. */
export async function listTestShards(client: KinesisClient, streamName: string): Promise<Shard[]> {
  const shards: Shard[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListShardsCommand(token === undefined ? { StreamName: streamName } : { NextToken: token }),
    );
    shards.push(...(page.Shards ?? []));
    token = page.NextToken;
  } while (token !== undefined);
  return shards;
}

/** Splits a shard at the middle of its hash range; returns the two new shards' ids. */
export async function splitTestShard(
  client: KinesisClient,
  streamName: string,
  shardId: string,
): Promise<string[]> {
  const before = await listTestShards(client, streamName);
  const shard = before.find((s) => s.ShardId === shardId);
  if (!shard?.HashKeyRange) throw new Error(`no shard ${shardId} in ${streamName}`);
  const start = BigInt(shard.HashKeyRange.StartingHashKey ?? "0");
  const end = BigInt(shard.HashKeyRange.EndingHashKey ?? "0");
  await client.send(
    new SplitShardCommand({
      StreamName: streamName,
      ShardToSplit: shardId,
      NewStartingHashKey: ((start + end) / 2n + 1n).toString(),
    }),
  );
  return newShardIds(client, streamName, before);
}

/** Merges two adjacent shards; returns the new shard's id. */
export async function mergeTestShards(
  client: KinesisClient,
  streamName: string,
  shardId: string,
  adjacentShardId: string,
): Promise<string[]> {
  const before = await listTestShards(client, streamName);
  await client.send(
    new MergeShardsCommand({
      StreamName: streamName,
      ShardToMerge: shardId,
      AdjacentShardToMerge: adjacentShardId,
    }),
  );
  return newShardIds(client, streamName, before);
}

/** UpdateShardCount with uniform scaling, as Aurora's own scaling of a DAS stream does (kinesis-local only). */
export async function updateTestShardCount(
  client: KinesisClient,
  streamName: string,
  target: number,
): Promise<string[]> {
  const before = await listTestShards(client, streamName);
  await client.send(
    new UpdateShardCountCommand({
      StreamName: streamName,
      TargetShardCount: target,
      ScalingType: "UNIFORM_SCALING",
    }),
  );
  return newShardIds(client, streamName, before);
}

async function newShardIds(client: KinesisClient, streamName: string, before: Shard[]): Promise<string[]> {
  await waitForActiveStream(client, streamName);
  const known = new Set(before.map((s) => s.ShardId));
  return (await listTestShards(client, streamName)).flatMap((s) =>
    known.has(s.ShardId) ? [] : [s.ShardId ?? ""],
  );
}

/**
 * Puts records in order, 500 a call; a record the stand-in refuses is sent again (kinesis-local
 * fails single records under load), and the call fails after five tries. Returns each record's
 * shard and sequence number, in the order given.
 */
export async function putTestRecords(
  client: KinesisClient,
  streamName: string,
  records: readonly TestRecord[],
): Promise<PutResult[]> {
  const results: PutResult[] = [];
  for (let from = 0; from < records.length; from += PUT_BATCH) {
    let pending = records.slice(from, from + PUT_BATCH).map((record, i) => ({ record, index: from + i }));
    for (let attempt = 1; pending.length > 0; attempt++) {
      const { Records = [] } = await client.send(
        new PutRecordsCommand({
          StreamName: streamName,
          Records: pending.map(({ record }) => ({
            Data: typeof record.data === "string" ? Buffer.from(record.data, "utf8") : record.data,
            PartitionKey: record.partitionKey,
            ...(record.explicitHashKey === undefined ? {} : { ExplicitHashKey: record.explicitHashKey }),
          })),
        }),
      );
      const failed: typeof pending = [];
      Records.forEach((entry, i) => {
        const item = pending[i];
        if (!item) return;
        if (entry.SequenceNumber && entry.ShardId) {
          results[item.index] = { shardId: entry.ShardId, sequenceNumber: entry.SequenceNumber };
        } else failed.push(item);
      });
      if (failed.length > 0 && attempt >= 5) {
        throw new Error(`${failed.length} records were refused five times by ${streamName}`);
      }
      pending = failed;
    }
  }
  return results;
}
