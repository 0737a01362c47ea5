import { Transform } from "node:stream";

/**
 * How the engine compresses a log file, in one place, so that the bench's plain-gzip reference
 * compresses exactly as the engine does.
 *
 * - Level 6, zlib's default: about 9x on log text. Level 1 is ~1.6x faster for ~11% larger
 *   objects, level 9 half as fast for ~5% smaller ones (Node 20 zlib on synthetic pgaudit text:
 *   level 1 ~230 MB/s and 7.9x, level 6 ~134 MB/s and 9.0x, level 9 ~68 MB/s and 9.5x).
 * - 1 MiB input blocks, and output room for a whole block's result. zlib runs in libuv's thread
 *   pool one write at a time, and each result comes back through the main thread before the next
 *   write starts. The network hands over at most 64 KiB at a time; at that size the round trips
 *   left the compressing thread idle a large part of the time on a busy 2-core machine (one
 *   256 MiB file went from 59 to 80 MB/s). Blocks cost 1 MiB more memory per file in flight.
 */
export const GZIP_SETTINGS = {
  level: 6,
  inputBlockBytes: 1024 * 1024,
  outputChunkBytes: 256 * 1024,
} as const;

/** Joins a stream's chunks into blocks of `GZIP_SETTINGS.inputBlockBytes` (the last one shorter). */
export function createBlockBatcher(): Transform {
  let chunks: Buffer[] = [];
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      bytes += chunk.length;
      if (bytes < GZIP_SETTINGS.inputBlockBytes) return callback();
      const block = Buffer.concat(chunks, bytes);
      chunks = [];
      bytes = 0;
      callback(null, block);
    },
    flush(callback) {
      callback(null, bytes > 0 ? Buffer.concat(chunks, bytes) : undefined);
    },
  });
}
