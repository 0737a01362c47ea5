import { judgeRun } from "@rds-log-archive/core";
import { describe, expect, it } from "vitest";
import { renderAnnotations } from "../src/annotations.js";
import { renderJobSummary } from "../src/job-summary.js";
import { renderInputHints } from "../src/render-input-text.js";
import { activityReport, MALICIOUS_LOG_FILE } from "./support/report-builders.js";

const options = { cloudwatchPricePerGb: 0.5, runUrl: "https://github.com/o/r/actions/runs/42" };

describe("the job summary of an activity-stream run", () => {
  it("says what was read and archived, each stream's lag and retention, and what needs attention", () => {
    const report = activityReport();
    expect(judgeRun(report, { failOnGap: true }).failures).toBe(2);
    const summary = renderJobSummary(report, options);
    expect(summary).toContain("## RDS activity stream archive");
    expect(summary).toContain(
      "❌ **1 stream or shard failed, 1 database not archived, 1 gap.** What failed is read again by the next run",
    );
    expect(summary).toContain(
      "Stopped at `max-duration` before the tip of 1 stream; the next run goes on from there.",
    );
    expect(summary).toContain("3 databases in 1 region.");
    expect(summary).toContain(
      "| Streams | Shards read | Records | Events | Heartbeats | Objects | KMS calls | Failed | Gaps | Bytes in | Bytes out |",
    );
    expect(summary).toContain("| 2 | 3 | 1,250 | 2,040 | 210 | 1 | 3 | 1 | 1 |");
    expect(summary).toContain("Lag behind the streams when the run stopped reading: at most 2 h 0 min.");
    expect(summary).toContain(
      "- cluster orders (eu-west-1): its stream keeps records 24 h, so runs must never be that far apart",
    );
    // The week-long retention of the other stream is no concern.
    expect(summary).not.toContain("instance ledger (eu-west-1): its stream keeps");
    expect(summary).toContain("### Streams (2)");
    expect(summary).toContain(
      "| cluster orders | eu-west-1 | aurora-postgresql | aws-rds-das-cluster-ORDERS | 1,200 | 2,000 | 200 | 2 | 1 min 30 s | 24 h | 1 caught up, 1 failed |",
    );
    expect(summary).toContain("| 1 stopped at max-duration |");
    expect(summary).toContain("### Failures (2)");
    expect(summary).toContain(
      "| cluster quiet (eu-west-1) | <em>its activity stream</em> | <code>ACTIVITY&#95;STREAM&#95;NOT&#95;STARTED</code> |",
    );
    expect(summary).toContain(
      "| cluster orders (eu-west-1) | aws-rds-das-cluster-ORDERS shardId-000000000001 | <code>KMS&#95;DECRYPT&#95;FAILED</code> | KMS refused the data key | the role needs kms&#58;Decrypt |",
    );
    expect(summary).toContain("### Gaps (1)\n\nActivity records the stream no longer holds");
    expect(summary).toContain("| Cluster or instance | Stream or shard | From | To | Reason |");
    // No log-file tables, no CloudWatch cost: this run archived no log files.
    expect(summary).not.toContain("### Instances");
    expect(summary).not.toContain("CloudWatch");
    // A hostile stream name is shown as text, never as markup.
    expect(summary).not.toContain(MALICIOUS_LOG_FILE);
    expect(summary).not.toContain("<script>");
    expect(summary).toContain("a&#124;b&lt;script&gt;");
  });

  it("says a clean run archived the events, and a run with nothing new says so", () => {
    const clean = activityReport();
    const activity = clean.activity as NonNullable<typeof clean.activity>;
    const streams = activity.streams.map((s) => ({
      ...s,
      stoppedEarly: false,
      shards: s.shards.filter((sh) => sh.error === undefined),
    }));
    const ok = {
      ...clean,
      targets: clean.targets.filter((t) => t.error === undefined),
      gaps: [],
      totals: { ...clean.totals, gaps: 0 },
      activity: { ...activity, streams, totals: { ...activity.totals, failed: 0 } },
    };
    expect(renderJobSummary(ok, options)).toContain(
      "✅ **Archived 2,040 activity events** in 1 object, from 1,250 records read (210 heartbeats dropped).",
    );
    const idle = {
      ...ok,
      activity: {
        ...ok.activity,
        totals: { ...ok.activity.totals, events: 0, objects: 0, records: 3, heartbeats: 3 },
      },
    };
    expect(renderJobSummary(idle, options)).toContain(
      "✅ **Nothing new to archive:** 3 records read (3 heartbeats dropped).",
    );
  });

  it("says what a dry run would read", () => {
    const summary = renderJobSummary(activityReport({ dryRun: true }), options);
    expect(summary).toContain("**Dry run:** 2 streams, 3 shards would be read");
    expect(summary).toContain("nothing was read or written.");
    expect(summary).not.toContain("Lag behind");
  });

  it("marks failed shards, the database whose stream is not started and the gap, with hints in the action's words", () => {
    const annotations = renderAnnotations(renderInputHints(activityReport()), { failOnGap: true });
    expect(annotations.map((a) => [a.level, a.title])).toEqual([
      ["error", "Could not archive cluster quiet in eu-west-1"],
      [
        "error",
        "Could not archive shardId-000000000001 of the activity stream of cluster orders in eu-west-1",
      ],
      ["error", "Gap in the archive of orders activity/shardId-000000000001"],
    ]);
    expect(annotations[1]?.message).toContain(
      "KMS_DECRYPT_FAILED: KMS refused the data key\nhint: the role needs kms:Decrypt",
    );
  });
});
