/**
 * A local stand-in for the part of GitHub's REST API an action uses to open, find and update
 * issues: list (state, labels, creator, sort, paging with `Link`), get, create, update, comment,
 * list comments and `GET /search/issues`. Tokens are checked (`Authorization: token …` or
 * `Bearer …`), and errors carry GitHub's status and `{message, documentation_url, status}` body.
 * Point `GITHUB_API_URL` at `url`; @actions/github's Octokit works against it unchanged.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import {
  GITHUB_DOCS,
  GitHubApiError,
  pageOf,
  readJsonObject,
  readLabelNames,
  readMarkdownBody,
  sendGitHubJson,
  validationFailed,
} from "./github-api-http.js";
import {
  type GitHubUser,
  renderComment,
  renderIssue,
  type StoredIssue,
  type StoredRepo,
} from "./github-issues.js";
import { searchGitHubIssues } from "./search-github-issues.js";

export interface GitHubToken {
  token: string;
  /** What the token may do with issues; `read` gets 403 on writes, as a job without `issues: write`. */
  issues: "read" | "write";
  /** Who the token acts as; default `github-actions[bot]`. */
  user?: GitHubUser;
}

export interface GitHubApiOptions {
  /** `owner/name` of each repository served. */
  repos: string[];
  tokens: GitHubToken[];
}

/** One request, for tests to assert on; the token itself is never kept. */
export interface GitHubApiRequest {
  method: string;
  path: string;
  query: string;
  status: number;
  /** `token` or `Bearer`, or undefined when unauthenticated. */
  authScheme?: string;
}

export interface GitHubApi {
  /** `http://127.0.0.1:PORT`; use as `GITHUB_API_URL`. */
  readonly url: string;
  readonly requests: readonly GitHubApiRequest[];
  /** The issues of `owner/name`, as stored. */
  issues(repo: string): readonly StoredIssue[];
  close(): Promise<void>;
}

const BOT: GitHubUser = { login: "github-actions[bot]", id: 41898282, type: "Bot" };

export async function startGitHubApi(options: GitHubApiOptions): Promise<GitHubApi> {
  const repos = options.repos.map((fullName, i): StoredRepo => {
    const [owner = "", name = ""] = fullName.split("/");
    return { id: 1000 + i, owner, name, issues: [] };
  });
  const requests: GitHubApiRequest[] = [];
  let commentIds = 5000;
  let base = "";

  const findRepo = (owner: string, name: string, docs: string) => {
    const repo = repos.find(
      (r) => r.owner.toLowerCase() === owner.toLowerCase() && r.name.toLowerCase() === name.toLowerCase(),
    );
    if (!repo) throw new GitHubApiError(404, "Not Found", docs);
    return repo;
  };
  const findIssue = (repo: StoredRepo, number: string, docs: string) => {
    const issue = repo.issues.find((i) => String(i.number) === number);
    if (!issue) throw new GitHubApiError(404, "Not Found", docs);
    return issue;
  };

  async function route(
    request: IncomingMessage,
    url: URL,
    record: GitHubApiRequest,
  ): Promise<[number, unknown, Record<string, string>?]> {
    const method = request.method ?? "GET";
    let path = url.pathname;
    const byId = /^\/repositories\/(\d+)(\/.*)?$/.exec(path);
    if (byId) {
      const repo = repos.find((r) => String(r.id) === byId[1]);
      if (!repo) throw new GitHubApiError(404, "Not Found");
      path = `/repos/${repo.owner}/${repo.name}${byId[2] ?? ""}`;
    }
    const caller = authenticate(request, options.tokens, record);
    const write = (docs: string) => {
      if (!caller) throw new GitHubApiError(401, "Requires authentication", docs);
      if (caller.issues !== "write")
        throw new GitHubApiError(403, "Resource not accessible by integration", docs);
      return caller.user ?? BOT;
    };

    if (method === "GET" && path === "/search/issues") return searchIssues(url);
    const match = /^\/repos\/([^/]+)\/([^/]+)\/issues(?:\/(\d+))?(\/comments)?$/.exec(path);
    if (!match) throw new GitHubApiError(404, "Not Found");
    const [, owner = "", name = "", number, comments] = match;

    if (number === undefined) {
      if (method === "GET") {
        const docs = `${GITHUB_DOCS}/issues/issues#list-repository-issues`;
        return listIssues(findRepo(owner, name, docs), url);
      }
      if (method === "POST") {
        const docs = `${GITHUB_DOCS}/issues/issues#create-an-issue`;
        const repo = findRepo(owner, name, docs);
        const user = write(docs);
        const input = await readJsonObject(request, docs);
        if (typeof input.title !== "string" && typeof input.title !== "number") {
          throw new GitHubApiError(422, `Invalid request.\n\n"title" wasn't supplied.`, docs);
        }
        const now = new Date();
        const issue: StoredIssue = {
          number: repo.issues.length + 1,
          title: String(input.title),
          body: readMarkdownBody(input.body, docs, "Issue") ?? null,
          state: "open",
          stateReason: null,
          labels: readLabelNames(input.labels, docs) ?? [],
          user,
          comments: [],
          createdAt: now,
          updatedAt: now,
          closedAt: null,
        };
        repo.issues.push(issue);
        return [
          201,
          renderIssue(base, repo, issue),
          { location: `${base}/repos/${repo.owner}/${repo.name}/issues/${issue.number}` },
        ];
      }
    } else if (comments === undefined) {
      if (method === "GET") {
        const docs = `${GITHUB_DOCS}/issues/issues#get-an-issue`;
        const repo = findRepo(owner, name, docs);
        return [200, renderIssue(base, repo, findIssue(repo, number, docs))];
      }
      if (method === "PATCH") {
        const docs = `${GITHUB_DOCS}/issues/issues#update-an-issue`;
        const repo = findRepo(owner, name, docs);
        write(docs);
        const issue = findIssue(repo, number, docs);
        const input = await readJsonObject(request, docs);
        if (input.state !== undefined && input.state !== "open" && input.state !== "closed") {
          throw validationFailed(docs, {
            value: String(input.state),
            resource: "Issue",
            field: "state",
            code: "invalid",
          });
        }
        if (input.title !== undefined) issue.title = String(input.title);
        if (input.body !== undefined) issue.body = readMarkdownBody(input.body, docs, "Issue") ?? null;
        const labels = readLabelNames(input.labels, docs);
        if (labels) issue.labels = labels;
        if (input.state !== undefined && input.state !== issue.state) {
          issue.state = input.state as StoredIssue["state"];
          issue.closedAt = issue.state === "closed" ? new Date() : null;
          issue.stateReason =
            issue.state === "closed"
              ? ((input.state_reason as StoredIssue["stateReason"]) ?? "completed")
              : "reopened";
        }
        issue.updatedAt = new Date();
        return [200, renderIssue(base, repo, issue)];
      }
    } else {
      if (method === "POST") {
        const docs = `${GITHUB_DOCS}/issues/comments#create-an-issue-comment`;
        const repo = findRepo(owner, name, docs);
        const user = write(docs);
        const issue = findIssue(repo, number, docs);
        const input = await readJsonObject(request, docs);
        const body = readMarkdownBody(input.body, docs, "IssueComment");
        if (body === undefined || body === "") {
          throw validationFailed(docs, { resource: "IssueComment", code: "missing_field", field: "body" });
        }
        const comment = { id: ++commentIds, body, user, createdAt: new Date() };
        issue.comments.push(comment);
        issue.updatedAt = comment.createdAt;
        return [201, renderComment(base, repo, issue, comment)];
      }
      if (method === "GET") {
        const docs = `${GITHUB_DOCS}/issues/comments#list-issue-comments`;
        const repo = findRepo(owner, name, docs);
        const issue = findIssue(repo, number, docs);
        return paged(
          url,
          issue.comments.map((c) => renderComment(base, repo, issue, c)),
        );
      }
    }
    throw new GitHubApiError(404, "Not Found");
  }

  function listIssues(repo: StoredRepo, url: URL): [number, unknown, Record<string, string>] {
    const q = url.searchParams;
    const state = q.get("state") ?? "open";
    const labels = (q.get("labels") ?? "").split(",").filter((l) => l !== "");
    const creator = q.get("creator");
    const since = q.get("since");
    const direction = q.get("direction") === "asc" ? 1 : -1;
    const sortKey = q.get("sort") === "updated" ? "updatedAt" : "createdAt";
    const issues = repo.issues
      .filter((i) => state === "all" || i.state === state)
      .filter((i) => labels.every((l) => i.labels.some((have) => have.toLowerCase() === l.toLowerCase())))
      .filter((i) => creator === null || i.user.login === creator)
      .filter((i) => since === null || i.updatedAt >= new Date(since))
      .sort((a, b) => direction * (a[sortKey].getTime() - b[sortKey].getTime() || a.number - b.number));
    return paged(
      url,
      issues.map((i) => renderIssue(base, repo, i)),
    );
  }

  function searchIssues(url: URL): [number, unknown, Record<string, string>] {
    const query = url.searchParams.get("q");
    if (!query) {
      throw validationFailed(`${GITHUB_DOCS}/search/search#search-issues-and-pull-requests`, {
        resource: "Search",
        field: "q",
        code: "missing",
      });
    }
    const hits = searchGitHubIssues(repos, query).map(({ repo, issue }) => ({
      ...renderIssue(base, repo, issue),
      score: 1,
    }));
    const { items, headers } = pageOf(base, url, hits);
    return [200, { total_count: hits.length, incomplete_results: false, items }, headers];
  }

  function paged<T>(url: URL, all: T[]): [number, T[], Record<string, string>] {
    const { items, headers } = pageOf(base, url, all);
    return [200, items, headers];
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://github");
    const record: GitHubApiRequest = {
      method: request.method ?? "GET",
      path: url.pathname,
      query: url.search,
      status: 0,
    };
    requests.push(record);
    route(request, url, record).then(
      ([status, body, headers]) => {
        record.status = status;
        sendGitHubJson(response, status, body, headers);
      },
      (error: unknown) => {
        const failure =
          error instanceof GitHubApiError
            ? error
            : new GitHubApiError(500, `Stand-in failure: ${(error as Error).message}`);
        record.status = failure.status;
        sendGitHubJson(response, failure.status, failure.toJSON());
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    requests,
    issues: (fullName) => {
      const [owner = "", name = ""] = fullName.split("/");
      return repos.find((r) => r.owner === owner && r.name === name)?.issues ?? [];
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function authenticate(
  request: IncomingMessage,
  tokens: GitHubToken[],
  record: GitHubApiRequest,
): GitHubToken | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^(token|bearer)\s+(\S+)$/i.exec(header);
  if (!match) throw new GitHubApiError(401, "Bad credentials");
  record.authScheme = match[1] === "token" ? "token" : "Bearer";
  const token = tokens.find((t) => t.token === match[2]);
  if (!token) throw new GitHubApiError(401, "Bad credentials");
  return token;
}
