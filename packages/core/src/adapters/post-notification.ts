/**
 * One notification POST, done the way a scheduled job needs it: a timeout on every attempt, 429
 * answered by waiting for `Retry-After` (Slack's incoming webhooks allow about one message a
 * second), 5xx and broken connections retried with backoff, any other 4xx final at once (Slack
 * answers 400 `invalid_payload`, 403 `invalid_token` or `action_prohibited`, 404
 * `channel_not_found`, 410 `channel_is_archived`: waiting will not change them). The URL is a
 * secret: no message this file makes contains it, nor anything from a failed connection that
 * could (only the error code), nor a response body unless it is one of Slack's error codes.
 */
import { setTimeout as delay } from "node:timers/promises";
import { ArchiverError } from "../errors.js";

export interface PostNotificationOptions {
  /** How messages name the receiver: "the Slack webhook". */
  name: string;
  url: URL;
  headers: Record<string, string>;
  body: string;
  /** Per attempt, connection to last byte of the answer. */
  timeoutMs?: number;
  /** Attempts in all, the first included. */
  attempts?: number;
  /** The longest `Retry-After` waited for; a longer one fails the delivery, which the next run retries. */
  maxRetryAfterMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULTS = { timeoutMs: 10_000, attempts: 4, maxRetryAfterMs: 60_000 };

/** POSTs `body`; resolves on a 2xx, throws `NOTIFY_FAILED` otherwise (see the file header). */
export async function postNotification(options: PostNotificationOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const attempts = options.attempts ?? DEFAULTS.attempts;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const { name } = options;
  for (let attempt = 1; ; attempt++) {
    const last = attempt >= attempts;
    let status: number;
    let answer: string;
    let retryAfter: string | null;
    try {
      const response = await fetch(options.url, {
        method: "POST",
        headers: options.headers,
        body: options.body,
        // A redirect would carry the message to a URL nobody configured.
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      retryAfter = response.headers.get("retry-after");
      answer = (await response.text()).trim();
    } catch (error) {
      if (last) throw connectionFailed(name, error, timeoutMs, attempt);
      await sleep(backoff(attempt));
      continue;
    }
    if (status >= 200 && status < 300) return;
    if (status === 429) {
      const waitMs = parseRetryAfter(retryAfter) ?? backoff(attempt);
      if (waitMs > maxRetryAfterMs || last) throw rateLimited(name, waitMs, attempt);
      await sleep(waitMs);
      continue;
    }
    if ((status >= 500 || status === 408) && !last) {
      await sleep(backoff(attempt));
      continue;
    }
    throw refused(name, status, answer, attempt);
  }
}

/** Delay-seconds (`120`), as Slack sends it; undefined for none, or for the rarer HTTP-date form (then: backoff). */
function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  return undefined;
}

function backoff(attempt: number): number {
  return Math.min(8_000, 500 * 2 ** (attempt - 1));
}

const NEXT_RUN = "the events stay archived, and the next run sends this notification again";

function connectionFailed(name: string, error: unknown, timeoutMs: number, attempts: number): ArchiverError {
  const timedOut = (error as { name?: string } | null)?.name === "TimeoutError";
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  const why = timedOut
    ? `no answer within ${timeoutMs / 1000} s`
    : `the connection failed${typeof code === "string" && /^[A-Z_]+$/.test(code) ? ` (${code})` : ""}`;
  return new ArchiverError("NOTIFY_FAILED", `${name}: ${why}, ${attempts} attempt(s)`, {
    hint: `check that the runner can reach the host of ${name}; ${NEXT_RUN}`,
  });
}

function rateLimited(name: string, waitMs: number, attempts: number): ArchiverError {
  return new ArchiverError(
    "NOTIFY_FAILED",
    `${name}: rate limited (429), asked to wait ${Math.ceil(waitMs / 1000)} s, ${attempts} attempt(s)`,
    { hint: NEXT_RUN },
  );
}

function refused(name: string, status: number, answer: string, attempts: number): ArchiverError {
  // Slack names its errors in a short lower-case word; anything else could echo what was sent.
  const code = /^[a-z_]{1,64}$/.test(answer) ? ` ${answer}` : "";
  const hint =
    status === 403 || status === 404 || status === 410
      ? `${name} was revoked, or its channel removed or archived: create a new one and update the secret; ${NEXT_RUN}`
      : status >= 500 || status === 408
        ? `${name} kept failing; ${NEXT_RUN}`
        : status >= 300 && status < 400
          ? `${name} answered with a redirect, which is not followed: configure the final URL; ${NEXT_RUN}`
          : `${name} refused the message; ${NEXT_RUN}`;
  return new ArchiverError("NOTIFY_FAILED", `${name}: HTTP ${status}${code}, ${attempts} attempt(s)`, {
    hint,
  });
}
