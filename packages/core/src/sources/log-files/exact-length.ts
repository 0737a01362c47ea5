import { Transform, type TransformCallback } from "node:stream";
import { ArchiverError } from "../../errors.js";

/**
 * Passes the first `size` bytes of a download, the size DescribeDBLogFiles listed for the version
 * being archived, and fails if the body ends before them: a short download never becomes an object.
 */
export function exactLength(size: number, where: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      const room = size - seen;
      seen += chunk.length;
      if (room <= 0) return callback();
      callback(null, chunk.length > room ? chunk.subarray(0, room) : chunk);
    },
    flush(callback: TransformCallback) {
      if (seen >= size) return callback();
      callback(
        new ArchiverError("DOWNLOAD_SHORT", `${where}: got ${seen} of the ${size} bytes listed`, {
          hint: "a short download is never archived; the next run tries again",
          retryable: true,
        }),
      );
    },
  });
}
