import { describe, expect, it } from "vitest";
import { archivedEvent, clusterPlace, memberPlace, placed } from "../../../test/support/event-builders.js";
import type { OutboxEntry } from "./events-state.js";
import { renderCloudEvent } from "./render-cloud-event.js";
import { renderEventTime } from "./render-event-time.js";
import { renderSlackMessages } from "./render-slack-messages.js";

interface Block {
  type: string;
  text?: { type: string; text: string };
  elements?: { text: string }[];
}
const entry = (p: ReturnType<typeof placed>): OutboxEntry => ({
  id: p.id,
  event: p.event,
  place: p.place,
  key: "k",
});
const snapshot = entry(
  placed(
    archivedEvent("db-cluster-snapshot", "rds:orders-2026-11-20-03-10", "2026-11-20T03:12:10Z", {
      message: "Automated cluster snapshot created",
    }),
    clusterPlace("orders"),
  ),
);
const options = {
  region: "us-east-1",
  timeZone: "Asia/Seoul",
  runUrl: "https://github.com/o/r/actions/runs/7",
};
const body = (message: { message: { body: string } }) =>
  JSON.parse(message.message.body) as { text: string; blocks: Block[] };

describe("renderEventTime", () => {
  it("shows the event's own time in the configured zone and in UTC", () => {
    expect(renderEventTime("2026-11-20T03:12:10.250Z", "Asia/Seoul")).toBe(
      "2026-11-20 12:12:10 GMT+9 (Asia/Seoul) · 2026-11-20 03:12:10 UTC",
    );
    expect(renderEventTime("2026-07-01T12:00:00Z", "America/Los_Angeles")).toBe(
      "2026-07-01 05:00:00 PDT (America/Los_Angeles) · 2026-07-01 12:00:00 UTC",
    );
    expect(renderEventTime("2026-11-20T03:12:10Z", "UTC")).toBe("2026-11-20 03:12:10 UTC");
  });
});

describe("renderSlackMessages", () => {
  it("posts a text fallback and a section with time, cluster, category, message and snapshot id", () => {
    const [message, ...rest] = renderSlackMessages([snapshot], options);
    expect(rest).toEqual([]);
    expect(message?.ids).toEqual([snapshot.id]);
    const { text, blocks } = body(message as never);
    expect(text).toBe("1 new RDS event in us-east-1: backup 1");
    expect(blocks.map((b) => b.type)).toEqual(["header", "section", "context"]);
    expect(blocks[1]?.text?.text).toBe(
      "*backup* · cluster `orders` · snapshot `rds:orders-2026-11-20-03-10`\n" +
        "2026-11-20 12:12:10 GMT+9 (Asia/Seoul) · 2026-11-20 03:12:10 UTC\n" +
        "Automated cluster snapshot created",
    );
    expect(blocks[2]?.elements?.[0]?.text).toBe(
      "Posted by <https://github.com/o/r/actions/runs/7|this GitHub Actions run>",
    );
  });

  it("escapes what RDS wrote, so a message cannot mention a channel or inject a link", () => {
    const sneaky = entry(
      placed(
        archivedEvent("db-instance", "orders-1", "2026-11-20T03:00:00Z", {
          message: "<!channel> & <http://x|y>",
        }),
        memberPlace("orders", "orders-1"),
      ),
    );
    const section = body(renderSlackMessages([sneaky], options)[0] as never).blocks[1]?.text?.text ?? "";
    expect(section).toContain("instance `orders-1` of cluster `orders`");
    expect(section).toContain("&lt;!channel&gt; &amp; &lt;http://x|y&gt;");
    expect(section).not.toContain("<!channel>");
  });

  it("splits many events over messages within Slack's limits and leaves none out", () => {
    const entries = Array.from({ length: 130 }, (_, i) =>
      entry(
        placed(
          archivedEvent(
            "db-instance",
            `orders-${i}`,
            new Date(Date.UTC(2026, 10, 20, 3, 0, i)).toISOString(),
            {
              message: i === 7 ? "x".repeat(5000) : `event ${i} ${"y".repeat(i * 10)}`,
            },
          ),
          memberPlace("orders", `orders-${i}`),
        ),
      ),
    );
    const messages = renderSlackMessages(entries, options);
    expect(messages.length).toBeGreaterThan(2);
    expect(messages.flatMap((m) => m.ids)).toEqual(entries.map((e) => e.id));
    messages.forEach((m, i) => {
      const { text, blocks } = body(m);
      expect(text).toContain(`(${i + 1}/${messages.length})`);
      expect(blocks.length).toBeLessThanOrEqual(50);
      const sections = blocks.filter((b) => b.type === "section").map((b) => b.text?.text ?? "");
      expect(sections).toHaveLength(m.ids.length);
      for (const s of sections) expect(s.length).toBeLessThanOrEqual(3000);
      expect(sections.join("").length).toBeLessThanOrEqual(12_000);
    });
    const long = messages.flatMap((m) => body(m).blocks).find((b) => b.text?.text.includes("xxxx"));
    expect(long?.text?.text.endsWith("…")).toBe(true);
  });
});

describe("renderCloudEvent", () => {
  it("is a CloudEvents 1.0 document whose id is the event's identity", () => {
    const message = renderCloudEvent(snapshot, { runUrl: options.runUrl });
    expect(message.id).toBe(snapshot.id);
    expect(JSON.parse(message.body)).toEqual({
      specversion: "1.0",
      id: snapshot.id,
      source: "arn:aws:rds:us-east-1:123456789012:cluster-snapshot:rds:orders-2026-11-20-03-10",
      type: "com.amazonaws.rds.event",
      subject: "rds:orders-2026-11-20-03-10",
      time: "2026-11-20T03:12:10.000Z",
      datacontenttype: "application/json",
      data: {
        ...snapshot.event,
        cluster: "orders",
        instance: "orders",
        archiveKey: "k",
        runUrl: options.runUrl,
      },
    });
  });
});
