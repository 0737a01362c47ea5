/**
 * What the activity-stream source asks of Kinesis, KMS and the decryption side, as ports: plain
 * records in, `ArchiverError`s out. The SDK implements the first two in `adapters/`
 * (`create-kinesis-port.ts`, `create-kms-port.ts`), a worker-thread pool the third
 * (`create-decrypt-pool.ts`); runner tests hand the source in-memory ones.
 */
import type { RdsPortTarget } from "../../rds/rds-port.js";
import type { ActivityPayload } from "./parse-activity-payload.js";

/** A Kinesis data stream as DescribeStreamSummary reports it. */
export interface StreamSummary {
  arn: string;
  /** `CREATING`, `DELETING`, `ACTIVE` or `UPDATING`. */
  status: string;
  retentionHours: number;
  /** Epoch milliseconds; a stream deleted and created again under its name has a new one. */
  createdAt: number;
}

/** One shard as ListShards lists it. */
export interface StreamShard {
  shardId: string;
  /** The shard(s) it was split from or merged from; none for an original shard. */
  parentShardIds: string[];
  startingSequenceNumber: string;
  /** Set once the shard is closed by a split or merge. */
  endingSequenceNumber?: string;
}

/** Where to start reading a shard; never `LATEST`, which would skip records. */
export type ShardPosition =
  | { type: "TRIM_HORIZON" }
  | { type: "AFTER_SEQUENCE_NUMBER"; sequenceNumber: string };

/** One Kinesis record. */
export interface StreamRecord {
  /** A decimal string of up to 128 bits: compare with BigInt, never Number. */
  sequenceNumber: string;
  /** ApproximateArrivalTimestamp, epoch milliseconds. */
  arrival: number;
  data: Uint8Array;
}

/** One GetRecords answer. */
export interface RecordsPage {
  records: StreamRecord[];
  /** Undefined once the shard is closed and read to its end. */
  nextIterator: string | undefined;
  /** How far behind the tip of the stream this page is; 0 when caught up. */
  millisBehindLatest: number;
}

/**
 * Kinesis in one region, for one stream's reader. Errors: `STREAM_NOT_FOUND`,
 * `ITERATOR_EXPIRED` (get a new iterator), `STARTING_POSITION_INVALID` (a sequence number the
 * shard no longer holds), `THROTTLED` (after the SDK's own back-off), `ACCESS_DENIED`.
 */
export interface KinesisPort {
  describeStream(streamName: string): Promise<StreamSummary>;
  /** Every shard still within the retention, closed parents included; every page. */
  listShards(streamName: string): Promise<StreamShard[]>;
  getShardIterator(streamName: string, shardId: string, position: ShardPosition): Promise<string>;
  getRecords(iterator: string, limit: number): Promise<RecordsPage>;
}

/** KMS in one region: decrypts a DAS record's data key under the stream's encryption context. */
export interface KmsPort {
  decryptDataKey(request: {
    ciphertext: Uint8Array;
    encryptionContext: Readonly<Record<string, string>>;
    /** The stream's key (id, ARN or alias), so a record under another key fails clearly. */
    keyId: string;
  }): Promise<Uint8Array>;
}

/**
 * The region and role the Kinesis and KMS ports work in (a config target's), the run's network
 * timeouts and role session: the same as the RDS port's, so every client of a run is bounded and
 * named alike.
 */
export type StreamPortTarget = RdsPortTarget;

/**
 * Opens DAS records: Encryption SDK decrypt of the base64 message with the plaintext data key,
 * gunzip, and the split of {@link parseActivityPayload}. CPU-bound (an ECDSA P-384 verify per
 * message), hence a pool of worker threads by default. Errors: `RECORD_DECRYPT_FAILED`,
 * `PAYLOAD_INVALID`.
 */
export interface RecordDecryptor {
  open(message: string, dataKey: Uint8Array): Promise<ActivityPayload>;
  /** Stops the workers; the decryptor is not used after. */
  close(): Promise<void>;
}
