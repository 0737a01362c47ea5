/**
 * The repositories, issues and comments a local GitHub API stand-in holds, with the JSON shapes
 * of GitHub's REST API (the fields an action that opens, finds and updates issues reads).
 */

export interface GitHubUser {
  login: string;
  id: number;
  type: "User" | "Bot";
}

export interface StoredIssue {
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  stateReason: "completed" | "not_planned" | "reopened" | null;
  labels: string[];
  user: GitHubUser;
  comments: StoredComment[];
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}

export interface StoredComment {
  id: number;
  body: string;
  user: GitHubUser;
  createdAt: Date;
}

export interface StoredRepo {
  id: number;
  owner: string;
  name: string;
  issues: StoredIssue[];
}

/** Renders an issue as `GET /repos/{owner}/{repo}/issues/{number}` returns it. */
export function renderIssue(base: string, repo: StoredRepo, issue: StoredIssue): Record<string, unknown> {
  const repoUrl = `${base}/repos/${repo.owner}/${repo.name}`;
  const url = `${repoUrl}/issues/${issue.number}`;
  return {
    url,
    repository_url: repoUrl,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${htmlBase(base)}/${repo.owner}/${repo.name}/issues/${issue.number}`,
    id: repo.id * 100_000 + issue.number,
    node_id: Buffer.from(`I_${repo.id}_${issue.number}`).toString("base64url"),
    number: issue.number,
    title: issue.title,
    user: renderUser(base, issue.user),
    labels: issue.labels.map((name) => renderLabel(repoUrl, name)),
    state: issue.state,
    locked: false,
    assignee: null,
    assignees: [],
    milestone: null,
    comments: issue.comments.length,
    created_at: stamp(issue.createdAt),
    updated_at: stamp(issue.updatedAt),
    closed_at: issue.closedAt ? stamp(issue.closedAt) : null,
    author_association: "NONE",
    active_lock_reason: null,
    body: issue.body,
    state_reason: issue.stateReason,
  };
}

export function renderComment(base: string, repo: StoredRepo, issue: StoredIssue, comment: StoredComment) {
  const repoUrl = `${base}/repos/${repo.owner}/${repo.name}`;
  return {
    url: `${repoUrl}/issues/comments/${comment.id}`,
    html_url: `${htmlBase(base)}/${repo.owner}/${repo.name}/issues/${issue.number}#issuecomment-${comment.id}`,
    issue_url: `${repoUrl}/issues/${issue.number}`,
    id: comment.id,
    node_id: Buffer.from(`IC_${comment.id}`).toString("base64url"),
    user: renderUser(base, comment.user),
    created_at: stamp(comment.createdAt),
    updated_at: stamp(comment.createdAt),
    author_association: "NONE",
    body: comment.body,
  };
}

function renderUser(base: string, user: GitHubUser) {
  return {
    login: user.login,
    id: user.id,
    node_id: Buffer.from(`U_${user.id}`).toString("base64url"),
    url: `${base}/users/${encodeURIComponent(user.login)}`,
    html_url: `${htmlBase(base)}/${encodeURIComponent(user.login)}`,
    type: user.type,
    site_admin: false,
  };
}

function renderLabel(repoUrl: string, name: string) {
  return {
    id: labelId(name),
    node_id: Buffer.from(`LA_${name}`).toString("base64url"),
    url: `${repoUrl}/labels/${encodeURIComponent(name)}`,
    name,
    color: "ededed",
    default: false,
    description: null,
  };
}

/** GitHub timestamps are whole seconds: `2026-11-22T12:00:00Z`. */
const stamp = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");
const htmlBase = (base: string) => `${base}/_html`;
const labelId = (name: string) => [...name].reduce((h, c) => (h * 31 + (c.codePointAt(0) ?? 0)) >>> 0, 7);
