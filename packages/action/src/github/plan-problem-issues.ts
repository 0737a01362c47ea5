/**
 * The GitHub issues `issue-on-problem` keeps: one per gap and one per target that could not be
 * archived. Each carries a hidden marker derived from what the problem is about (never from when
 * it was seen), so a later run that sees the same problem finds its open issue and updates it
 * instead of opening another. Everything in an issue comes from the run report, which never holds
 * a credential or a webhook URL; names from RDS are escaped like everywhere in the summary.
 */
import { createHash } from "node:crypto";
import type { ReportGap, ReportTarget, RunReport } from "@rds-log-archive/core";
import { clip, renderCell } from "../summary/render-cell.js";
import { renderRunLink } from "../summary/render-run-link.js";

/** One issue to open, or to update when an open one carries its marker. */
export interface ProblemIssue {
  /** An HTML comment, invisible on GitHub, that identifies the problem; the body ends with it. */
  marker: string;
  title: string;
  body: string;
}

export interface ProblemIssueContext {
  /** The run's page, linked from the body. */
  runUrl?: string;
}

const MAX_TITLE_CHARS = 200;

export function planProblemIssues(report: RunReport, context: ProblemIssueContext): ProblemIssue[] {
  const link = renderRunLink(context.runUrl, "this run");
  const seen = `${report.finishedAt}${link === undefined ? "" : ` in ${link}`}`;
  const issues = [
    ...report.targets.filter((t) => t.error !== undefined).map((t) => targetIssue(t, seen)),
    ...report.gaps.map((g) => gapIssue(g, seen)),
  ];
  // One issue per problem, even when a report names it twice (two targets selecting one instance).
  return [...new Map(issues.map((i) => [i.marker, i])).values()];
}

function targetIssue(target: ReportTarget, seen: string): ProblemIssue {
  const what =
    target.cluster !== undefined && target.cluster === target.instance
      ? `cluster ${target.cluster}`
      : target.instance === ""
        ? "the targets"
        : `instance ${target.instance}`;
  const error = target.error as NonNullable<ReportTarget["error"]>;
  return issue(
    marker(["target", target.region, target.cluster ?? "", target.instance]),
    `rds-log-archive could not archive ${what} in ${target.region}`,
    [
      `rds-log-archive could not archive **${renderCell(what)}** in **${renderCell(target.region)}**.`,
      "",
      `- Error: <code>${renderCell(error.code, 80)}</code> ${renderCell(error.message)}`,
      `- What to do: ${error.hint === undefined ? "see the error; the next run tries again" : renderCell(error.hint)}`,
      `- Last seen: ${seen}`,
    ],
  );
}

function gapIssue(gap: ReportGap, seen: string): ProblemIssue {
  const what = `${gap.instance}${gap.logFile === undefined ? "" : ` ${gap.logFile}`}`;
  const span =
    gap.from !== undefined || gap.to !== undefined ? `${gap.from ?? "…"} to ${gap.to ?? "…"}` : undefined;
  return issue(
    marker(["gap", gap.instance, gap.logFile ?? "", gap.from ?? ""]),
    `rds-log-archive: gap in the archive of ${what}`,
    [
      `The archive of **${renderCell(gap.instance)}** has a gap: data RDS no longer holds and the archive never got.`,
      "",
      ...(gap.logFile === undefined ? [] : [`- Log file: ${renderCell(gap.logFile)}`]),
      ...(span === undefined ? [] : [`- Time: ${renderCell(span)}`]),
      `- Reason: ${renderCell(gap.reason)}`,
      `- Last seen: ${seen}`,
    ],
  );
}

function issue(id: string, text: string, lines: string[]): ProblemIssue {
  const note =
    "This issue was opened by rds-log-archive (the action's `issue-on-problem`); later runs that see the same problem update it. Close it once the problem is dealt with.";
  return { marker: id, title: title(text), body: `${lines.join("\n")}\n\n${note}\n\n${id}\n` };
}

function marker(parts: string[]): string {
  const id = createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 24);
  return `<!-- rds-log-archive:problem:${id} -->`;
}

// An issue title is plain text on one line.
function title(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  return clip(text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, " "), MAX_TITLE_CHARS);
}
