import { judgeRun } from "@rds-log-archive/core";
import { describe, expect, it } from "vitest";
import { renderAnnotations } from "../src/annotations.js";
import { renderJobSummary } from "../src/job-summary.js";
import { eventsReport, MALICIOUS_LOG_FILE } from "./support/report-builders.js";

const options = { cloudwatchPricePerGb: 0.5, runUrl: "https://github.com/o/r/actions/runs/42" };

describe("the job summary of an events run", () => {
  it("says what was archived and notified, by category and channel, with each new event and what failed", () => {
    const report = eventsReport();
    expect(judgeRun(report, { failOnGap: true }).failed).toBe(true);
    const summary = renderJobSummary(report, options);
    expect(summary).toContain("## RDS events archive");
    expect(summary).toContain("❌ **1 notification owed.**");
    expect(summary).toContain("[This run](https://github.com/o/r/actions/runs/42) on GitHub Actions.");
    expect(summary).toContain(
      "### Events\n\n| Listed | New | Already archived | Objects | Failed | Notified | Still owed |",
    );
    expect(summary).toContain("| 5 | 2 | 3 | 1 | 0 | 1 | 1 |");
    expect(summary).toContain("By category: backup 1, failover 1.");
    expect(summary).toContain("| Slack | eu-west-1 | 1 | 1 | 1 | <code>NOTIFY&#95;FAILED</code>");
    expect(summary).toContain("window truncated: asked from 2026-11-01 00:00:00 UTC");
    expect(summary).toContain("### New events (2)");
    expect(summary).toContain(
      "| 2026-11-20 03:10:00 UTC | orders | db-cluster-snapshot rds&#58;orders-2026-11-20-03-10 | backup | Automated cluster snapshot created |",
    );
    expect(summary).toContain("### Failures (1)");
    // No table of log files, no CloudWatch cost: this run archived no log files.
    expect(summary).not.toContain("### Instances");
    expect(summary).not.toContain("CloudWatch");
    expect(summary).not.toContain(MALICIOUS_LOG_FILE);
    expect(summary).not.toContain("<script>");
  });

  it("says what a dry run would archive and send", () => {
    const summary = renderJobSummary(eventsReport({ dryRun: true }), options);
    expect(summary).toContain("**Dry run:** 2 new events in 1 object would be archived");
    expect(summary).toContain("### Events that would be archived (2)");
  });
});

describe("the annotations of an events run", () => {
  it("mark a failed channel as an error and a truncated window as a warning", () => {
    const annotations = renderAnnotations(eventsReport(), { failOnGap: true });
    expect(annotations).toEqual([
      {
        level: "error",
        title: "Could not notify Slack of 1 RDS event(s) in eu-west-1",
        message:
          "NOTIFY_FAILED: the Slack webhook: HTTP 404 channel_not_found, 1 attempt(s)\nhint: the Slack webhook was revoked",
      },
      {
        level: "warning",
        title: "RDS events window truncated in eu-west-1",
        message:
          "Asked for events from 2026-11-01T00:00:00.000Z, but RDS keeps them for 14 days: read from 2026-11-06T10:10:00.000Z.",
      },
    ]);
  });
});
