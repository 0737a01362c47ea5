/**
 * A local stand-in for Slack incoming webhooks and generic (CloudEvents) webhooks: an HTTP
 * server on loopback that records every POST under any path and answers `ok`, or what a test
 * scripts per path: 429 with `Retry-After`, Slack's error strings with their statuses, any
 * status, or a stall. Slack-like paths (`/services/…`, as in hooks.slack.com URLs) are checked
 * against Slack's payload limits and refused with `400 invalid_blocks` etc. as Slack does.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { checkSlackPayload, SLACK_ERROR_STATUS, type SlackError } from "./check-slack-payload.js";

/** One POST as received, with what the receiver answered. */
export interface ReceivedPost {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The body exactly as sent. */
  readonly body: Buffer;
  /** The body as JSON (`application/json`, `application/cloudevents+json`, or Slack's form `payload=`), when it parses. */
  readonly json: unknown;
  readonly receivedAt: Date;
  /** The status answered; 0 while (or when) the request stalled. */
  status: number;
  /** The body answered. */
  answer: string;
}

/** What to answer the next request(s) to a path. */
export type ReceiverReply =
  | { kind: "rate-limited"; retryAfterSeconds: number }
  | { kind: "slack-error"; error: SlackError }
  | { kind: "status"; status: number; body?: string; headers?: Record<string, string> }
  /** Holds the request without an answer for `ms`, or until the receiver closes. */
  | { kind: "stall"; ms?: number };

export interface WebhookReceiverOptions {
  /** Which paths get Slack's payload checks; default: those under `/services/`. */
  isSlackPath?: (path: string) => boolean;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** A full URL for a path, e.g. `urlFor("/services/T000/B000/XXXX")`. */
  urlFor(path: string): string;
  readonly posts: readonly ReceivedPost[];
  postsTo(path: string): ReceivedPost[];
  /** Answers the next `times` requests to `path` with `reply`; queued after earlier scripted replies. */
  script(path: string, reply: ReceiverReply, times?: number): void;
  /** Forgets the posts and the scripted replies. */
  reset(): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 5 * 1024 * 1024;

export async function startWebhookReceiver(options: WebhookReceiverOptions = {}): Promise<WebhookReceiver> {
  const isSlackPath = options.isSlackPath ?? ((path: string) => path.startsWith("/services/"));
  const posts: ReceivedPost[] = [];
  const scripts = new Map<string, ReceiverReply[]>();
  const stalled = new Set<ServerResponse>();

  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? "/", "http://receiver").pathname;
    if (request.method !== "POST") {
      response.writeHead(405, { allow: "POST", "content-type": "text/plain" }).end("method_not_allowed");
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) {
        response.writeHead(413, { "content-type": "text/plain" }).end("request_too_large");
        return;
      }
      chunks.push(chunk as Buffer);
    }
    const body = Buffer.concat(chunks);
    const post: ReceivedPost = {
      path,
      headers: request.headers,
      body,
      json: parseBody(body, String(request.headers["content-type"] ?? "")),
      receivedAt: new Date(),
      status: 0,
      answer: "",
    };
    posts.push(post);
    const send = (status: number, text: string, headers: Record<string, string> = {}) => {
      post.status = status;
      post.answer = text;
      response.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers }).end(text);
    };

    const reply = scripts.get(path)?.shift();
    if (reply?.kind === "stall") {
      stalled.add(response);
      response.once("close", () => stalled.delete(response));
      if (reply.ms !== undefined) setTimeout(() => send(200, "ok"), reply.ms).unref();
      return;
    }
    if (reply?.kind === "rate-limited")
      return send(429, "rate_limited", { "retry-after": String(reply.retryAfterSeconds) });
    if (reply?.kind === "slack-error") return send(SLACK_ERROR_STATUS[reply.error], reply.error);
    if (reply?.kind === "status") return send(reply.status, reply.body ?? "", reply.headers);
    if (isSlackPath(path)) {
      const error = post.json === undefined ? "invalid_payload" : checkSlackPayload(post.json);
      if (error) return send(SLACK_ERROR_STATUS[error], error);
    }
    send(200, "ok");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    urlFor: (path) => `${url}${path.startsWith("/") ? path : `/${path}`}`,
    posts,
    postsTo: (path) => posts.filter((p) => p.path === path),
    script(path, reply, times = 1) {
      const queue = scripts.get(path) ?? [];
      for (let i = 0; i < times; i++) queue.push(reply);
      scripts.set(path, queue);
    },
    reset() {
      posts.length = 0;
      scripts.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const response of stalled) response.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function parseBody(body: Buffer, contentType: string): unknown {
  const text = body.toString("utf8");
  try {
    if (contentType.startsWith("application/x-www-form-urlencoded")) {
      const payload = new URLSearchParams(text).get("payload");
      return payload === null ? undefined : JSON.parse(payload);
    }
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
