import { type GitHubApi, startGitHubApi } from "@rds-log-archive/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planProblemIssues } from "../src/github/plan-problem-issues.js";
import { troubledFleetReport } from "./support/report-builders.js";

// writeProblemIssues against a local stand-in of GitHub's REST API. @actions/github reads
// GITHUB_API_URL when it is loaded, as on a runner, hence the import after the server is up.
let api: GitHubApi;
let writeProblemIssues: typeof import("../src/github/write-problem-issues.js").writeProblemIssues;
const where = { token: "ghs_job_token", owner: "octo-org", repo: "octo-repo" };

beforeAll(async () => {
  api = await startGitHubApi({
    repos: ["octo-org/octo-repo"],
    tokens: [
      { token: where.token, issues: "write" },
      { token: "ghs_read_only", issues: "read" },
    ],
  });
  process.env.GITHUB_API_URL = api.url;
  ({ writeProblemIssues } = await import("../src/github/write-problem-issues.js"));
});
afterAll(() => api.close());

describe("writeProblemIssues", () => {
  it("opens one issue per problem, then updates each on a later run instead of opening another", async () => {
    const issues = planProblemIssues(troubledFleetReport(), {
      runUrl: "https://github.com/octo-org/octo-repo/actions/runs/1",
    });
    const first = await writeProblemIssues(issues, where);
    expect(first.opened).toHaveLength(issues.length);
    expect(first.updated).toEqual([]);

    const later = { ...troubledFleetReport(), finishedAt: "2026-11-21T10:00:00.000Z" };
    const again = await writeProblemIssues(planProblemIssues(later, {}), where);
    expect(again.opened).toEqual([]);
    expect(again.updated.sort()).toEqual(first.opened.sort());
    const stored = api.issues("octo-org/octo-repo");
    expect(stored).toHaveLength(issues.length);
    for (const issue of stored) expect(issue.body).toContain("Last seen: 2026-11-21T10:00:00.000Z");
  });

  it("fails with GitHub's answer when the token may not write issues", async () => {
    const issues = planProblemIssues(
      { ...troubledFleetReport(), targets: [], gaps: [{ instance: "x", reason: "y" }] },
      {},
    );
    await expect(writeProblemIssues(issues, { ...where, token: "ghs_read_only" })).rejects.toMatchObject({
      status: 403,
    });
  });
});
