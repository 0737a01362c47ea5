/**
 * The HTTP side of the GitHub REST stand-in: GitHub's error body
 * `{message, documentation_url, [errors], status}`, request bodies, JSON answers with GitHub's
 * headers, and paging with `per_page`/`page` and a `Link` header (prev, next, last, first).
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

export const GITHUB_DOCS = "https://docs.github.com/rest";
/** GitHub refuses issue and comment bodies over 65,536 characters. */
const MAX_BODY = 65_536;

export class GitHubApiError extends Error {
  readonly status: number;
  readonly docs: string;
  readonly errors: Record<string, string>[] | undefined;

  constructor(status: number, message: string, docs = GITHUB_DOCS, errors?: Record<string, string>[]) {
    super(message);
    this.status = status;
    this.docs = docs;
    this.errors = errors;
  }

  /** The body GitHub sends with the status. */
  toJSON(): Record<string, unknown> {
    return {
      message: this.message,
      documentation_url: this.docs,
      ...(this.errors ? { errors: this.errors } : {}),
      status: String(this.status),
    };
  }
}

/** 422 "Validation Failed" with GitHub's `errors` list. */
export const validationFailed = (docs: string, ...errors: Record<string, string>[]) =>
  new GitHubApiError(422, "Validation Failed", docs, errors);

export async function readJsonObject(
  request: IncomingMessage,
  docs: string,
): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // answered below, as GitHub does for any body that is not a JSON object
  }
  throw new GitHubApiError(400, "Problems parsing JSON", docs);
}

/** An issue or comment body, refused past GitHub's length limit. */
export function readMarkdownBody(value: unknown, docs: string, resource: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  const body = String(value);
  if (body.length > MAX_BODY) {
    throw validationFailed(docs, {
      resource,
      code: "custom",
      field: "body",
      message: `body is too long (maximum is ${MAX_BODY} characters)`,
    });
  }
  return body;
}

/** `labels` as names; GitHub takes strings or `{name}` objects. */
export function readLabelNames(value: unknown, docs: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value))
    throw validationFailed(docs, { resource: "Issue", field: "labels", code: "invalid" });
  return value.map((l) =>
    typeof l === "object" && l !== null ? String((l as { name?: unknown }).name) : String(l),
  );
}

export interface Page<T> {
  items: T[];
  headers: Record<string, string>;
}

/** One page of `all` as `per_page` (default 30, at most 100) and `page` ask, with the `Link` header. */
export function pageOf<T>(base: string, url: URL, all: readonly T[]): Page<T> {
  const perPage = Math.min(Math.max(Number(url.searchParams.get("per_page") ?? 30) || 30, 1), 100);
  const current = Math.max(Number(url.searchParams.get("page") ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(all.length / perPage), 1);
  const link = (n: number, rel: string) => {
    const target = new URL(url.pathname + url.search, base);
    target.searchParams.set("page", String(n));
    return `<${target.href}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (current > 1) links.push(link(current - 1, "prev"));
  if (current < last) links.push(link(current + 1, "next"), link(last, "last"));
  if (current > 1) links.push(link(1, "first"));
  return {
    items: all.slice((current - 1) * perPage, current * perPage),
    headers: links.length > 0 ? { link: links.join(", ") } : {},
  };
}

export function sendGitHubJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "x-github-api-version-selected": "2022-11-28",
    "x-github-request-id": randomUUID().toUpperCase(),
    "x-ratelimit-limit": "1000",
    "x-ratelimit-remaining": "999",
    ...headers,
  });
  response.end(text);
}
