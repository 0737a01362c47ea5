import { createHmac } from "node:crypto";
import type { Notifier } from "../sources/events/notifier.js";
import { postNotification } from "./post-notification.js";

export interface WebhookNotifierOptions {
  /** The receiver's URL: a secret, never printed. */
  url: URL;
  /** Signs each post (Standard Webhooks) when given. */
  secret?: string;
  /** The clock for `webhook-timestamp`. */
  now?: () => Date;
  timeoutMs?: number;
}

/**
 * A {@link Notifier} for a generic webhook: each event a CloudEvents 1.0 JSON document, structured
 * mode. With a secret, each post is signed as Standard Webhooks 1.0 specifies: `webhook-id` (the
 * event's identity), `webhook-timestamp` (Unix seconds) and `webhook-signature`
 * (`v1,<base64 of the HMAC-SHA256 of "<id>.<timestamp>.<body>">`). A secret written
 * `whsec_<base64>` is the base64-encoded key, as Standard Webhooks libraries generate it; any other
 * text is used as the key as it is.
 */
export function createWebhookNotifier(options: WebhookNotifierOptions): Notifier {
  const now = options.now ?? (() => new Date());
  const key = options.secret === undefined ? undefined : decodeSecret(options.secret);
  return {
    channel: "webhook",
    name: "the webhook",
    async send(message) {
      const headers: Record<string, string> = {
        "content-type": "application/cloudevents+json; charset=utf-8",
      };
      if (key !== undefined) {
        const timestamp = String(Math.floor(now().getTime() / 1000));
        const signature = createHmac("sha256", key)
          .update(`${message.id}.${timestamp}.${message.body}`)
          .digest("base64");
        headers["webhook-id"] = message.id;
        headers["webhook-timestamp"] = timestamp;
        headers["webhook-signature"] = `v1,${signature}`;
      }
      await postNotification({
        name: "the webhook",
        url: options.url,
        headers,
        body: message.body,
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      });
    },
  };
}

function decodeSecret(secret: string): Buffer {
  return secret.startsWith("whsec_")
    ? Buffer.from(secret.slice("whsec_".length), "base64")
    : Buffer.from(secret);
}
