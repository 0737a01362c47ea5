/**
 * The `compression` setting: how the engine compresses a log file it stores. `gzip` (level 6,
 * zlib's default) unless the config says `gzip-1` … `gzip-9`, `zstd` (level 3, zstd's default) or
 * `zstd-1` … `zstd-19`. zstd comes from Node's own zlib (Node 22.15 and later, which the action's
 * node24 has); on an older Node the setting is refused with that reason. A source that is already
 * gzip is stored as it is whatever the setting, and its object says `gzip`.
 *
 * An object says its compression twice: in its key (`.gz` or `.zst`, the key template's `.gz`
 * becoming `.zst` for zstd) and in its metadata (`compression: gzip|zstd`), so `verify`, Athena
 * and any reader pick the decompressor without guessing.
 */
import type { Transform } from "node:stream";
import * as zlib from "node:zlib";
import { ArchiverError } from "../../errors.js";
import { GZIP_SETTINGS } from "./gzip-settings.js";

/** The compressions an object can have. */
export type CompressionAlgorithm = "gzip" | "zstd";

/** A parsed `compression` setting. */
export interface Compression {
  algorithm: CompressionAlgorithm;
  level: number;
}

/** The default: gzip at level 6. */
export const DEFAULT_COMPRESSION: Compression = { algorithm: "gzip", level: GZIP_SETTINGS.level };

const ZSTD_DEFAULT_LEVEL = 3;

/** What each compression is called in a key, a Content-Type and `verify`'s messages. */
export const COMPRESSION_FORMATS = {
  gzip: { extension: ".gz", contentType: "application/gzip" },
  zstd: { extension: ".zst", contentType: "application/zstd" },
} as const satisfies Record<CompressionAlgorithm, { extension: string; contentType: string }>;

/** Why `text` is not a compression this runtime can use, or undefined when it is one. */
export function compressionProblem(text: string): string | undefined {
  const compression = parseCompression(text);
  if (compression === undefined) return "is not gzip, gzip-1 … gzip-9, zstd or zstd-1 … zstd-19";
  if (compression.algorithm === "zstd" && !runtimeHasZstd())
    return `zstd needs Node 22.15 or later (this is Node ${process.versions.node}); use gzip here`;
  return undefined;
}

/** The setting `text` names, or undefined when it names none. Pure. */
export function parseCompression(text: string): Compression | undefined {
  const match = /^(gzip|zstd)(?:-(\d{1,2}))?$/.exec(text.trim());
  if (match === null) return undefined;
  const algorithm = match[1] as CompressionAlgorithm;
  const level = match[2] === undefined ? undefined : Number(match[2]);
  const max = algorithm === "gzip" ? 9 : 19;
  if (level !== undefined && (level < 1 || level > max)) return undefined;
  return { algorithm, level: level ?? (algorithm === "gzip" ? GZIP_SETTINGS.level : ZSTD_DEFAULT_LEVEL) };
}

/** Whether this Node's zlib has zstd (22.15 and later). */
export function runtimeHasZstd(): boolean {
  return typeof (zlib as { createZstdCompress?: unknown }).createZstdCompress === "function";
}

/** A compressing stream for `compression`, with the engine's output chunk size. */
export function createCompressor(compression: Compression): Transform {
  if (compression.algorithm === "gzip")
    return zlib.createGzip({ level: compression.level, chunkSize: GZIP_SETTINGS.outputChunkBytes });
  return zstd().createZstdCompress({
    chunkSize: GZIP_SETTINGS.outputChunkBytes,
    params: { [zstd().constants.ZSTD_c_compressionLevel]: compression.level },
  });
}

/** A decompressing stream for objects of `algorithm`. */
export function createDecompressor(algorithm: CompressionAlgorithm): Transform {
  return algorithm === "gzip" ? zlib.createGunzip() : zstd().createZstdDecompress();
}

/** Node 22.15's zstd API, typed here since this project's @types/node is Node 20's. */
interface ZstdZlib {
  createZstdCompress(options: { chunkSize: number; params: Record<number, number> }): Transform;
  createZstdDecompress(): Transform;
  constants: { ZSTD_c_compressionLevel: number };
}

function zstd(): ZstdZlib {
  if (!runtimeHasZstd())
    throw new ArchiverError(
      "CONFIG_INVALID",
      `zstd needs Node 22.15 or later; this is Node ${process.versions.node}`,
      {
        hint: "run rds-log-archive on Node 24 (the action does), or keep compression: gzip",
      },
    );
  return zlib as unknown as ZstdZlib;
}
