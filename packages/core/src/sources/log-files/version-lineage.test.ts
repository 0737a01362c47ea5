import { describe, expect, it } from "vitest";
import type { LogFileVersion } from "./instance-state.js";
import { mayHaveGrownFrom, planVersionChange } from "./version-lineage.js";

const v = (name: string, size: number, iso: string): LogFileVersion => ({
  name,
  size,
  lastWritten: Date.parse(iso),
});
// The log-file key's identity: the rename family with the version (size and LastWritten).
const keyOf = (f: LogFileVersion) =>
  `${f.name.replace(/^(audit\/server_audit\.log)\.\d+$/, "$1")}|${f.size}|${f.lastWritten}`;

describe("mayHaveGrownFrom", () => {
  it("a larger, later version of a log is its growth; a smaller or earlier one is not", () => {
    const earlier = v("error/mysql-error.log", 100, "2026-11-22T10:00:00Z");
    expect(mayHaveGrownFrom(earlier, v("error/mysql-error.log", 100, "2026-11-22T10:00:00Z"))).toBe(true);
    expect(mayHaveGrownFrom(earlier, v("error/mysql-error.log", 900, "2026-11-25T10:00:00Z"))).toBe(true);
    expect(mayHaveGrownFrom(earlier, v("error/mysql-error.log", 99, "2026-11-22T11:00:00Z"))).toBe(false);
    expect(mayHaveGrownFrom(earlier, v("error/mysql-error.log", 200, "2026-11-22T09:00:00Z"))).toBe(false);
  });

  it("a rotated copy never grows; a daily slot grows only within its hour", () => {
    const copy = v("audit/server_audit.log.2", 4096, "2026-11-22T10:00:00Z");
    expect(mayHaveGrownFrom(copy, v("audit/server_audit.log.2", 5000, "2026-11-22T11:00:00Z"))).toBe(false);
    const slot = v("slowquery/mysql-slowquery.log.7", 50, "2026-11-22T07:20:00Z");
    expect(mayHaveGrownFrom(slot, v("slowquery/mysql-slowquery.log.7", 90, "2026-11-22T07:59:00Z"))).toBe(
      true,
    );
    expect(mayHaveGrownFrom(slot, v("slowquery/mysql-slowquery.log.7", 90, "2026-11-23T07:10:00Z"))).toBe(
      false,
    );
  });
});

describe("planVersionChange: where a version went while it was being downloaded", () => {
  it("a rotated copy renamed one up is fetched from its new name", () => {
    const listed = v("audit/server_audit.log.1", 4096, "2026-11-22T10:00:00Z");
    const listing = [
      v("audit/server_audit.log.1", 4100, "2026-11-22T12:00:00Z"),
      v("audit/server_audit.log.2", 4096, "2026-11-22T10:00:00Z"),
    ];
    expect(planVersionChange(listed, listed.name, listing, keyOf)).toEqual({
      kind: "renamed",
      source: listing[1],
    });
  });

  it("a rotated copy whose name another file took, and whose version is nowhere, is gone", () => {
    const listed = v("audit/server_audit.log.1", 4096, "2026-11-22T10:00:00Z");
    const listing = [v("audit/server_audit.log.1", 4100, "2026-11-22T12:00:00Z")];
    expect(planVersionChange(listed, listed.name, listing, keyOf)).toEqual({ kind: "gone" });
  });

  it("the live file rotated into .1 is superseded by that copy, nothing lost", () => {
    const listed = v("audit/server_audit.log", 900, "2026-11-22T10:00:00Z");
    const rotated = v("audit/server_audit.log.1", 1000, "2026-11-22T10:01:00Z");
    const listing = [v("audit/server_audit.log", 20, "2026-11-22T10:02:00Z"), rotated];
    expect(planVersionChange(listed, listed.name, listing, keyOf)).toEqual({
      kind: "superseded",
      successor: rotated,
      lost: false,
    });
  });

  it("a file that grew is superseded by its growth; one replaced in place is superseded and lost", () => {
    const listed = v("error/mysql-error.log", 900, "2026-11-22T10:00:00Z");
    const grown = v("error/mysql-error.log", 950, "2026-11-22T10:05:00Z");
    expect(planVersionChange(listed, listed.name, [grown], keyOf)).toEqual({
      kind: "superseded",
      successor: grown,
      lost: false,
    });
    const replaced = v("error/mysql-error.log", 900, "2026-11-22T10:05:00Z");
    expect(planVersionChange(listed, listed.name, [{ ...replaced, size: 10 }], keyOf)).toMatchObject({
      kind: "superseded",
      lost: true,
    });
  });

  it("a file whose name is no longer listed is gone; one listed unchanged is fetched again", () => {
    const listed = v("error/postgresql.log.2026-11-22-10", 900, "2026-11-22T10:59:00Z");
    expect(planVersionChange(listed, listed.name, [], keyOf)).toEqual({ kind: "gone" });
    expect(planVersionChange(listed, listed.name, [listed], keyOf)).toEqual({
      kind: "renamed",
      source: listed,
    });
  });
});
