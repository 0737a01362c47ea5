/**
 * The GitHub REST stand-in, driven by @actions/github's Octokit exactly as the action will drive
 * it: GITHUB_API_URL points at the stand-in, and paging follows its Link headers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GitHubApi, startGitHubApi } from "../src/receivers/start-github-api.js";

const OWNER = "acme";
const REPO = "db-ops";
let api: GitHubApi;
let octokit: ReturnType<typeof import("@actions/github").getOctokit>;
let readOnly: typeof octokit;
let badToken: typeof octokit;

/** The status and message of a failed Octokit call. */
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: { status: number; message: string; response?: { data: unknown } }) => ({
      status: error.status,
      data: error.response?.data,
    }),
  );

beforeAll(async () => {
  api = await startGitHubApi({
    repos: [`${OWNER}/${REPO}`],
    tokens: [
      { token: "ghs_writer0000000000000000000000000000", issues: "write" },
      { token: "ghs_reader0000000000000000000000000000", issues: "read" },
    ],
  });
  // @actions/github reads GITHUB_API_URL when it is first imported, as in a runner.
  process.env.GITHUB_API_URL = api.url;
  const { getOctokit } = await import("@actions/github");
  octokit = getOctokit("ghs_writer0000000000000000000000000000");
  readOnly = getOctokit("ghs_reader0000000000000000000000000000");
  badToken = getOctokit("ghs_revoked");
});

afterAll(async () => {
  await api.close();
});

describe("issues through Octokit", () => {
  it("opens issues, pages through them by Link headers, and filters by state, labels and creator", async () => {
    for (let i = 1; i <= 5; i++) {
      const { data, status } = await octokit.rest.issues.create({
        owner: OWNER,
        repo: REPO,
        title: `Gap in orders-${i}`,
        body: `Run https://github.com/${OWNER}/${REPO}/actions/runs/${i}\n\n<!-- rds-log-archive:gap:orders-${i} -->`,
        labels: i % 2 === 0 ? ["rds-log-archive", "gap"] : ["rds-log-archive"],
      });
      expect(status).toBe(201);
      expect(data).toMatchObject({ number: i, state: "open", user: { login: "github-actions[bot]" } });
    }
    const before = api.requests.length;
    const all = await octokit.paginate(octokit.rest.issues.listForRepo, {
      owner: OWNER,
      repo: REPO,
      state: "all",
      per_page: 2,
    });
    expect(all.map((i) => i.number)).toEqual([5, 4, 3, 2, 1]);
    const pages = api.requests.slice(before);
    expect(pages.map((r) => r.query)).toEqual([
      "?state=all&per_page=2",
      "?state=all&per_page=2&page=2",
      "?state=all&per_page=2&page=3",
    ]);
    expect(pages.every((r) => r.authScheme === "token" && r.status === 200)).toBe(true);
    const gaps = await octokit.paginate(octokit.rest.issues.listForRepo, {
      owner: OWNER,
      repo: REPO,
      labels: "rds-log-archive,gap",
      creator: "github-actions[bot]",
      direction: "asc",
    });
    expect(gaps.map((i) => i.number)).toEqual([2, 4]);
  });

  it("finds an issue by its hidden marker, updates it, comments on it, closes and reopens it", async () => {
    const open = await octokit.paginate(octokit.rest.issues.listForRepo, {
      owner: OWNER,
      repo: REPO,
      state: "open",
    });
    const found = open.find((i) => i.body?.includes("<!-- rds-log-archive:gap:orders-3 -->"));
    expect(found?.number).toBe(3);
    const search = await octokit.rest.search.issuesAndPullRequests({
      q: `repo:${OWNER}/${REPO} is:issue is:open in:body "rds-log-archive:gap:orders-3"`,
    });
    expect(search.data.total_count).toBe(1);
    expect(search.data.items[0]?.number).toBe(3);

    const updated = await octokit.rest.issues.update({
      owner: OWNER,
      repo: REPO,
      issue_number: 3,
      body: `${found?.body}\n\nStill missing after run 6 — 欠落 🚨`,
    });
    expect(updated.data.body).toContain("欠落 🚨");
    const comment = await octokit.rest.issues.createComment({
      owner: OWNER,
      repo: REPO,
      issue_number: 3,
      body: "Seen again in run 6",
    });
    expect(comment.status).toBe(201);
    const closed = await octokit.rest.issues.update({
      owner: OWNER,
      repo: REPO,
      issue_number: 3,
      state: "closed",
    });
    expect(closed.data).toMatchObject({ state: "closed", state_reason: "completed", comments: 1 });
    expect(closed.data.closed_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const reopened = await octokit.rest.issues.update({
      owner: OWNER,
      repo: REPO,
      issue_number: 3,
      state: "open",
    });
    expect(reopened.data).toMatchObject({ state: "open", state_reason: "reopened", closed_at: null });
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner: OWNER,
      repo: REPO,
      issue_number: 3,
    });
    expect(comments.map((c) => c.body)).toEqual(["Seen again in run 6"]);
  });
});

describe("errors as GitHub answers them", () => {
  it("401 for a bad token, 403 for a token without issues: write, 404 for what does not exist", async () => {
    expect(await failure(badToken.rest.issues.listForRepo({ owner: OWNER, repo: REPO }))).toEqual({
      status: 401,
      data: { message: "Bad credentials", documentation_url: "https://docs.github.com/rest", status: "401" },
    });
    expect(await failure(readOnly.rest.issues.create({ owner: OWNER, repo: REPO, title: "x" }))).toEqual({
      status: 403,
      data: {
        message: "Resource not accessible by integration",
        documentation_url: "https://docs.github.com/rest/issues/issues#create-an-issue",
        status: "403",
      },
    });
    expect(
      (await failure(octokit.rest.issues.get({ owner: OWNER, repo: REPO, issue_number: 99 }))).status,
    ).toBe(404);
    expect((await failure(octokit.rest.issues.listForRepo({ owner: OWNER, repo: "nope" }))).status).toBe(404);
    const unauthenticated = await fetch(`${api.url}/repos/${OWNER}/${REPO}/issues`, {
      method: "POST",
      body: JSON.stringify({ title: "x" }),
    });
    expect(unauthenticated.status).toBe(401);
    expect(((await unauthenticated.json()) as { message: string }).message).toBe("Requires authentication");
  });

  it("422 for an issue without a title, a bad state, an empty comment or a body over 65,536 characters", async () => {
    const noTitle = await failure(
      octokit.request(
        "POST /repos/{owner}/{repo}/issues", // A request the types forbid, sent on purpose.
        { owner: OWNER, repo: REPO, body: "x" } as never,
      ),
    );
    expect(noTitle).toMatchObject({
      status: 422,
      data: { message: `Invalid request.\n\n"title" wasn't supplied.` },
    });
    const badState = await failure(
      octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
        owner: OWNER,
        repo: REPO,
        issue_number: 1,
        state: "bogus",
      } as never),
    );
    expect(badState).toMatchObject({
      status: 422,
      data: {
        message: "Validation Failed",
        errors: [{ value: "bogus", resource: "Issue", field: "state", code: "invalid" }],
      },
    });
    const empty = await failure(
      octokit.rest.issues.createComment({ owner: OWNER, repo: REPO, issue_number: 1, body: "" }),
    );
    expect(empty.status).toBe(422);
    const long = await failure(
      octokit.rest.issues.create({ owner: OWNER, repo: REPO, title: "t", body: "x".repeat(65_537) }),
    );
    expect(long).toMatchObject({ status: 422, data: { errors: [{ field: "body", code: "custom" }] } });
  });

  it("accepts Bearer tokens and never keeps a token in its request log", async () => {
    const response = await fetch(`${api.url}/repos/${OWNER}/${REPO}/issues/1`, {
      headers: { authorization: "Bearer ghs_writer0000000000000000000000000000" },
    });
    expect(response.status).toBe(200);
    expect(api.requests.at(-1)?.authScheme).toBe("Bearer");
    expect(JSON.stringify(api.requests)).not.toContain("ghs_");
  });
});
