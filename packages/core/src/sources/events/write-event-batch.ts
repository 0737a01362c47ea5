import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import type { ObjectStore } from "../../destinations/object-store.js";
import { GZIP_SETTINGS } from "../log-files/gzip-settings.js";
import type { PendingBatch } from "./events-state.js";
import { renderBatchBody } from "./plan-event-batches.js";

const gzipAsync = promisify(gzip);

/** What writing one batch did. */
export interface BatchWriteResult {
  outcome: "created" | "exists";
  /** Bytes of NDJSON. */
  bytesIn: number;
  /** Bytes stored (gzip). */
  bytesOut: number;
  sha256: string;
}

/**
 * Writes one batch as a new gzipped NDJSON object, never over an existing one ("exists" when a
 * previous run already wrote this very batch). Its metadata describes it as a log file's does:
 * `instance` (and `cluster`), `log-file-name` `events/<batch name>`, the NDJSON's size and SHA-256,
 * and the newest event's Date as `last-written`, so `verify` checks it like any other object. A
 * batch is one hour of one cluster's or instance's events: small enough to compress in one piece.
 */
export async function writeEventBatch(store: ObjectStore, batch: PendingBatch): Promise<BatchWriteResult> {
  const ndjson = Buffer.from(renderBatchBody(batch));
  const sha256 = createHash("sha256").update(ndjson).digest("hex");
  const stored = await gzipAsync(ndjson, { level: GZIP_SETTINGS.level });
  const file = batch.key.slice(batch.key.lastIndexOf("/") + 1).replace(/\.gz$/, "");
  const newest = Math.max(...batch.events.map((e) => Date.parse(e.Date)));
  const region = batch.events[0]?.region ?? "";
  const result = await store.putNew(batch.key, Readable.from([stored]), {
    contentType: "application/gzip",
    metadata: () => ({
      instance: batch.place.instance,
      ...(batch.place.cluster === undefined ? {} : { cluster: batch.place.cluster }),
      logFileName: `events/${file}`,
      sourceSize: ndjson.length,
      lastWritten: newest,
      sourceSha256: sha256,
      region,
    }),
  });
  return { outcome: result.outcome, bytesIn: ndjson.length, bytesOut: result.bytesWritten, sha256 };
}
