/** The local Slack / webhook receiver, driven with plain fetch as a notifier would drive it. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { checkSlackPayload } from "../src/receivers/check-slack-payload.js";
import { startWebhookReceiver, type WebhookReceiver } from "../src/receivers/start-webhook-receiver.js";

const SLACK = "/services/T0001/B0001/abcdefXYZ";
let receiver: WebhookReceiver;

const post = (path: string, body: unknown, contentType = "application/json", signal?: AbortSignal) =>
  fetch(receiver.urlFor(path), {
    method: "POST",
    headers: { "content-type": contentType },
    body: typeof body === "string" ? body : JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text } });

beforeAll(async () => {
  receiver = await startWebhookReceiver();
});

beforeEach(() => receiver.reset());

afterAll(async () => {
  await receiver.close();
});

describe("recording", () => {
  it("records every POST under any path with its headers, raw body and parsed JSON, and answers ok", async () => {
    const message = { text: "3 new RDS events for orders — 日本語 🚀", blocks: [section("*backup* done")] };
    const response = await post(SLACK, message);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("ok");
    const cloudEvent = {
      specversion: "1.0",
      id: "abc",
      source: "arn:aws:rds:us-east-1:123456789012",
      type: "com.amazonaws.rds.event.backup",
    };
    await fetch(receiver.urlFor("/hooks/events"), {
      method: "POST",
      headers: { "content-type": "application/cloudevents+json", "webhook-signature": "v1,c2lnbmF0dXJl" },
      body: JSON.stringify(cloudEvent),
    });
    expect(receiver.posts).toHaveLength(2);
    const [slack, generic] = receiver.posts;
    expect(slack).toMatchObject({ path: SLACK, status: 200, answer: "ok", json: message });
    expect(slack?.body.toString("utf8")).toBe(JSON.stringify(message));
    expect(generic?.headers["webhook-signature"]).toBe("v1,c2lnbmF0dXJl");
    expect(generic?.json).toEqual(cloudEvent);
    expect(receiver.postsTo("/hooks/events")).toHaveLength(1);
  });

  it("reads Slack's form-encoded payload= posts too", async () => {
    const response = await post(
      SLACK,
      `payload=${encodeURIComponent(JSON.stringify({ text: "hi" }))}`,
      "application/x-www-form-urlencoded",
    );
    expect(await response.text()).toBe("ok");
    expect(receiver.posts[0]?.json).toEqual({ text: "hi" });
  });
});

describe("scripted answers", () => {
  it("answers 429 with Retry-After the scripted number of times, then ok", async () => {
    receiver.script(SLACK, { kind: "rate-limited", retryAfterSeconds: 3 }, 2);
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const response = await post(SLACK, { text: `try ${i}` });
      answers.push([response.status, response.headers.get("retry-after"), await response.text()]);
    }
    expect(answers).toEqual([
      [429, "3", "rate_limited"],
      [429, "3", "rate_limited"],
      [200, null, "ok"],
    ]);
  });

  it.each([
    ["invalid_payload", 400],
    ["no_text", 400],
    ["invalid_blocks", 400],
    ["invalid_token", 403],
    ["action_prohibited", 403],
    ["channel_not_found", 404],
    ["channel_is_archived", 410],
    ["rollup_error", 500],
  ] as const)("answers Slack's %s with %i", async (error, status) => {
    receiver.script(SLACK, { kind: "slack-error", error });
    const response = await post(SLACK, { text: "x" });
    expect([response.status, await response.text()]).toEqual([status, error]);
    expect(receiver.posts[0]).toMatchObject({ status, answer: error });
  });

  it("stalls a request until the client gives up, and answers the next one", async () => {
    receiver.script("/hooks/slow", { kind: "stall" });
    const error = await post("/hooks/slow", { a: 1 }, "application/json", AbortSignal.timeout(300)).catch(
      (e: Error) => e,
    );
    expect((error as Error).name).toBe("TimeoutError");
    expect(receiver.postsTo("/hooks/slow")[0]?.status).toBe(0);
    expect((await post("/hooks/slow", { a: 2 })).status).toBe(200);
  });

  it("answers any status on a generic path", async () => {
    receiver.script("/hooks/events", { kind: "status", status: 503, body: "try later" });
    const response = await post("/hooks/events", {});
    expect([response.status, await response.text()]).toEqual([503, "try later"]);
  });
});

describe("Slack's payload limits", () => {
  it("refuses more than 50 blocks, long sections and headers, and messages without text, as Slack does", async () => {
    const cases: [unknown, number, string][] = [
      [{ text: "ok", blocks: Array.from({ length: 50 }, () => section("x")) }, 200, "ok"],
      [{ text: "too many", blocks: Array.from({ length: 51 }, () => section("x")) }, 400, "invalid_blocks"],
      [{ text: "long", blocks: [section("あ".repeat(3000))] }, 200, "ok"],
      [{ text: "long", blocks: [section("あ".repeat(3001))] }, 400, "invalid_blocks"],
      [
        { text: "h", blocks: [{ type: "header", text: { type: "plain_text", text: "h".repeat(150) } }] },
        200,
        "ok",
      ],
      [
        { text: "h", blocks: [{ type: "header", text: { type: "plain_text", text: "h".repeat(151) } }] },
        400,
        "invalid_blocks",
      ],
      [{ blocks: [] }, 400, "no_text"],
      [{ username: "bot" }, 400, "no_text"],
      ["{not json", 400, "invalid_payload"],
    ];
    for (const [body, status, answer] of cases) {
      const response = await post(SLACK, body);
      expect([response.status, await response.text()], JSON.stringify(body).slice(0, 80)).toEqual([
        status,
        answer,
      ]);
    }
  });

  it("leaves non-Slack paths unchecked", async () => {
    expect((await post("/hooks/events", { anything: true })).status).toBe(200);
  });

  it("checks section fields and block types", () => {
    const field = (text: string) => ({ type: "mrkdwn", text });
    expect(
      checkSlackPayload({ text: "t", blocks: [{ type: "section", fields: Array(10).fill(field("f")) }] }),
    ).toBeUndefined();
    expect(
      checkSlackPayload({ text: "t", blocks: [{ type: "section", fields: Array(11).fill(field("f")) }] }),
    ).toBe("invalid_blocks");
    expect(
      checkSlackPayload({ text: "t", blocks: [{ type: "section", fields: [field("f".repeat(2001))] }] }),
    ).toBe("invalid_blocks");
    expect(checkSlackPayload({ text: "t", blocks: [{ type: "carousel" }] })).toBe("invalid_blocks");
    expect(
      checkSlackPayload({
        text: "t",
        blocks: [{ type: "context", elements: [field("c")] }, { type: "divider" }],
      }),
    ).toBeUndefined();
  });
});
