import { createHash } from "node:crypto";
import { pipeline, Transform } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import type { ObjectStore } from "../../destinations/object-store.js";
import { ArchiverError, isArchiverError } from "../../errors.js";
import type { RdsPort } from "../../rds/rds-port.js";
import { exactLength } from "./exact-length.js";
import { createArchiveGzip, createBlockBatcher } from "./gzip-settings.js";
import type { LogFileVersion } from "./instance-state.js";

/** What one file's transfer produced. */
export interface TransferResult {
  outcome: "created" | "exists";
  bytesIn: number;
  bytesOut: number;
  sha256: string;
}

export interface TransferRequest {
  rds: RdsPort;
  store: ObjectStore;
  region: string;
  instance: string;
  cluster?: string;
  file: LogFileVersion;
  key: string;
  /** The source is already gzip: stored as it is, never compressed twice. */
  compressed: boolean;
  /** Source bytes read so far, for progress displays. */
  onBytes?: (bytes: number) => void;
}

/** Attempts per file; the SDK's own retries sit below this for API calls, this covers a broken body. */
const MAX_ATTEMPTS = 4;

/**
 * Streams one listed version from RDS into the store: download, hash the source bytes, gzip, and
 * write without overwriting. Nothing is buffered beyond stream chunks. A retryable failure (a reset
 * mid-body, a short body, throttling, 5xx) starts the file again from the beginning after a
 * backoff; the store aborts a failed write, so no attempt leaves a partial object.
 */
export async function transferFile(request: TransferRequest): Promise<TransferResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transferOnce(request);
    } catch (error) {
      const retryable = isArchiverError(error) && error.retryable;
      if (!retryable || attempt >= MAX_ATTEMPTS) throw error;
      await sleep(Math.min(8_000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2));
    }
  }
}

async function transferOnce(request: TransferRequest): Promise<TransferResult> {
  const { file } = request;
  const where = `DownloadCompleteDBLogFile ${file.name} on instance ${request.instance} in ${request.region}`;
  const download = await request.rds.downloadLogFile(request.instance, file.name);
  // Bytes written after the listing are cut off, so the archived object is the listed version.
  const listed = exactLength(file.size, where);
  const hash = createHash("sha256");
  let bytesIn = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytesIn += chunk.length;
      request.onBytes?.(chunk.length);
      callback(null, chunk);
    },
  });
  // pipeline() tears every stage down together when one fails. The store's promise is where an
  // attempt's outcome is decided; after the store has let go of the body, a late error of this
  // attempt has no one left to tell, hence the listener that only keeps it from crashing the run.
  // A source that is already gzip is stored as it is; the blocks only serve the compressor.
  const body = request.compressed
    ? pipeline(download, listed, measure, () => {})
    : pipeline(download, listed, measure, createBlockBatcher(), createArchiveGzip(), () => {});
  body.on("error", () => {});
  let sha256 = "";
  const result = await request.store.putNew(request.key, body, {
    // A .gz object, not a gzip-encoded text: HTTP clients must not unzip it on the way down.
    contentType: "application/gzip",
    metadata: () => {
      if (bytesIn !== file.size) {
        throw new ArchiverError("DOWNLOAD_SHORT", `${file.name}: read ${bytesIn} of ${file.size} bytes`, {
          retryable: true,
        });
      }
      sha256 = hash.digest("hex");
      return {
        instance: request.instance,
        logFileName: file.name,
        sourceSize: file.size,
        lastWritten: file.lastWritten,
        sourceSha256: sha256,
        region: request.region,
        ...(request.cluster === undefined ? {} : { cluster: request.cluster }),
      };
    },
  });
  return { outcome: result.outcome, bytesIn, bytesOut: result.bytesWritten, sha256 };
}
