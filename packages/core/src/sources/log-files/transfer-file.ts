import { createHash } from "node:crypto";
import { pipeline, Transform } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import type { ObjectStore } from "../../destinations/object-store.js";
import { ArchiverError, isArchiverError } from "../../errors.js";
import type { RdsPort } from "../../rds/rds-port.js";
import { COMPRESSION_FORMATS, type Compression, createCompressor } from "./compression.js";
import { exactLength } from "./exact-length.js";
import { createBlockBatcher } from "./gzip-settings.js";
import type { LogFileVersion } from "./instance-state.js";
import { parseLogName } from "./parse-log-name.js";

/**
 * What one transfer came to: the version is stored (or was already), the file is not the listed
 * version any more (with its family as RDS lists it now, for the caller to find where the version
 * went), or the instance itself is gone.
 */
export type TransferAttempt =
  | {
      kind: "stored";
      outcome: "created" | "exists";
      bytesIn: number;
      bytesOut: number;
      sha256: string;
      /** RDS deleted the instance just after serving this file (see `storeIfListed`). */
      instanceGone?: true;
    }
  | { kind: "changed"; listing: LogFileVersion[] }
  | { kind: "instance-gone" };

export interface TransferRequest {
  rds: RdsPort;
  store: ObjectStore;
  region: string;
  instance: string;
  cluster?: string;
  /** The version to store, as listed. */
  file: LogFileVersion;
  /** The name to fetch it from: its own, or the name a rotation moved it to. */
  source: string;
  key: string;
  /** The source is already gzip: stored as it is, never compressed twice. */
  compressed: boolean;
  /** How to compress a source that is not. */
  compression: Compression;
  /** Source bytes read so far, for progress displays. */
  onBytes?: (bytes: number) => void;
}

/** Attempts per file; the SDK's own retries sit below this for API calls, this covers a broken body. */
const MAX_ATTEMPTS = 4;

/**
 * Streams one listed version from RDS into the store: download, hash the source bytes, gzip, and
 * write without overwriting. Nothing is buffered beyond stream chunks. A retryable failure (a
 * reset or stall mid-body, a short body, throttling, 5xx) starts the file again from the
 * beginning after a backoff; the store aborts a failed write, so no attempt leaves a partial
 * object.
 *
 * The bytes stored are the version listed, or nothing is stored: the body must be exactly the
 * listed size, and once it has ended, before the object becomes visible, RDS is asked again for
 * the file (DescribeDBLogFiles filtered to its name), which must still list the same size and
 * LastWritten. A file that grew, was replaced in place, or was renamed by a rotation while it
 * was being fetched fails that check; the attempt then reports `changed`, with the listing.
 * One exception: when the check finds the instance itself deleted, a body of exactly the listed
 * size is kept, since nothing can contradict it any more and its bytes are all that is left.
 */
export async function transferFile(request: TransferRequest): Promise<TransferAttempt> {
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

async function transferOnce(request: TransferRequest): Promise<TransferAttempt> {
  const { file, source } = request;
  let listedNow: LogFileVersion[] | undefined;
  try {
    return await storeIfListed(request, (listing) => {
      listedNow = listing;
    });
  } catch (error) {
    if (!isArchiverError(error)) throw error;
    if (error.code === "DB_INSTANCE_NOT_FOUND") return { kind: "instance-gone" };
    if (error.code !== "VERSION_CHANGED" && error.code !== "LOG_FILE_GONE" && error.code !== "DOWNLOAD_SHORT")
      throw error;
    let listing = listedNow;
    try {
      listing ??= await listFamily(request);
    } catch (listError) {
      if (isArchiverError(listError) && listError.code === "DB_INSTANCE_NOT_FOUND")
        return { kind: "instance-gone" };
      throw listError;
    }
    const current = listing.find((f) => f.name === source);
    const unchanged = current?.size === file.size && current.lastWritten === file.lastWritten;
    // A short body from a file RDS still lists unchanged is a broken transfer: try again.
    if (error.code === "DOWNLOAD_SHORT" && unchanged) throw error;
    return { kind: "changed", listing };
  }
}

/** One download into the store, published only if RDS still lists the version afterwards. */
async function storeIfListed(
  request: TransferRequest,
  onListing: (listing: LogFileVersion[]) => void,
): Promise<TransferAttempt> {
  const { file, source } = request;
  const where = `DownloadCompleteDBLogFile ${source} on instance ${request.instance} in ${request.region}`;
  const download = await request.rds.downloadLogFile(request.instance, source);
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
  const listed = exactLength(file.size, where);
  // pipeline() tears every stage down together when one fails. The store's promise is where an
  // attempt's outcome is decided; after the store has let go of the body, a late error of this
  // attempt has no one left to tell, hence the listener that only keeps it from crashing the run.
  // A source that is already gzip is stored as it is; the blocks only serve the compressor.
  const body = request.compressed
    ? pipeline(download, listed, measure, () => {})
    : pipeline(
        download,
        listed,
        measure,
        createBlockBatcher(),
        createCompressor(request.compression),
        () => {},
      );
  const algorithm = request.compressed ? "gzip" : request.compression.algorithm;
  body.on("error", () => {});
  let sha256 = "";
  let instanceGone = false;
  const result = await request.store.putNew(request.key, body, {
    // A .gz (.zst) object, not a gzip-encoded text: HTTP clients must not unzip it on the way down.
    contentType: COMPRESSION_FORMATS[algorithm].contentType,
    metadata: async () => {
      if (bytesIn !== file.size) {
        throw new ArchiverError("DOWNLOAD_SHORT", `${where}: read ${bytesIn} of ${file.size} bytes`, {
          retryable: true,
        });
      }
      const listing = await listFamily(request).catch((error: unknown) => {
        if (!isArchiverError(error) || error.code !== "DB_INSTANCE_NOT_FOUND") throw error;
        instanceGone = true;
        return [file];
      });
      onListing(listing);
      const current = listing.find((f) => f.name === source) ?? (instanceGone ? file : undefined);
      if (current?.size !== file.size || current.lastWritten !== file.lastWritten) {
        throw new ArchiverError(
          "VERSION_CHANGED",
          `${where}: the file changed while it was being downloaded (listed ${file.size} bytes last written ${new Date(file.lastWritten).toISOString()}, now ${current === undefined ? "gone" : `${current.size} bytes last written ${new Date(current.lastWritten).toISOString()}`})`,
        );
      }
      sha256 = hash.digest("hex");
      return {
        instance: request.instance,
        logFileName: source,
        sourceSize: file.size,
        lastWritten: file.lastWritten,
        sourceSha256: sha256,
        region: request.region,
        compression: algorithm,
        ...(request.cluster === undefined ? {} : { cluster: request.cluster }),
      };
    },
  });
  const stored = {
    kind: "stored",
    outcome: result.outcome,
    bytesIn,
    bytesOut: result.bytesWritten,
    sha256,
  } as const;
  return instanceGone ? { ...stored, instanceGone: true } : stored;
}

/** The file's family as RDS lists it now: the name itself, or every member of a rename family. */
async function listFamily(request: TransferRequest): Promise<LogFileVersion[]> {
  const { family } = parseLogName(request.source, request.file.lastWritten);
  const base = family.slice(family.lastIndexOf("/") + 1);
  const listing = await request.rds.listLogFiles(request.instance, { filenameContains: base });
  return listing.filter((f) => parseLogName(f.name, f.lastWritten).family === family);
}
