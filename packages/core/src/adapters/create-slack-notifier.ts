import { setTimeout as delay } from "node:timers/promises";
import type { Notifier } from "../sources/events/notifier.js";
import { postNotification } from "./post-notification.js";

export interface SlackNotifierOptions {
  /** The incoming webhook's URL: a secret, never printed. */
  url: URL;
  /** Least time between two messages; Slack allows about one message a second per webhook. */
  minIntervalMs?: number;
  timeoutMs?: number;
}

/**
 * A {@link Notifier} for a Slack incoming webhook: JSON posted as it is rendered, one message at
 * a time (regions deliver in parallel, so sends queue here), at most one a second. Slack answers
 * `ok` with 200, and errors as a status with a short code in the body (`invalid_payload`,
 * `no_text`, `channel_not_found`, …).
 */
export function createSlackNotifier(options: SlackNotifierOptions): Notifier {
  const interval = options.minIntervalMs ?? 1000;
  let lastSent: number | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const post = async (body: string) => {
    if (lastSent !== undefined) {
      const wait = lastSent + interval - performance.now();
      if (wait > 0) await delay(wait);
    }
    try {
      await postNotification({
        name: "the Slack webhook",
        url: options.url,
        headers: { "content-type": "application/json; charset=utf-8" },
        body,
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      });
    } finally {
      lastSent = performance.now();
    }
  };
  return {
    channel: "slack",
    name: "the Slack webhook",
    send(message) {
      const sent = queue.then(() => post(message.body));
      queue = sent.catch(() => {});
      return sent;
    },
  };
}
