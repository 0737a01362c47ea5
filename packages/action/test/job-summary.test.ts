import { mergeRunReports } from "@rds-log-archive/core";
import { describe, expect, it } from "vitest";
import {
  buildReport,
  largeFleetReport,
  oneInstanceReport,
  reportItem,
  troubledFleetReport,
} from "./support/report-builders.js";
import { cells, lines, renderSummary, tableRows } from "./support/summary-markdown.js";

describe("renderJobSummary content", () => {
  it("gives the heading, the verdict, the run window and the totals", () => {
    const markdown = renderSummary(troubledFleetReport());
    expect(lines(markdown).slice(0, 5)).toEqual([
      "## RDS log archive",
      "",
      "❌ **1 file failed, 1 target failed, 1 gap.** The next run tries the failures again; see below for what to fix.",
      "",
      "Ran 2026-11-20 10:05:00 → 10:07:12 UTC (2 min 12 s), 4 instances in 2 regions.",
    ]);
    expect(tableRows(markdown, "Totals")).toEqual(["| 5 | 2 | 2 | 1 | 1 | 4.7 GiB | 429.2 MiB | 11.1× |"]);
    expect(markdown).toContain("Skipped: 1 already archived, 1 not settled.");
    expect(markdown.endsWith("\n")).toBe(true);
    expect(markdown.endsWith("\n\n")).toBe(false);
  });

  it("says all archived, nothing new, only gaps, or dry run in one line", () => {
    const archived = oneInstanceReport({
      instance: "db-1",
      logFile: "error/postgresql.log",
      bytesIn: 2048,
      bytesOut: 512,
    });
    expect(lines(renderSummary(archived))[2]).toBe(
      "✅ **All archived:** 1 file, 2.0 KiB read, 512 B written.",
    );

    const skipped = oneInstanceReport({
      instance: "db-1",
      logFile: "error/postgresql.log",
      outcome: "skipped",
      reason: "already-archived",
    });
    expect(lines(renderSummary(skipped))[2]).toBe("✅ **Nothing new to archive:** 1 file skipped.");

    const gapOnly = buildReport({
      targets: [],
      items: [],
      gaps: [{ instance: "db-1", reason: "retention outran it" }],
    });
    expect(lines(renderSummary(gapOnly))[2]).toBe(
      "❌ **1 gap.** RDS no longer holds that log data; see below.",
    );
    // With fail-on-gap off the run passes, so its gaps are a warning, not a failure.
    expect(lines(renderSummary(gapOnly, { failOnGap: false }))[2]).toBe(
      "⚠️ **1 gap.** RDS no longer holds that log data; see below.",
    );

    const dry = buildReport({
      dryRun: true,
      targets: [{ region: "eu-west-1", instance: "db-1", engine: "postgres" }],
      items: [
        reportItem({
          instance: "db-1",
          logFile: "a",
          outcome: "planned",
          size: 3 * 1024 * 1024,
          bytesIn: 0,
          bytesOut: 0,
        }),
        reportItem({
          instance: "db-1",
          logFile: "b",
          outcome: "planned",
          size: 1024 * 1024,
          bytesIn: 0,
          bytesOut: 0,
        }),
      ],
    });
    const dryMarkdown = renderSummary(dry);
    expect(lines(dryMarkdown)[2]).toBe(
      "**Dry run:** 2 files would be archived (4.0 MiB); nothing was written.",
    );
    expect(tableRows(dryMarkdown, "Instances")[0]).toContain("| postgres | 2 | 0 | 0 |");
    expect(dryMarkdown).toContain("| Files | Planned | Skipped |");
  });

  it("lists every instance, those that need attention first, then by region, cluster and name", () => {
    const rows = tableRows(renderSummary(troubledFleetReport()), "Instances (4)").map(cells);
    expect(rows).toEqual([
      ["billing", "—", "us-east-1", "postgres", "1", "0", "1", "2.8 GiB", "286.1 MiB", "—"],
      ["ledger", "ledger", "us-east-1", "—", "0", "0", "0", "0 B", "0 B", "<code>ACCESS&#95;DENIED</code>"],
      ["orders-1", "orders", "eu-west-1", "aurora-mysql", "1", "1", "0", "1.9 GiB", "143.1 MiB", "—"],
      ["orders-2", "orders", "eu-west-1", "aurora-mysql", "0", "1", "0", "0 B", "0 B", "—"],
    ]);
  });

  it("orders instances the same whatever order the shards came in, numbers in numeric order", () => {
    const targets = ["db-10", "db-2", "db-1"].map((instance) => ({
      region: "eu-west-1",
      instance,
      engine: "mysql",
    }));
    const forward = renderSummary(buildReport({ targets, items: [] }));
    expect(renderSummary(buildReport({ targets: [...targets].reverse(), items: [] }))).toBe(forward);
    expect(tableRows(forward, "Instances").map((r) => cells(r)[0])).toEqual(["db-1", "db-2", "db-10"]);
  });

  it("gives each failure its code, message and what to do, target failures first", () => {
    const rows = tableRows(renderSummary(troubledFleetReport()), "Failures").map(cells);
    expect(rows[0]).toEqual([
      "cluster ledger (us-east-1)",
      "<em>every file</em>",
      "<code>ACCESS&#95;DENIED</code>",
      "not authorized to perform rds&#58;DescribeDBClusters on ledger",
      "the role needs rds&#58;DescribeDBClusters on arn&#58;aws&#58;rds&#58;us-east-1&#58;123456789012&#58;cluster&#58;ledger",
    ]);
    expect(rows[1]?.[2]).toBe("<code>DOWNLOAD&#95;SHORT</code>");
    expect(rows[1]?.[4]).toBe("nothing to do unless it repeats&#58; the next run downloads it again");
  });

  it("says what to do when a failure has no hint or no error at all", () => {
    const report = buildReport({
      targets: [{ region: "eu-west-1", instance: "db-1", engine: "postgres" }],
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
    const rows = tableRows(renderSummary(report), "Failures").map(cells);
    expect(rows.map((r) => r[4])).toEqual([
      "the next run tries again; if it keeps failing, see the message",
      "the next run tries again; if it keeps failing, see the message",
    ]);
    expect(rows[1]?.slice(2, 4)).toEqual(["—", "no error was recorded"]);
  });

  it("counts failures by error code when the table is long", () => {
    const report = largeFleetReport({ instances: 4, items: 60, failEvery: 2 });
    expect(renderSummary(report)).toContain("By error: 30 <code>DOWNLOAD&#95;FAILED</code>.");
    expect(renderSummary(troubledFleetReport())).not.toContain("By error:");
  });

  it("lists gaps with instance, log file, from, to and reason", () => {
    expect(tableRows(renderSummary(troubledFleetReport()), "Gaps").map(cells)).toEqual([
      [
        "orders-2",
        "audit/audit.log.3.2026-11-19-23-00.1",
        "2026-11-19 23:00:00 UTC",
        "2026-11-20 00:10:00 UTC",
        "RDS no longer holds audit/audit.log.3 written between 23&#58;00 and 00&#58;10&#58; retention outran the archive schedule; run more often",
      ],
    ]);
  });

  it("leaves out the failures and gaps sections when there are none, and says when no instance matched", () => {
    const markdown = renderSummary(buildReport({ targets: [], items: [] }));
    expect(markdown).not.toContain("### Failures");
    expect(markdown).not.toContain("### Gaps");
    expect(markdown).toContain("### Instances (0)\n\nNo instance matched the targets.");
    expect(lines(markdown)[2]).toBe("✅ **Nothing to archive:** no log files were listed.");
  });

  it("renders a report merged from shards in several regions like one run's", () => {
    const shard = (region: string, instance: string) =>
      buildReport({
        targets: [{ region, instance, engine: "postgres" }],
        items: [reportItem({ instance, logFile: "error/postgresql.log", key: `${instance}/error.gz` })],
      });
    const { report } = mergeRunReports([
      { source: "shard-1.json", report: shard("us-east-1", "db-b") },
      { source: "shard-2.json", report: shard("eu-west-1", "db-a") },
    ]);
    const markdown = renderSummary(report);
    expect(markdown).toContain("2 instances in 2 regions");
    expect(tableRows(markdown, "Totals")[0]).toMatch(/^\| 2 \| 2 \| 0 \| 0 \| 0 \|/);
    expect(tableRows(markdown, "Instances").map((r) => cells(r).slice(0, 3))).toEqual([
      ["db-a", "—", "eu-west-1"],
      ["db-b", "—", "us-east-1"],
    ]);
  });

  it("takes the title from the options, escaped", () => {
    expect(
      lines(renderSummary(buildReport({ targets: [], items: [] }), { title: "Archive <prod> #1" }))[0],
    ).toBe("## Archive &lt;prod&gt; &#35;1");
  });
});

describe("renderJobSummary cost avoided", () => {
  const costLine = (markdown: string) =>
    lines(markdown)[lines(markdown).indexOf("### CloudWatch Logs cost avoided") + 2];
  const readOnly = (bytesIn: number) =>
    oneInstanceReport({
      instance: "db-1",
      logFile: "a",
      bytesIn,
      bytesOut: Math.max(1, Math.round(bytesIn / 10)),
    });

  it("prices the bytes read from RDS in decimal GB and names the price and its input", () => {
    expect(costLine(renderSummary(readOnly(1_234_567_890)))).toBe(
      "About **$0.62**: this run read 1.23 GB (decimal GB of 10⁹ bytes, as AWS bills) from RDS, at $0.50/GB, the input `cloudwatch-price-per-gb`. That is what shipping the same bytes to CloudWatch Logs would have cost to ingest, before storage.",
    );
  });

  it("uses the price it is given, keeping sub-cent digits", () => {
    expect(costLine(renderSummary(readOnly(2_000_000_000_000), { price: 0.505 }))).toMatch(
      /^About \*\*\$1,010\.00\*\*: this run read 2,000 GB .* at \$0\.505\/GB/,
    );
    expect(costLine(renderSummary(readOnly(1e12), { price: 0.0035 }))).toMatch(
      /^About \*\*\$3\.50\*\*: .* at \$0\.0035\/GB/,
    );
  });

  it("says less than a cent, or nothing, rather than rounding to zero", () => {
    expect(costLine(renderSummary(readOnly(4_000_000)))).toMatch(
      /^\*\*Less than \$0\.01\*\*: this run read 0\.004 GB/,
    );
    expect(costLine(renderSummary(buildReport({ targets: [], items: [] })))).toMatch(
      /^\*\*\$0\.00\*\*: this run read 0 GB/,
    );
  });

  it("prices what a dry run would archive from the listed sizes", () => {
    const dry = buildReport({
      dryRun: true,
      targets: [],
      items: [
        reportItem({
          instance: "db-1",
          logFile: "a",
          outcome: "planned",
          size: 3e9,
          bytesIn: 0,
          bytesOut: 0,
        }),
      ],
    });
    expect(costLine(renderSummary(dry))).toMatch(
      /^Archiving the planned 3 GB .* would avoid about \*\*\$1\.50\*\* at \$0\.50\/GB/,
    );
  });

  it("refuses a price that is not a number of dollars", () => {
    for (const price of [-0.5, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => renderSummary(troubledFleetReport(), { price })).toThrow(RangeError);
  });
});
