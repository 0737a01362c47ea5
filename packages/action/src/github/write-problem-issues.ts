/**
 * Opens or updates the issues of `issue-on-problem` through GitHub's REST API (@actions/github,
 * which follows `GITHUB_API_URL`, so GitHub Enterprise Server and a local stand-in work alike),
 * with the job's token. An open issue whose body holds a problem's marker is that problem's:
 * updated, never duplicated. The open issues are listed once, every page of them.
 */
import * as github from "@actions/github";
import type { ProblemIssue } from "./plan-problem-issues.js";

export interface IssueRepository {
  token: string;
  owner: string;
  repo: string;
}

/** The issue numbers opened and updated. */
export async function writeProblemIssues(
  issues: readonly ProblemIssue[],
  where: IssueRepository,
): Promise<{ opened: number[]; updated: number[] }> {
  const result = { opened: [] as number[], updated: [] as number[] };
  if (issues.length === 0) return result;
  const octokit = github.getOctokit(where.token);
  const { owner, repo } = where;
  const open = await octokit.paginate(octokit.rest.issues.listForRepo, {
    owner,
    repo,
    state: "open",
    per_page: 100,
  });
  for (const issue of issues) {
    const existing = open.find((o) => o.pull_request === undefined && (o.body ?? "").includes(issue.marker));
    if (existing) {
      await octokit.rest.issues.update({
        owner,
        repo,
        issue_number: existing.number,
        title: issue.title,
        body: issue.body,
      });
      result.updated.push(existing.number);
    } else {
      const { data } = await octokit.rest.issues.create({
        owner,
        repo,
        title: issue.title,
        body: issue.body,
      });
      result.opened.push(data.number);
    }
  }
  return result;
}
