/**
 * The job summary as GitHub shows it: the markdown rendered to HTML by a GFM renderer, loaded in
 * headless Chromium, and its structure read back from the DOM. Set JOB_SUMMARY_SCREENSHOT to a
 * .png path to keep a screenshot of the small fleet's summary for a look.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { serviceAvailability } from "@rds-log-archive/testkit";
import { marked } from "marked";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderJobSummary } from "../src/job-summary.js";
import { largeFleetReport, MALICIOUS_LOG_FILE, troubledFleetReport } from "./support/report-builders.js";

const CHROMIUM = "/usr/bin/chromium";
const browserAvailability = serviceAvailability("Chromium", [CHROMIUM]);

// Close to GitHub's rendering of markdown: its fonts, table borders and spacing.
const PAGE_STYLE = `
  body { margin: 0; padding: 24px; background: #fff; color: #1f2328;
    font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
  h2 { font-size: 1.5em; padding-bottom: .3em; border-bottom: 1px solid #d1d9e0; margin: 0 0 16px; }
  h3 { font-size: 1.25em; margin: 24px 0 16px; }
  p { margin: 0 0 16px; }
  table { border-collapse: collapse; margin: 0 0 16px; display: block; width: max-content; max-width: 100%; overflow: auto; }
  th, td { border: 1px solid #d1d9e0; padding: 6px 13px; }
  th { font-weight: 600; }
  tr:nth-child(2n) { background: #f6f8fa; }
  code { font: 85% ui-monospace, SFMono-Regular, Menlo, monospace; background: #818b981f; padding: .2em .4em; border-radius: 6px; }
  hr { border: 0; height: 4px; background: #d1d9e0; margin: 24px 0; }
  details { margin: 0 0 16px; }`;

interface TableShape {
  head: string[];
  rows: string[][];
}

async function loadSummary(page: Page, markdown: string): Promise<void> {
  const html = await marked.parse(markdown, { gfm: true });
  await page.setContent(
    `<!doctype html><html><head><meta charset="utf-8"><style>${PAGE_STYLE}</style></head><body><article>${html}</article></body></html>`,
  );
}

const headings = (page: Page) =>
  page.$$eval("article h2, article h3", (nodes) => nodes.map((n) => `${n.tagName}: ${n.textContent}`));

/** Every table, in order: its header cells and the text of each body cell. */
const tables = (page: Page): Promise<TableShape[]> =>
  page.$$eval("article table", (nodes) =>
    nodes.map((table) => ({
      head: [...table.querySelectorAll("thead th")].map((th) => th.textContent ?? ""),
      rows: [...table.querySelectorAll("tbody tr")].map((tr) =>
        [...tr.querySelectorAll("td")].map((td) => td.textContent ?? ""),
      ),
    })),
  );

/** The table that follows the heading starting with `heading`. */
async function tableAfter(page: Page, heading: string): Promise<TableShape> {
  const all = await tables(page);
  const index = await page.$$eval(
    "article h3, article table",
    (nodes, wanted) => {
      let afterHeading = false;
      let tableIndex = -1;
      for (const node of nodes) {
        if (node.tagName === "TABLE") {
          tableIndex++;
          if (afterHeading) return tableIndex;
        } else afterHeading = (node.textContent ?? "").startsWith(wanted);
      }
      return -1;
    },
    heading,
  );
  const table = all[index];
  if (!table) throw new Error(`no table after the heading ${heading}`);
  return table;
}

describe.skipIf(!browserAvailability.available)(
  `job summary in Chromium${browserAvailability.available ? "" : ` (${browserAvailability.reason})`}`,
  () => {
    let browser: Browser;
    let page: Page;
    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM });
      page = await browser.newPage({ viewport: { width: 1012, height: 800 } });
    });
    afterAll(async () => browser?.close());

    it("shows the verdict, totals, cost, failures, gaps and instances as tables", async () => {
      await loadSummary(page, renderJobSummary(troubledFleetReport(), { cloudwatchPricePerGb: 0.5 }));

      expect(await headings(page)).toEqual([
        "H2: RDS log archive",
        "H3: Totals",
        "H3: CloudWatch Logs cost avoided",
        "H3: Failures (2)",
        "H3: Gaps (1)",
        "H3: Instances (4)",
      ]);
      const paragraphs = await page.$$eval("article p", (nodes) => nodes.map((n) => n.textContent ?? ""));
      expect(paragraphs[0]).toBe(
        "❌ 1 file failed, 1 target failed, 1 gap. The next run tries the failures again; see below for what to fix.",
      );
      expect(paragraphs).toContain(
        "Ran 2026-11-20 10:05:00 → 10:07:12 UTC (2 min 12 s), 4 instances in 2 regions.",
      );
      expect(paragraphs.find((p) => p.startsWith("About $2.50"))).toContain(
        "at $0.50/GB, the input cloudwatch-price-per-gb",
      );

      expect(await tableAfter(page, "Totals")).toEqual({
        head: ["Files", "Archived", "Skipped", "Failed", "Gaps", "Bytes in", "Bytes out", "Compression"],
        rows: [["5", "2", "2", "1", "1", "4.7 GiB", "429.2 MiB", "11.1×"]],
      });

      const instances = await tableAfter(page, "Instances");
      expect(instances.head).toHaveLength(10);
      expect(instances.rows).toHaveLength(4);
      expect(instances.rows.every((row) => row.length === 10)).toBe(true);
      expect(instances.rows.map((row) => row[0])).toEqual(["billing", "ledger", "orders-1", "orders-2"]);
      expect(instances.rows[1]?.[9]).toBe("ACCESS_DENIED");

      const failures = await tableAfter(page, "Failures");
      expect(failures.head).toEqual(["Instance", "Log file", "Error", "Message", "What to do"]);
      expect(failures.rows).toHaveLength(2);
      expect(failures.rows[0]).toEqual([
        "cluster ledger (us-east-1)",
        "every file",
        "ACCESS_DENIED",
        "not authorized to perform rds:DescribeDBClusters on ledger",
        "the role needs rds:DescribeDBClusters on arn:aws:rds:us-east-1:123456789012:cluster:ledger",
      ]);

      const gaps = await tableAfter(page, "Gaps");
      expect(gaps.rows).toEqual([
        [
          "orders-2",
          "audit/audit.log.3.2026-11-19-23-00.1",
          "2026-11-19 23:00:00 UTC",
          "2026-11-20 00:10:00 UTC",
          expect.stringContaining("retention outran the archive schedule"),
        ],
      ]);

      // The hostile name is one cell of text: no tag, no extra cell, no code span.
      expect(failures.rows[1]).toHaveLength(5);
      expect(failures.rows[1]?.[1]).toBe(MALICIOUS_LOG_FILE.replace("\n", " "));
      expect(await page.$$("article script")).toHaveLength(0);

      const screenshot = process.env.JOB_SUMMARY_SCREENSHOT;
      const dir = screenshot ? undefined : await mkdtemp(path.join(tmpdir(), "job-summary-"));
      const file = screenshot ?? path.join(dir as string, "summary.png");
      await page.screenshot({ path: file, fullPage: true });
      if (dir) await rm(dir, { recursive: true });
    });

    it("keeps a merged fleet's summary well formed when rows are left out", async () => {
      const markdown = renderJobSummary(largeFleetReport({ instances: 6000, items: 50_000, failEvery: 5 }), {
        cloudwatchPricePerGb: 0.5,
      });
      await loadSummary(page, markdown);

      const titles = await headings(page);
      const shownOf = (name: string) => {
        const match = titles.find((t) => t.startsWith(`H3: ${name}`))?.match(/the first ([\d,]+) shown/);
        return Number((match?.[1] ?? "NaN").replace(/,/g, ""));
      };
      const instances = await tableAfter(page, "Instances");
      expect(instances.rows).toHaveLength(shownOf("Instances"));
      expect(instances.rows.every((row) => row.length === 10)).toBe(true);
      const failures = await tableAfter(page, "Failures");
      expect(failures.rows).toHaveLength(shownOf("Failures"));
      expect(failures.rows.every((row) => row.length === 5)).toBe(true);
      // The long per-instance table folds away so that failures and gaps stay in view.
      expect(await page.$eval("article details summary", (n) => n.textContent)).toBe(
        `Show the first ${instances.rows.length.toLocaleString("en-US")} of 6,000 instances`,
      );
      const last = await page.$eval("article > p:last-child", (n) => n.textContent ?? "");
      expect(last).toMatch(/^Shortened to stay under GitHub's 1 MiB step-summary limit: .* left out\./);
      expect(last).toContain("report-path");
    });
  },
);
