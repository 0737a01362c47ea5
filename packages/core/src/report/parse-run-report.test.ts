import { describe, expect, it } from "vitest";
import { parseRunReport } from "./parse-run-report.js";
import type { RunReport } from "./run-report.js";

const report: RunReport = {
  schemaVersion: 1,
  startedAt: "2026-11-22T10:05:00.000Z",
  finishedAt: "2026-11-22T10:06:00.000Z",
  dryRun: false,
  totals: { files: 1, archived: 1, skipped: 0, failed: 0, gaps: 0, bytesIn: 10, bytesOut: 2 },
  targets: [{ region: "us-east-1", cluster: "orders", instance: "orders-1", engine: "aurora-postgresql" }],
  items: [
    {
      instance: "orders-1",
      cluster: "orders",
      logFile: "error/postgresql.log.2026-11-22-09",
      size: 10,
      lastWritten: "2026-11-22T09:59:59.000Z",
      outcome: "archived",
      key: "orders/error/2026/11/22/09/orders-1/postgresql.log.2026-11-22-09.gz",
      bytesIn: 10,
      bytesOut: 2,
      sha256: "ab",
      durationMs: 3,
    },
  ],
  gaps: [],
};

const problem = (text: string) => {
  try {
    parseRunReport(text, "shard-3.json");
  } catch (error) {
    return error as { code: string; message: string; hint?: string };
  }
  throw new Error("expected a problem");
};

describe("parseRunReport", () => {
  it("reads what sync --report writes", () => {
    expect(parseRunReport(JSON.stringify(report, null, 2), "r.json")).toEqual(report);
  });

  it("names the file when it is not JSON or not a report", () => {
    expect(problem("{")).toMatchObject({
      code: "REPORT_INVALID",
      message: expect.stringMatching(/^shard-3\.json is not JSON/),
    });
    expect(problem("[]").message).toBe("shard-3.json is not a run report: it has no schemaVersion");
  });

  it("names the file and the versions it knows for an unknown schema version", () => {
    const error = problem(JSON.stringify({ ...report, schemaVersion: 2 }));
    expect(error.message).toBe(
      "shard-3.json is a run report of schemaVersion 2; this rds-log-archive reads version 1",
    );
    expect(error.hint).toContain("version that wrote it");
  });

  it("names the fields that do not fit", () => {
    const bad = {
      ...report,
      totals: { ...report.totals, failed: "0" },
      items: [{ ...report.items[0], outcome: "done" }],
    };
    const { message } = problem(JSON.stringify(bad));
    expect(message).toMatch(/^shard-3\.json is not a valid run report: /);
    expect(message).toContain("totals.failed");
    expect(message).toContain("items[0].outcome");
  });
});
