import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_SUMMARY_BYTES } from "../src/job-summary.js";
import { selectRowsThatFit } from "../src/summary/select-rows-that-fit.js";
import { largeFleetReport, troubledFleetReport } from "./support/report-builders.js";
import { lines, renderSummary, tableRows } from "./support/summary-markdown.js";

describe("selectRowsThatFit", () => {
  it("keeps every row when all fit", () => {
    expect(selectRowsThatFit([[10, 10], [5], []], 25)).toEqual([2, 1, 0]);
  });

  it("cuts the longest sections to a common size, keeping short ones whole", () => {
    // 100 + 40 + 10 bytes in a budget of 80: the 10 stays, the others share 70, 35 each.
    expect(selectRowsThatFit([Array(10).fill(10), Array(4).fill(10), [10]], 80)).toEqual([3, 3, 1]);
  });

  it("never splits a row, and shows nothing when nothing fits", () => {
    expect(selectRowsThatFit([[30, 30]], 59)).toEqual([1]);
    expect(selectRowsThatFit([[30], [30]], -5)).toEqual([0, 0]);
  });
});

describe("renderJobSummary size limit", () => {
  const huge = largeFleetReport({ instances: 6000, items: 50_000, failEvery: 5 });

  it("keeps 50,000 items under the cap in valid UTF-8, whole rows only, and says what it left out", () => {
    const markdown = renderSummary(huge);
    const bytes = Buffer.from(markdown, "utf8");
    expect(bytes.length).toBeLessThanOrEqual(DEFAULT_MAX_SUMMARY_BYTES);
    expect(bytes.length).toBeGreaterThan(DEFAULT_MAX_SUMMARY_BYTES - 4096);
    expect(new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toBe(markdown);
    for (const line of lines(markdown).filter((l) => l.startsWith("|")))
      expect(line.endsWith(" |")).toBe(true);

    const shown = (heading: string) => tableRows(markdown, heading).length;
    const failures = shown("Failures");
    const instances = shown("Instances");
    expect(markdown).toContain(`### Failures (10,000; the first ${failures.toLocaleString("en-US")} shown)`);
    expect(markdown).toContain(`### Instances (6,000; the first ${instances.toLocaleString("en-US")} shown)`);
    // Gaps are the shortest section, so they are kept whole while the longer two are cut.
    expect(shown("Gaps")).toBe(600);
    expect(lines(markdown).at(-2)).toBe(
      `**Shortened** to stay under GitHub's 1 MiB step-summary limit: ${(10_000 - failures).toLocaleString("en-US")} of 10,000 failures and ${(6000 - instances).toLocaleString("en-US")} of 6,000 instance rows left out. The full lists are in the run report: the file at the action's \`report-path\` output, or the report artifact of the run.`,
    );
  });

  it("fits any smaller cap, down to what the totals alone need", () => {
    for (const maxBytes of [200_000, 20_000, 4000]) {
      const markdown = renderSummary(huge, { maxBytes });
      expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(maxBytes);
      expect(markdown).toMatch(/left out\. The full lists are in the run report: .*\n$/);
    }
    expect(() => renderSummary(huge, { maxBytes: 1000 })).toThrow(RangeError);
  });

  it("adds no note when everything fits", () => {
    expect(renderSummary(troubledFleetReport())).not.toContain("Shortened");
  });
});
