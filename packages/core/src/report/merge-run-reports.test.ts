import { describe, expect, it } from "vitest";
import { mergeRunReports, type NamedRunReport } from "./merge-run-reports.js";
import { type ReportItem, type RunReport, summarizeRun } from "./run-report.js";

const item = (instance: string, logFile: string, outcome: ReportItem["outcome"], bytes = 10): ReportItem => ({
  instance,
  logFile,
  size: bytes,
  lastWritten: "2026-11-22T10:00:00.000Z",
  outcome,
  key: `rds/${instance}/${logFile}.gz`,
  bytesIn: outcome === "archived" ? bytes : 0,
  bytesOut: outcome === "archived" ? 2 : 0,
  sha256: "",
  durationMs: 1,
});

/** A shard's report, with totals derived from its items and gaps as archive() derives them. */
function shard(
  source: string,
  fields: Partial<RunReport> & { instances: string[] },
  times: [string, string] = ["2026-11-22T10:05:00.000Z", "2026-11-22T10:06:00.000Z"],
): NamedRunReport {
  const { instances, ...rest } = fields;
  const items = rest.items ?? [];
  const gaps = rest.gaps ?? [];
  return {
    source,
    report: {
      schemaVersion: 2,
      startedAt: times[0],
      finishedAt: times[1],
      dryRun: false,
      targets: instances.map((instance) => ({ region: "us-east-1", instance, engine: "postgres" })),
      ...rest,
      items,
      gaps,
      totals: summarizeRun(items, gaps),
    },
  };
}

describe("mergeRunReports", () => {
  it("counts the totals from the merged items, whatever a shard's own totals said", () => {
    const a = shard("a.json", { instances: ["db-1"], items: [item("db-1", "error/a", "archived", 100)] });
    a.report.totals = { ...a.report.totals, archived: 7, bytesIn: 1 };
    const b = shard("b.json", { instances: ["db-2"], items: [item("db-2", "error/a", "failed")] });
    const { report } = mergeRunReports([a, b]);
    expect(report.totals).toMatchObject({ files: 2, archived: 1, failed: 1, bytesIn: 100 });
  });

  it("counts totals, concatenates and sorts targets, items and gaps, and spans the earliest start to the latest finish", () => {
    const a = shard(
      "a.json",
      {
        instances: ["db-2"],
        items: [item("db-2", "error/b", "archived", 100), item("db-2", "error/a", "skipped")],
      },
      ["2026-11-22T10:05:00.000Z", "2026-11-22T10:09:00.000Z"],
    );
    const b = shard(
      "b.json",
      {
        instances: ["db-1"],
        items: [item("db-1", "error/a", "failed")],
        gaps: [{ instance: "db-1", reason: "rotated away" }],
      },
      ["2026-11-22T10:04:00.000Z", "2026-11-22T10:07:00.000Z"],
    );
    const { report, overlaps } = mergeRunReports([a, b]);
    expect(overlaps).toEqual([]);
    expect(report.startedAt).toBe("2026-11-22T10:04:00.000Z");
    expect(report.finishedAt).toBe("2026-11-22T10:09:00.000Z");
    expect(report.totals).toEqual({
      files: 3,
      archived: 1,
      skipped: 1,
      failed: 1,
      gaps: 1,
      bytesIn: 100,
      bytesOut: 2,
    });
    expect(report.totals).toEqual(summarizeRun(report.items, report.gaps));
    expect(report.targets.map((t) => t.instance)).toEqual(["db-1", "db-2"]);
    expect(report.items.map((i) => `${i.instance} ${i.logFile}`)).toEqual([
      "db-1 error/a",
      "db-2 error/a",
      "db-2 error/b",
    ]);
    expect(report.gaps).toHaveLength(1);
    expect(report.dryRun).toBe(false);
  });

  it("is the identity on one report", () => {
    const a = shard("a.json", { instances: ["db-1"], items: [item("db-1", "error/a", "archived")] });
    expect(mergeRunReports([a]).report).toEqual(a.report);
  });

  it("finds the same instance in two reports", () => {
    const { overlaps } = mergeRunReports([
      shard("a.json", { instances: ["db-1", "db-2"] }),
      shard("b.json", { instances: ["db-2"] }),
    ]);
    expect(overlaps).toEqual([
      expect.objectContaining({ kind: "instance", name: "us-east-1/db-2", sources: ["a.json", "b.json"] }),
    ]);
    expect(overlaps[0]?.message).toContain("a.json and b.json");
  });

  it("tells the same id in two regions apart", () => {
    const east = shard("a.json", { instances: ["db-1"] });
    const west = shard("b.json", {
      instances: [],
      targets: [{ region: "eu-west-1", instance: "db-1", engine: "mysql" }],
    });
    expect(mergeRunReports([east, west]).overlaps).toEqual([]);
  });

  it("finds the same key archived twice, but not the same key skipped twice", () => {
    const { overlaps } = mergeRunReports([
      shard("a.json", {
        instances: [],
        items: [item("db-1", "error/a", "archived"), item("db-1", "error/b", "skipped")],
      }),
      shard("b.json", {
        instances: [],
        items: [item("db-1", "error/a", "archived"), item("db-1", "error/b", "skipped")],
      }),
    ]);
    expect(overlaps).toEqual([
      expect.objectContaining({ kind: "key", name: "rds/db-1/error/a.gz", sources: ["a.json", "b.json"] }),
    ]);
  });

  it("keeps one copy of a discovery failure that every shard reports, and every instance failure", () => {
    const missing = {
      region: "us-east-1",
      cluster: "gone",
      instance: "gone",
      engine: "",
      error: { code: "DB_CLUSTER_NOT_FOUND", message: "cluster gone not found" },
    };
    const failed = {
      region: "us-east-1",
      instance: "db-1",
      engine: "postgres",
      error: { code: "ACCESS_DENIED", message: "no" },
    };
    const { report, overlaps } = mergeRunReports([
      shard("a.json", { instances: [], targets: [missing, failed] }),
      shard("b.json", { instances: ["db-2"], targets: [missing] }),
    ]);
    expect(report.targets).toEqual([failed, missing]);
    expect(overlaps).toEqual([]);
  });

  it("merges dry runs with dry runs, and refuses to mix them with real runs", () => {
    const dry = (source: string) =>
      shard(source, { instances: [], dryRun: true, items: [item("db-1", source, "planned")] });
    expect(mergeRunReports([dry("a"), dry("b")]).report.dryRun).toBe(true);
    expect(() => mergeRunReports([dry("a.json"), shard("b.json", { instances: [] })])).toThrow(
      /a\.json is a dry run/,
    );
  });

  it("refuses to merge nothing", () => {
    expect(() => mergeRunReports([])).toThrow(expect.objectContaining({ code: "REPORTS_INCOMPATIBLE" }));
  });
});
