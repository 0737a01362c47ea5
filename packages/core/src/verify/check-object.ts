/**
 * Checks one archived object as it is stored, streaming: it must decompress to its end (as gzip,
 * or zstd when its metadata says `compression: zstd`),
 * and the bytes it stands for must have the size and SHA-256 its metadata records. An object the
 * engine compressed stands for its decompressed bytes; a source that was already gzip (Aurora
 * PostgreSQL's `.gz`) is stored as it is and stands for its stored bytes. Both digests are taken
 * in the one pass, so either kind checks without knowing which it is. Generic over sources: every
 * object carries `source-size` and `source-sha256` (log files, events and activity batches alike).
 */
import { createHash } from "node:crypto";
import { Transform, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { StoredObject } from "../destinations/object-store.js";
import { type CompressionAlgorithm, createDecompressor } from "../sources/log-files/compression.js";

/** What is wrong with an object; see {@link checkObject}. */
export interface ObjectProblem {
  code: "NO_METADATA" | "NOT_GZIP" | "SIZE_MISMATCH" | "SHA256_MISMATCH";
  message: string;
}

/** What the object's metadata record promises, read from its fields. */
export interface VerifiableMetadata {
  sourceSize: number;
  sourceSha256: string;
  /** Epoch ms, when the record has one. */
  lastWritten?: number;
  /** How the object is compressed: its record's `compression`, gzip when it has none. */
  compression: CompressionAlgorithm;
}

/** The fields `verify` checks, or undefined when the record lacks them. Pure. */
export function parseVerifiableMetadata(
  record: Readonly<Record<string, string>> | undefined,
): VerifiableMetadata | undefined {
  const size = Number(record?.["source-size"] ?? Number.NaN);
  const sha256 = record?.["source-sha256"];
  if (!Number.isSafeInteger(size) || size < 0 || sha256 === undefined || !/^[0-9a-f]{64}$/.test(sha256))
    return undefined;
  const lastWritten = Date.parse(record?.["last-written"] ?? "");
  const compression = record?.compression === "zstd" ? "zstd" : "gzip";
  return {
    sourceSize: size,
    sourceSha256: sha256,
    compression,
    ...(Number.isNaN(lastWritten) ? {} : { lastWritten }),
  };
}

/** The outcome of reading one object through. */
export interface ObjectCheck {
  /** Bytes read from the store. */
  storedBytes: number;
  problems: ObjectProblem[];
}

/** Reads `object` to its end and lists what is wrong with it (nothing, for a sound one). */
export async function checkObject(
  object: StoredObject,
  metadata: VerifiableMetadata | undefined,
): Promise<ObjectCheck> {
  const stored = digest();
  const content = digest();
  const problems: ObjectProblem[] = [];
  if (metadata === undefined) {
    problems.push({
      code: "NO_METADATA",
      message:
        "it has no metadata record (a .meta.json sidecar, or S3 metadata) with source-size and source-sha256",
    });
  }
  try {
    const algorithm = metadata?.compression ?? "gzip";
    await pipeline(object.body, stored.meter, createDecompressor(algorithm), content.meter, sink());
  } catch (error) {
    // zlib's own errors (Z_…, ZSTD_…) say the bytes do not decompress; anything else is the store failing to hand them over.
    if (!(error as { code?: string }).code?.startsWith("Z")) throw error;
    problems.push({
      code: "NOT_GZIP",
      message: `it does not decompress${metadata?.compression === "zstd" ? " as zstd" : ""}: ${(error as Error).message}`,
    });
    return { storedBytes: stored.bytes, problems };
  }
  if (metadata === undefined) return { storedBytes: stored.bytes, problems };
  const asIs = stored.bytes === metadata.sourceSize && stored.sha256() === metadata.sourceSha256;
  if (asIs) return { storedBytes: stored.bytes, problems };
  if (content.bytes !== metadata.sourceSize) {
    problems.push({
      code: "SIZE_MISMATCH",
      message: `it holds ${content.bytes} bytes, and its metadata says ${metadata.sourceSize}`,
    });
  } else if (content.sha256() !== metadata.sourceSha256) {
    problems.push({
      code: "SHA256_MISMATCH",
      message: `its SHA-256 is ${content.sha256()}, and its metadata says ${metadata.sourceSha256}`,
    });
  }
  return { storedBytes: stored.bytes, problems };
}

function digest() {
  const hash = createHash("sha256");
  let hex: string | undefined;
  const state = {
    bytes: 0,
    meter: new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        state.bytes += chunk.length;
        callback(null, chunk);
      },
    }),
    sha256: () => {
      hex ??= hash.digest("hex");
      return hex;
    },
  };
  return state;
}

function sink(): Writable {
  return new Writable({ write: (_chunk, _encoding, callback) => callback() });
}
