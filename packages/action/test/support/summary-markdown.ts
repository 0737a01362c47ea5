/** Reading the job summary's markdown back in tests: its lines, and the rows and cells of its tables. */
import type { RunReport } from "@rds-log-archive/core";
import { renderJobSummary } from "../../src/job-summary.js";

export const renderSummary = (
  report: RunReport,
  options: { maxBytes?: number; title?: string; price?: number; failOnGap?: boolean } = {},
) =>
  renderJobSummary(report, {
    cloudwatchPricePerGb: options.price ?? 0.5,
    ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
    ...(options.title === undefined ? {} : { title: options.title }),
    ...(options.failOnGap === undefined ? {} : { failOnGap: options.failOnGap }),
  });

export const lines = (markdown: string) => markdown.split("\n");

/** The body rows of the table under the heading that starts with `heading`. */
export function tableRows(markdown: string, heading: string): string[] {
  const all = lines(markdown);
  const start = all.findIndex((l) => l.startsWith(`### ${heading}`));
  const rows: string[] = [];
  let seenHead = 0;
  for (const line of all.slice(start + 1)) {
    if (line.startsWith("### ")) break;
    if (!line.startsWith("|")) continue;
    if (seenHead++ >= 2) rows.push(line);
  }
  return rows;
}

/** The cells of a table line; the summary escapes every pipe inside a cell, so this is how GFM splits it. */
export const cells = (row: string) => row.slice(2, -2).split(" | ");
