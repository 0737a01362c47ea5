import {
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  type Shard,
} from "@aws-sdk/client-kinesis";
import type {
  KinesisPort,
  StreamPortTarget,
  StreamShard,
} from "../sources/activity-stream/activity-ports.js";
import { assumeRoleCredentials } from "./assume-role.js";
import { toArchiverError } from "./aws-errors.js";
import { createTimedRequestHandler } from "./network-timeouts.js";

/**
 * The {@link KinesisPort} on the AWS SDK, for polling a DAS stream from a scheduled job:
 * adaptive retries (they back off on ProvisionedThroughputExceededException, which another
 * consumer of the same shard causes too), the SDK's endpoint chain (`AWS_ENDPOINT_URL_KINESIS`),
 * and streams addressed by name.
 *
 * The client speaks HTTP/1.1: `@aws-sdk/client-kinesis` defaults to an HTTP/2 handler, which only
 * SubscribeToShard's event stream needs. Polling with GetRecords works over HTTP/1.1 on real
 * Kinesis (boto3 speaks nothing else), the local stand-ins answer HTTP/2 with a protocol error,
 * and the run's timed handler (`createTimedRequestHandler`, a `NodeHttpHandler`: HTTP/1.1) bounds
 * every call with the config's `timeouts` as it does the RDS, STS and S3 clients'. A stalled call
 * is then a timeout the SDK retries, not a run that waits for ever.
 */
export function createKinesisPort(target: StreamPortTarget): KinesisPort {
  const credentials = assumeRoleCredentials(target.roleArn, target.region, target.session, target.timeouts);
  const kinesis = new KinesisClient({
    region: target.region,
    retryMode: "adaptive",
    maxAttempts: 8,
    requestHandler: createTimedRequestHandler(target.timeouts),
    ...(credentials === undefined ? {} : { credentials }),
  });
  const call = async <T>(operation: string, resource: string, send: () => Promise<T>): Promise<T> => {
    try {
      return await send();
    } catch (error) {
      throw toArchiverError(error, {
        operation,
        iamAction: `kinesis:${operation}`,
        resource,
        failureCode: "STREAM_READ_FAILED",
      });
    }
  };
  const where = (stream: string) => `stream ${stream} in ${target.region}`;

  return {
    async describeStream(streamName) {
      const { StreamDescriptionSummary: s } = await call("DescribeStreamSummary", where(streamName), () =>
        kinesis.send(new DescribeStreamSummaryCommand({ StreamName: streamName })),
      );
      return {
        arn: s?.StreamARN ?? "",
        status: s?.StreamStatus ?? "UNKNOWN",
        retentionHours: s?.RetentionPeriodHours ?? 24,
        createdAt: s?.StreamCreationTimestamp?.getTime() ?? 0,
      };
    },

    async listShards(streamName) {
      const shards: StreamShard[] = [];
      let token: string | undefined;
      do {
        // A paged call names the stream only on its first page: Kinesis refuses both together.
        const input = token === undefined ? { StreamName: streamName } : { NextToken: token };
        const page = await call("ListShards", where(streamName), () =>
          kinesis.send(new ListShardsCommand(input)),
        );
        shards.push(...(page.Shards ?? []).flatMap(toStreamShard));
        token = page.NextToken;
      } while (token !== undefined);
      return shards;
    },

    async getShardIterator(streamName, shardId, position) {
      const { ShardIterator } = await call("GetShardIterator", `${shardId} of ${where(streamName)}`, () =>
        kinesis.send(
          new GetShardIteratorCommand({
            StreamName: streamName,
            ShardId: shardId,
            ShardIteratorType: position.type,
            ...(position.type === "AFTER_SEQUENCE_NUMBER"
              ? { StartingSequenceNumber: position.sequenceNumber }
              : {}),
          }),
        ),
      );
      return ShardIterator ?? "";
    },

    async getRecords(iterator, limit) {
      const page = await call("GetRecords", `a shard in ${target.region}`, () =>
        kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: limit })),
      );
      return {
        records: (page.Records ?? []).map((r) => ({
          sequenceNumber: r.SequenceNumber ?? "",
          arrival: r.ApproximateArrivalTimestamp?.getTime() ?? 0,
          data: r.Data ?? new Uint8Array(),
        })),
        nextIterator: page.NextShardIterator ?? undefined,
        millisBehindLatest: page.MillisBehindLatest ?? 0,
      };
    },
  };
}

function toStreamShard(shard: Shard): StreamShard[] {
  if (shard.ShardId === undefined) return [];
  const range = shard.SequenceNumberRange;
  return [
    {
      shardId: shard.ShardId,
      parentShardIds: [shard.ParentShardId, shard.AdjacentParentShardId].filter(
        (id): id is string => id !== undefined,
      ),
      startingSequenceNumber: range?.StartingSequenceNumber ?? "0",
      ...(range?.EndingSequenceNumber === undefined
        ? {}
        : { endingSequenceNumber: range.EndingSequenceNumber }),
    },
  ];
}
