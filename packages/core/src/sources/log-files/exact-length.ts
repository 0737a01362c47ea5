import { Transform, type TransformCallback } from "node:stream";
import { ArchiverError } from "../../errors.js";

/**
 * Passes a download through if it is exactly `size` bytes, the size DescribeDBLogFiles listed for
 * the version being archived. A body that ends short fails `DOWNLOAD_SHORT` (retryable: a broken
 * transfer, or a file replaced by a shorter one, which the caller tells apart by listing again).
 * A body that goes past `size` is not the listed version at all (it grew, or another file took
 * its name): it fails `VERSION_CHANGED` at the first byte too many, so that neither a cut-down copy
 * nor the rest of a large file is ever taken for the version that was listed.
 */
export function exactLength(size: number, where: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      seen += chunk.length;
      if (seen <= size) return callback(null, chunk);
      callback(
        new ArchiverError("VERSION_CHANGED", `${where}: the body runs past the ${size} bytes listed`, {
          hint: "the file changed after it was listed; the run looks for the version it listed, or its successor",
        }),
      );
    },
    flush(callback: TransformCallback) {
      if (seen === size) return callback();
      callback(
        new ArchiverError("DOWNLOAD_SHORT", `${where}: got ${seen} of the ${size} bytes listed`, {
          hint: "a short download is never archived; the next run tries again",
          retryable: true,
        }),
      );
    },
  });
}
