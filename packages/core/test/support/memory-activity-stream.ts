/**
 * In-memory Kinesis, KMS and decryptor ports for runner tests of the activity-stream source. They
 * stand in for our own ports, not for AWS (the SDK adapters are tested against kinesalite,
 * kinesis-local and the emulator's KMS): shards with sequence numbers as long as Kinesis's,
 * splits, trimming, iterators that can be made to expire, throttling, and call counts. Records
 * carry their payload in the clear, sealed only by a data key id that the KMS port hands out, so
 * a test can check which key opened which record.
 */
import { ArchiverError } from "../../src/errors.js";
import type {
  KinesisPort,
  KmsPort,
  RecordDecryptor,
  ShardPosition,
  StreamRecord,
  StreamShard,
} from "../../src/sources/activity-stream/activity-ports.js";
import { parseActivityPayload } from "../../src/sources/activity-stream/parse-activity-payload.js";

interface MemoryShard {
  shard: StreamShard;
  records: StreamRecord[];
  /** Records before this index were trimmed. */
  trimmed: number;
}

export interface MemoryStream {
  name: string;
  createdAt: number;
  retentionHours: number;
  shards: MemoryShard[];
}

export interface MemoryKinesis extends KinesisPort {
  streams: Map<string, MemoryStream>;
  calls: Record<string, number>;
  /** The next N GetRecords calls answer ITERATOR_EXPIRED. */
  expireNext: number;
  /** The next N GetRecords calls answer THROTTLED. */
  throttleNext: number;
  createStream(name: string, createdAt: number, retentionHours?: number): MemoryStream;
  /** Appends a record to the shard (default: the first open one) and returns its sequence number. */
  put(name: string, data: Uint8Array, arrival: number, shardId?: string): string;
  /** Closes `shardId` and opens two children; returns their ids. */
  split(name: string, shardId: string): [string, string];
  /** Drops the records that arrived before `time`, as retention does. */
  trim(name: string, time: number): void;
}

// Real sequence numbers are 56 digits; these are too, so nothing fits a Number.
const SEQUENCE_BASE = 49_680_811_990_358_981_916_488_485_845_042_826_161_927_742_218_886_447_106n;

export function createMemoryKinesis(): MemoryKinesis {
  const calls: Record<string, number> = {};
  const count = (name: string) => {
    calls[name] = (calls[name] ?? 0) + 1;
  };
  let sequence = 0n;
  const stream = (name: string) => {
    const found = kinesis.streams.get(name);
    if (!found) throw new ArchiverError("STREAM_NOT_FOUND", `stream ${name}: not found`);
    return found;
  };
  const shardOf = (name: string, shardId: string) => {
    const found = stream(name).shards.find((s) => s.shard.shardId === shardId);
    if (!found) throw new ArchiverError("STREAM_NOT_FOUND", `shard ${shardId} of ${name}: not found`);
    return found;
  };
  const newShard = (s: MemoryStream, parentShardIds: string[]): MemoryShard => {
    const shardId = `shardId-${String(s.shards.length).padStart(12, "0")}`;
    const shard: MemoryShard = {
      shard: { shardId, parentShardIds, startingSequenceNumber: String(SEQUENCE_BASE + sequence) },
      records: [],
      trimmed: 0,
    };
    s.shards.push(shard);
    return shard;
  };

  const kinesis: MemoryKinesis = {
    streams: new Map(),
    calls,
    expireNext: 0,
    throttleNext: 0,
    createStream(name, createdAt, retentionHours = 24) {
      const s: MemoryStream = { name, createdAt, retentionHours, shards: [] };
      newShard(s, []);
      kinesis.streams.set(name, s);
      return s;
    },
    put(name, data, arrival, shardId) {
      const s = stream(name);
      const target = s.shards.find((x) =>
        shardId === undefined ? x.shard.endingSequenceNumber === undefined : x.shard.shardId === shardId,
      );
      if (!target || target.shard.endingSequenceNumber !== undefined)
        throw new Error(`no open shard ${shardId}`);
      sequence += 1000n;
      const sequenceNumber = String(SEQUENCE_BASE + sequence);
      target.records.push({ sequenceNumber, arrival, data });
      return sequenceNumber;
    },
    split(name, shardId) {
      const s = stream(name);
      const parent = shardOf(name, shardId);
      sequence += 1000n;
      parent.shard.endingSequenceNumber = String(SEQUENCE_BASE + sequence);
      return [newShard(s, [shardId]).shard.shardId, newShard(s, [shardId]).shard.shardId];
    },
    trim(name, time) {
      for (const shard of stream(name).shards) {
        while (shard.trimmed < shard.records.length && (shard.records[shard.trimmed]?.arrival ?? 0) < time)
          shard.trimmed += 1;
      }
    },
    async describeStream(name) {
      count("describeStream");
      const s = stream(name);
      return {
        arn: `arn:aws:kinesis:us-east-1:123456789012:stream/${name}`,
        status: "ACTIVE",
        retentionHours: s.retentionHours,
        createdAt: s.createdAt,
      };
    },
    async listShards(name) {
      count("listShards");
      return stream(name).shards.map((s) => structuredClone(s.shard));
    },
    async getShardIterator(name, shardId, position: ShardPosition) {
      count("getShardIterator");
      const shard = shardOf(name, shardId);
      let index = shard.trimmed;
      if (position.type === "AFTER_SEQUENCE_NUMBER") {
        const after = BigInt(position.sequenceNumber);
        const lastTrimmed = shard.records[shard.trimmed - 1];
        // Records after this one were trimmed: Kinesis refuses the sequence number.
        if (lastTrimmed && after < BigInt(lastTrimmed.sequenceNumber)) {
          throw new ArchiverError("STARTING_POSITION_INVALID", `${position.sequenceNumber} was trimmed`);
        }
        index = shard.records.findIndex((r) => BigInt(r.sequenceNumber) > after);
        if (index < 0) index = shard.records.length;
        index = Math.max(index, shard.trimmed);
      }
      return JSON.stringify({ name, shardId, index });
    },
    async getRecords(iterator, limit) {
      count("getRecords");
      if (kinesis.throttleNext > 0) {
        kinesis.throttleNext -= 1;
        throw new ArchiverError("THROTTLED", "GetRecords: throttled", { retryable: true });
      }
      if (kinesis.expireNext > 0) {
        kinesis.expireNext -= 1;
        throw new ArchiverError("ITERATOR_EXPIRED", "GetRecords: the shard iterator expired", {
          retryable: true,
        });
      }
      const { name, shardId, index } = JSON.parse(iterator) as {
        name: string;
        shardId: string;
        index: number;
      };
      const shard = shardOf(name, shardId);
      const from = Math.max(index, shard.trimmed);
      const records = shard.records.slice(from, from + limit);
      const next = from + records.length;
      const ended = shard.shard.endingSequenceNumber !== undefined && next >= shard.records.length;
      return {
        records: records.map((r) => ({ ...r })),
        nextIterator: ended ? undefined : JSON.stringify({ name, shardId, index: next }),
        millisBehindLatest: next >= shard.records.length ? 0 : 1000,
      };
    },
  };
  return kinesis;
}

export interface MemoryKms extends KmsPort {
  calls: number;
  /** A new data key: its "ciphertext" (base64, as a record's `key`) and its plaintext. */
  createDataKey(encryptionContext: Record<string, string>): { key: string; plaintext: Uint8Array };
}

export function createMemoryKms(): MemoryKms {
  const keys = new Map<string, { plaintext: Uint8Array; context: string }>();
  let next = 0;
  const kms: MemoryKms = {
    calls: 0,
    createDataKey(encryptionContext) {
      next += 1;
      const key = Buffer.from(`data-key-${next}`).toString("base64");
      const plaintext = new Uint8Array(32).fill(next);
      keys.set(key, { plaintext, context: JSON.stringify(encryptionContext) });
      return { key, plaintext };
    },
    async decryptDataKey({ ciphertext, encryptionContext }) {
      kms.calls += 1;
      const found = keys.get(Buffer.from(ciphertext).toString("base64"));
      if (!found || found.context !== JSON.stringify(encryptionContext)) {
        throw new ArchiverError(
          "KMS_DECRYPT_FAILED",
          "Decrypt: KMS refused the data key (InvalidCiphertextException)",
        );
      }
      return found.plaintext;
    },
  };
  return kms;
}

/** A record as RDS would put it, sealed only by naming its data key. */
export function memoryDasRecord(
  dataKey: { key: string; plaintext: Uint8Array },
  payload: string,
): Uint8Array {
  const message = Buffer.from(
    JSON.stringify({ sealedWith: Buffer.from(dataKey.plaintext).toString("hex"), payload }),
  ).toString("base64");
  return Buffer.from(
    JSON.stringify({
      type: "DatabaseActivityMonitoringRecords",
      version: "1.1",
      databaseActivityEvents: message,
      key: dataKey.key,
    }),
  );
}

/** Opens {@link memoryDasRecord}s on this thread, refusing a record opened with the wrong data key. */
export function createMemoryDecryptor(
  options: { failOn?: (payload: string) => boolean } = {},
): RecordDecryptor & {
  opened: number;
} {
  const decryptor = {
    opened: 0,
    async open(message: string, dataKey: Uint8Array) {
      const { sealedWith, payload } = JSON.parse(Buffer.from(message, "base64").toString("utf8")) as {
        sealedWith: string;
        payload: string;
      };
      if (sealedWith !== Buffer.from(dataKey).toString("hex") || options.failOn?.(payload)) {
        throw new ArchiverError(
          "RECORD_DECRYPT_FAILED",
          "an activity record could not be decrypted: unencryptedDataKey has not been set",
        );
      }
      decryptor.opened += 1;
      return parseActivityPayload(payload);
    },
    async close() {},
  };
  return decryptor;
}
