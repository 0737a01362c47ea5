import { describe, expect, it } from "vitest";
import { planProblemIssues } from "../src/github/plan-problem-issues.js";
import { eventsReport, MALICIOUS_LOG_FILE, troubledFleetReport } from "./support/report-builders.js";

const runUrl = "https://github.com/o/r/actions/runs/42";

describe("planProblemIssues", () => {
  it("plans one issue per failed target and per gap, each ending with its hidden marker", () => {
    const report = troubledFleetReport();
    const issues = planProblemIssues(report, { runUrl });
    const failedTargets = report.targets.filter((t) => t.error).length;
    expect(issues).toHaveLength(failedTargets + report.gaps.length);
    for (const issue of issues) {
      expect(issue.marker).toMatch(/^<!-- rds-log-archive:problem:[0-9a-f]{24} -->$/);
      expect(issue.body.trimEnd().endsWith(issue.marker)).toBe(true);
      expect(issue.body).toContain(`Last seen: ${report.finishedAt} in [this run](${runUrl})`);
      expect(issue.title).not.toMatch(/[\n\r]/);
    }
    expect(issues[0]?.title).toBe("rds-log-archive could not archive cluster ledger in us-east-1");
  });

  it("gives the same problem the same marker in a later run, and another problem another", () => {
    const first = planProblemIssues(troubledFleetReport(), { runUrl });
    const later = { ...troubledFleetReport(), finishedAt: "2026-11-21T10:07:12.400Z" };
    const again = planProblemIssues(later, { runUrl: "https://github.com/o/r/actions/runs/43" });
    expect(again.map((i) => i.marker)).toEqual(first.map((i) => i.marker));
    expect(new Set(first.map((i) => i.marker)).size).toBe(first.length);
    expect(again[0]?.body).not.toBe(first[0]?.body);
  });

  it("escapes names from RDS and keeps titles on one line", () => {
    const report = {
      ...eventsReport(),
      gaps: [
        {
          instance: "db-1",
          logFile: MALICIOUS_LOG_FILE,
          reason: "rotated away <b>",
          from: "2026-11-20T00:00:00Z",
        },
      ],
    };
    const [issue] = planProblemIssues(report, {});
    expect(issue?.title).toBe(
      `rds-log-archive: gap in the archive of db-1 ${MALICIOUS_LOG_FILE.replace(/\n/g, " ")}`,
    );
    expect(issue?.body).not.toContain("<script>");
    expect(issue?.body).not.toContain("<b>");
    expect(issue?.body).not.toContain("this run");
  });
});
