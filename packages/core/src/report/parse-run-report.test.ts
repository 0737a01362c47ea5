import { describe, expect, it } from "vitest";
import { parseRunReport } from "./parse-run-report.js";
import type { RunReport } from "./run-report.js";

const report: RunReport = {
  schemaVersion: 2,
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

  it("reads a version 1 report (before events) as version 2", () => {
    const v1 = JSON.stringify({ ...report, schemaVersion: 1 });
    expect(parseRunReport(v1, "old.json")).toEqual(report);
  });

  it("reads the events section of an events run", () => {
    const withEvents: RunReport = {
      ...report,
      items: [],
      events: {
        totals: {
          listed: 3,
          new: 1,
          alreadyArchived: 2,
          objects: 1,
          failed: 0,
          bytesIn: 200,
          bytesOut: 150,
          notified: 1,
          notifyFailed: 0,
          byCategory: { backup: 1 },
        },
        windows: [
          {
            region: "us-east-1",
            from: "2026-11-22T09:00:00.000Z",
            to: "2026-11-22T10:05:00.000Z",
            truncated: false,
          },
        ],
        items: [
          {
            region: "us-east-1",
            cluster: "orders",
            instance: "orders",
            sourceType: "db-cluster-snapshot",
            sourceIdentifier: "rds:orders-2026-11-22-09-10",
            date: "2026-11-22T09:10:00.000Z",
            categories: ["backup"],
            message: "Automated cluster snapshot created",
            id: "ab".repeat(32),
            outcome: "archived",
            key: "orders/events/2026/11/22/09/orders/events-20261122T091000Z-0123456789abcdef.ndjson.gz",
          },
        ],
        deliveries: [
          { region: "us-east-1", channel: "slack", events: 1, messages: 1, pending: 0, expired: 0 },
        ],
      },
    };
    expect(parseRunReport(JSON.stringify(withEvents), "events.json")).toEqual(withEvents);
    const bad = { ...withEvents, events: { ...withEvents.events, deliveries: [{ channel: "email" }] } };
    expect(problem(JSON.stringify(bad)).message).toContain("events.deliveries[0].channel");
  });

  it("names the file and the versions it knows for an unknown schema version", () => {
    const error = problem(JSON.stringify({ ...report, schemaVersion: 3 }));
    expect(error.message).toBe(
      "shard-3.json is a run report of schemaVersion 3; this rds-log-archive reads versions 1, 2",
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
