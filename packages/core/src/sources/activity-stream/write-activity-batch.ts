import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import type { ObjectStore } from "../../destinations/object-store.js";
import { GZIP_SETTINGS } from "../log-files/gzip-settings.js";
import { type ActivityBatch, renderBatchBody, summarizeBatch } from "./plan-activity-batches.js";
import { renderBatchRange } from "./render-activity-key.js";

const gzipAsync = promisify(gzip);

export interface BatchWriteResult {
  outcome: "created" | "exists";
  /** NDJSON bytes. */
  bytesIn: number;
  /** Gzip bytes stored (0 when the object was there already). */
  bytesOut: number;
  sha256: string;
}

/**
 * Writes one batch as a new gzipped NDJSON object, never over an existing one ("exists": an
 * earlier or overlapping run wrote the batch that starts at this record). Its metadata describes
 * it as a log file's does, so `verify` checks it like any other object: `instance` (and
 * `cluster`), `log-file-name` `activity/{shardId}/{first}-{last}` (the range it holds, which a
 * later run reads to resume after it), the NDJSON's size and SHA-256, and the last record's arrival
 * as `last-written`. A batch is bounded in size, so it is compressed in one piece.
 */
export async function writeActivityBatch(
  store: ObjectStore,
  key: string,
  /** The stream's owner: a cluster (Aurora; `instance` is then the cluster too) or an instance. */
  owner: { region: string; instance: string; cluster?: string },
  batch: ActivityBatch,
): Promise<BatchWriteResult> {
  const { first, last } = summarizeBatch(batch);
  const ndjson = renderBatchBody(batch);
  const sha256 = createHash("sha256").update(ndjson).digest("hex");
  const stored = await gzipAsync(ndjson, { level: GZIP_SETTINGS.level });
  const result = await store.putNew(key, Readable.from([stored]), {
    contentType: "application/gzip",
    metadata: () => ({
      instance: owner.instance,
      ...(owner.cluster === undefined ? {} : { cluster: owner.cluster }),
      logFileName: renderBatchRange(batch.shardId, first.sequenceNumber, last.sequenceNumber),
      sourceSize: ndjson.length,
      lastWritten: last.arrival,
      sourceSha256: sha256,
      region: owner.region,
    }),
  });
  return { outcome: result.outcome, bytesIn: ndjson.length, bytesOut: result.bytesWritten, sha256 };
}
