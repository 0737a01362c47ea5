import { describe, expect, it } from "vitest";
import { compressionProblem, parseCompression } from "./compression.js";

describe("parseCompression", () => {
  it("reads gzip and zstd with their default and explicit levels", () => {
    expect(parseCompression("gzip")).toEqual({ algorithm: "gzip", level: 6 });
    expect(parseCompression("gzip-1")).toEqual({ algorithm: "gzip", level: 1 });
    expect(parseCompression("gzip-9")).toEqual({ algorithm: "gzip", level: 9 });
    expect(parseCompression("zstd")).toEqual({ algorithm: "zstd", level: 3 });
    expect(parseCompression("zstd-19")).toEqual({ algorithm: "zstd", level: 19 });
  });

  it("refuses levels out of range and other names", () => {
    for (const text of ["gzip-0", "gzip-10", "zstd-0", "zstd-20", "brotli", "gzip-", "GZIP", ""]) {
      expect(parseCompression(text), text).toBeUndefined();
      expect(compressionProblem(text), text).toMatch(
        /is not gzip, gzip-1 … gzip-9, zstd or zstd-1 … zstd-19/,
      );
    }
    expect(compressionProblem("gzip-3")).toBeUndefined();
  });
});
