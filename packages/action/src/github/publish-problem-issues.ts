import * as core from "@actions/core";
import type { RunReport } from "@rds-log-archive/core";
import { planProblemIssues } from "./plan-problem-issues.js";
import { writeProblemIssues } from "./write-problem-issues.js";

export interface ProblemIssueOptions {
  /** The job's token (the `github-token` input, by default `github.token`). */
  token: string | undefined;
  runUrl: string | undefined;
  env: Record<string, string | undefined>;
}

/**
 * `issue-on-problem`: one issue per gap or failed target in the run's repository, opened or
 * updated. A dry run opens none. Failing to reach the issues (no `issues: write`, say) is a
 * warning with what to change: the archive run itself is what the step's result reports.
 */
export async function publishProblemIssues(report: RunReport, options: ProblemIssueOptions): Promise<void> {
  if (report.dryRun) return;
  const issues = planProblemIssues(report, options.runUrl === undefined ? {} : { runUrl: options.runUrl });
  if (issues.length === 0) return;
  const [owner, repo] = (options.env.GITHUB_REPOSITORY ?? "").split("/");
  if (!owner || !repo || !options.token) {
    core.warning(
      "issue-on-problem needs GITHUB_REPOSITORY (set on every runner) and the github-token input",
      {
        title: "No issues opened",
      },
    );
    return;
  }
  try {
    const { opened, updated } = await writeProblemIssues(issues, { token: options.token, owner, repo });
    const list = (numbers: number[]) => numbers.map((n) => `#${n}`).join(", ");
    if (opened.length > 0) core.info(`issue-on-problem: opened ${list(opened)}`);
    if (updated.length > 0) core.info(`issue-on-problem: updated ${list(updated)}`);
  } catch (error) {
    const { status, message } = error as { status?: number; message?: string };
    core.warning(
      `issue-on-problem could not open or update issues (${status ?? "no answer"}: ${message ?? String(error)}); ` +
        "give the job `permissions: issues: write`",
      { title: "No issues opened" },
    );
  }
}
