import type { ReportGap, ReportItem } from "@rds-log-archive/core";
import { describe, expect, it } from "vitest";
import { MAX_ANNOTATIONS_PER_LEVEL, renderAnnotations } from "../src/annotations.js";
import {
  buildReport,
  MALICIOUS_LOG_FILE,
  reportItem,
  troubledFleetReport,
} from "./support/report-builders.js";

const failedItems = (n: number): ReportItem[] =>
  Array.from({ length: n }, (_, i) =>
    reportItem({
      instance: "db-1",
      logFile: `error/postgresql.log.${i}`,
      outcome: "failed",
      error: { code: "THROTTLED", message: "Rate exceeded", hint: "lower concurrency" },
    }),
  );
const gaps = (n: number): ReportGap[] =>
  Array.from({ length: n }, (_, i) => ({
    instance: `db-${i}`,
    reason: "retention outran the archive schedule",
  }));

describe("renderAnnotations", () => {
  it("marks target failures, then failed files, then gaps, each with what to do", () => {
    expect(renderAnnotations(troubledFleetReport(), { failOnGap: true })).toEqual([
      {
        level: "error",
        title: "Could not archive cluster ledger in us-east-1",
        message:
          "ACCESS_DENIED: not authorized to perform rds:DescribeDBClusters on ledger\nhint: the role needs rds:DescribeDBClusters on arn:aws:rds:us-east-1:123456789012:cluster:ledger",
      },
      {
        level: "error",
        title: `Could not archive billing ${MALICIOUS_LOG_FILE.replace("\n", " ")}`,
        message:
          "DOWNLOAD_SHORT: got 10 of 1000 bytes of <error/a|b>\nhint: nothing to do unless it repeats: the next run downloads it again",
      },
      {
        level: "error",
        title: "Gap in the archive of orders-2 audit/audit.log.3.2026-11-19-23-00.1",
        message:
          "RDS no longer holds audit/audit.log.3 written between 23:00 and 00:10: retention outran the archive schedule; run more often (2026-11-19T23:00:00.000Z to 2026-11-20T00:10:00.000Z)",
      },
    ]);
  });

  it("makes gaps warnings when the run does not fail on them", () => {
    const report = buildReport({ targets: [], items: [], gaps: gaps(1) });
    expect(renderAnnotations(report, { failOnGap: false })).toEqual([
      {
        level: "warning",
        title: "Gap in the archive of db-0",
        message: "retention outran the archive schedule",
      },
    ]);
  });

  it("says the next run tries again when there is no hint", () => {
    const report = buildReport({
      targets: [],
      items: [
        reportItem({
          instance: "db-1",
          logFile: "a",
          outcome: "failed",
          error: { code: "INTERNAL", message: "boom" },
        }),
        reportItem({ instance: "db-1", logFile: "b", outcome: "failed" }),
      ],
    });
    expect(renderAnnotations(report, { failOnGap: true }).map((a) => a.message)).toEqual([
      "INTERNAL: boom\nthe next run tries again",
      "no error was recorded; the next run tries again",
    ]);
  });

  it("gives nothing for a clean run", () => {
    const clean = buildReport({ targets: [], items: [reportItem({ instance: "db-1", logFile: "a" })] });
    expect(renderAnnotations(clean, { failOnGap: true })).toEqual([]);
  });

  it("shows at most 10 of each level, the tenth saying how many more there are", () => {
    const report = buildReport({ targets: [], items: failedItems(25), gaps: gaps(15) });
    const annotations = renderAnnotations(report, { failOnGap: false });
    const errors = annotations.filter((a) => a.level === "error");
    const warnings = annotations.filter((a) => a.level === "warning");
    expect(errors).toHaveLength(MAX_ANNOTATIONS_PER_LEVEL);
    expect(warnings).toHaveLength(MAX_ANNOTATIONS_PER_LEVEL);
    expect(errors.at(-2)?.title).toBe("Could not archive db-1 error/postgresql.log.8");
    expect(errors.at(-1)).toEqual({
      level: "error",
      title: "16 more errors from rds-log-archive",
      message:
        "GitHub shows 10 error annotations per step. The job summary lists the rest, and the run report (the report-path output) has every one.",
    });
    expect(warnings.at(-1)?.title).toBe("6 more warnings from rds-log-archive");
  });

  it("counts gaps among the errors when the run fails on them", () => {
    const report = buildReport({ targets: [], items: failedItems(8), gaps: gaps(4) });
    const annotations = renderAnnotations(report, { failOnGap: true });
    expect(annotations).toHaveLength(10);
    expect(annotations.at(-1)?.title).toBe("3 more errors from rds-log-archive");
  });

  it("leaves room for setFailed's own error annotation when asked", () => {
    const report = buildReport({ targets: [], items: failedItems(25) });
    const annotations = renderAnnotations(report, { failOnGap: true, maxPerLevel: 9 });
    expect(annotations).toHaveLength(9);
    expect(annotations.at(-1)?.title).toBe("17 more errors from rds-log-archive");
  });

  it("adds no summary at exactly 10", () => {
    const annotations = renderAnnotations(buildReport({ targets: [], items: failedItems(10) }), {
      failOnGap: true,
    });
    expect(annotations).toHaveLength(10);
    expect(annotations.every((a) => a.title.startsWith("Could not archive"))).toBe(true);
  });

  it("keeps titles on one line and bounds their length", () => {
    const report = buildReport({
      targets: [],
      items: [reportItem({ instance: "db-1", logFile: `x\n${"y".repeat(500)}`, outcome: "failed" })],
    });
    const [annotation] = renderAnnotations(report, { failOnGap: true });
    expect(annotation?.title).not.toContain("\n");
    expect(annotation?.title).toHaveLength(200);
    expect(annotation?.title.endsWith("…")).toBe(true);
  });
});
