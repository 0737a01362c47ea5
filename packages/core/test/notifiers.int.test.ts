import { createHmac } from "node:crypto";
import { startWebhookReceiver, type WebhookReceiver } from "@rds-log-archive/testkit";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createNotifiers } from "../src/adapters/create-notifiers.js";
import { createSlackNotifier } from "../src/adapters/create-slack-notifier.js";
import { createWebhookNotifier } from "../src/adapters/create-webhook-notifier.js";
import { postNotification } from "../src/adapters/post-notification.js";
import { isArchiverError } from "../src/errors.js";

// The notifier adapters against a local Slack/webhook receiver that answers as Slack does.
const SLACK_PATH = "/services/T0000/B0000/secret-token-in-the-path";
const HOOK_PATH = "/hooks/rds/secret-path";
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.close());
beforeEach(() => receiver.reset());

const slackMessage = { id: "m1", body: JSON.stringify({ text: "1 new RDS event", blocks: [] }) };

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string; hint?: string }> {
  try {
    await promise;
  } catch (error) {
    if (!isArchiverError(error)) throw error;
    return { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  }
  throw new Error("expected the delivery to fail");
}

describe("the Slack notifier", () => {
  const slack = () => createSlackNotifier({ url: new URL(receiver.urlFor(SLACK_PATH)), minIntervalMs: 0 });

  it("posts the message as JSON", async () => {
    await slack().send(slackMessage);
    const [post] = receiver.postsTo(SLACK_PATH);
    expect(post?.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(post?.json).toEqual({ text: "1 new RDS event", blocks: [] });
    expect(post?.status).toBe(200);
  });

  it("waits out a 429 as Retry-After says, then delivers", async () => {
    receiver.script(SLACK_PATH, { kind: "rate-limited", retryAfterSeconds: 1 });
    await slack().send(slackMessage);
    expect(receiver.postsTo(SLACK_PATH).map((p) => p.status)).toEqual([429, 200]);
  });

  it("does not retry a 400 or a revoked webhook, and never names the URL", async () => {
    receiver.script(SLACK_PATH, { kind: "slack-error", error: "invalid_payload" });
    const bad = await failure(slack().send(slackMessage));
    expect(bad).toMatchObject({
      code: "NOTIFY_FAILED",
      message: "the Slack webhook: HTTP 400 invalid_payload, 1 attempt(s)",
    });
    receiver.script(SLACK_PATH, { kind: "slack-error", error: "invalid_token" });
    const revoked = await failure(slack().send(slackMessage));
    expect(revoked.message).toBe("the Slack webhook: HTTP 403 invalid_token, 1 attempt(s)");
    expect(revoked.hint).toContain("was revoked");
    expect(receiver.postsTo(SLACK_PATH)).toHaveLength(2);
    for (const text of [bad.message, bad.hint, revoked.message, revoked.hint]) {
      expect(text).not.toContain(receiver.url);
      expect(text).not.toContain("secret-token-in-the-path");
    }
  });

  it("retries a 5xx, and gives up on a receiver that never answers", async () => {
    receiver.script(SLACK_PATH, { kind: "slack-error", error: "rollup_error" });
    await slack().send(slackMessage);
    expect(receiver.postsTo(SLACK_PATH).map((p) => p.status)).toEqual([500, 200]);

    receiver.reset();
    receiver.script(SLACK_PATH, { kind: "stall" }, 2);
    const stalled = await failure(
      postNotification({
        name: "the Slack webhook",
        url: new URL(receiver.urlFor(SLACK_PATH)),
        headers: {},
        body: "{}",
        timeoutMs: 300,
        attempts: 2,
        sleep: async () => {},
      }),
    );
    expect(stalled.message).toBe("the Slack webhook: no answer within 0.3 s, 2 attempt(s)");
  });

  it("fails at once when Retry-After asks for longer than it waits", async () => {
    receiver.script(SLACK_PATH, { kind: "rate-limited", retryAfterSeconds: 3600 });
    const error = await failure(
      postNotification({
        name: "the Slack webhook",
        url: new URL(receiver.urlFor(SLACK_PATH)),
        headers: {},
        body: "{}",
      }),
    );
    expect(error.message).toBe("the Slack webhook: rate limited (429), asked to wait 3600 s, 1 attempt(s)");
    expect(receiver.postsTo(SLACK_PATH)).toHaveLength(1);
  });
});

describe("the webhook notifier", () => {
  const body = JSON.stringify({ specversion: "1.0", id: "abc", type: "com.amazonaws.rds.event" });

  it("posts a structured CloudEvent, signed as Standard Webhooks specifies", async () => {
    const key = Buffer.from("a test key of some length");
    const secret = `whsec_${key.toString("base64")}`;
    const now = new Date("2026-11-20T10:00:00Z");
    await createWebhookNotifier({ url: new URL(receiver.urlFor(HOOK_PATH)), secret, now: () => now }).send({
      id: "abc",
      body,
    });
    const [post] = receiver.postsTo(HOOK_PATH);
    expect(post?.headers["content-type"]).toBe("application/cloudevents+json; charset=utf-8");
    expect(post?.body.toString()).toBe(body);
    expect(post?.headers["webhook-id"]).toBe("abc");
    expect(post?.headers["webhook-timestamp"]).toBe(String(now.getTime() / 1000));
    const expected = createHmac("sha256", key)
      .update(`abc.${now.getTime() / 1000}.${body}`)
      .digest("base64");
    expect(post?.headers["webhook-signature"]).toBe(`v1,${expected}`);
  });

  it("sends no signature headers without a secret", async () => {
    await createWebhookNotifier({ url: new URL(receiver.urlFor(HOOK_PATH)) }).send({ id: "abc", body });
    expect(receiver.postsTo(HOOK_PATH)[0]?.headers["webhook-signature"]).toBeUndefined();
  });
});

describe("createNotifiers", () => {
  it("refuses a URL that is not https, naming the setting and never the value", () => {
    const url = "http://hooks.example.com/services/T/B/secret-value";
    expect(() => createNotifiers({ slackWebhookUrl: url })).toThrow(
      "RDS_LOG_ARCHIVE_SLACK_WEBHOOK_URL is not an https:// URL (its value is not shown: it is a secret)",
    );
    expect(() =>
      createNotifiers(
        { webhookUrl: "not a url secret-value" },
        {
          slackWebhookUrl: "slack-webhook-url",
          webhookUrl: "webhook-url",
          webhookSecret: "webhook-secret",
        },
      ),
    ).toThrow(/^webhook-url is not/);
    expect(() => createNotifiers({ webhookSecret: "s" })).toThrow(
      "RDS_LOG_ARCHIVE_WEBHOOK_SECRET is set but RDS_LOG_ARCHIVE_WEBHOOK_URL is not",
    );
    expect(
      createNotifiers({
        slackWebhookUrl: receiver.urlFor(SLACK_PATH),
        webhookUrl: "https://example.com/x",
      }).map((n) => n.channel),
    ).toEqual(["slack", "webhook"]);
  });
});
