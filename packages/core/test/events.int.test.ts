import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import {
  eventSpec as event,
  eventsFleet,
  type RdsEmulator,
  startEmulator,
  startWebhookReceiver,
  type WebhookReceiver,
} from "@rds-log-archive/testkit";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createNotifiers } from "../src/adapters/create-notifiers.js";
import { createRdsPort } from "../src/adapters/create-rds-port.js";
import { createDirObjectStore } from "../src/adapters/dir-object-store.js";
import { type ArchiveConfig, parseConfig } from "../src/config/parse-config.js";
import { archiveEvents } from "../src/sources/events/archive-events.js";

// The events source with the real SDK adapter against the emulator's DescribeEvents (paged, with
// late events), and the real notifiers against the local Slack and webhook receiver.

const T0 = new Date("2026-11-20T12:30:00Z");
let clock = T0;
const at = (hours: number) => new Date(T0.getTime() + hours * 3600_000);
let emulator: RdsEmulator;
let receiver: WebhookReceiver;
let dir: string;
const SLACK_PATH = "/services/T0/B0/slack-secret-token";
const HOOK_PATH = "/hook/webhook-secret-path";

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  process.env.AWS_ACCESS_KEY_ID = "test:tester";
  process.env.AWS_SECRET_ACCESS_KEY = "testing";
});
afterAll(() => receiver.close());

// A fresh emulator for each test: the tests append events to it.
beforeEach(async () => {
  // Enough events that DescribeEvents pages (20 a page here), most of them of other clusters.
  const noise = Array.from({ length: 60 }, (_, i) =>
    event("db-instance", "billing-1", new Date(T0.getTime() - (i + 1) * 600_000).toISOString(), `noise ${i}`),
  );
  emulator = await startEmulator({
    now: () => clock,
    pageSize: 20,
    fleet: {
      clusters: eventsFleet().clusters,
      instances: [...eventsFleet().instances, { id: "legacy", engine: "mysql" }],
      clusterSnapshots: [
        { id: "rds:orders-2026-11-19-03-10", cluster: "orders", type: "automated" },
        // A manual snapshot of billing whose name starts like one of orders.
        { id: "rds:orders-2026-11-19-03-10-copy", cluster: "billing" },
      ],
      dbSnapshots: [{ id: "before-upgrade", instance: "legacy" }],
      events: [
        ...noise,
        event(
          "db-cluster-snapshot",
          "rds:orders-2026-11-19-03-10",
          "2026-11-19T03:12:00Z",
          "Automated cluster snapshot created",
        ),
        event(
          "db-cluster-snapshot",
          "rds:orders-2026-11-19-03-10-copy",
          "2026-11-19T03:20:00Z",
          "Manual cluster snapshot created",
        ),
        event("db-instance", "orders-2", "2026-11-19T08:00:00Z", "Multi-AZ instance failover completed", [
          "failover",
        ]),
        event("db-snapshot", "before-upgrade", "2026-11-18T22:00:00Z", "Manual snapshot created"),
        event("db-cluster", "orders", "2026-11-01T00:00:00Z", "older than RDS keeps"),
      ],
    },
  });
  process.env.AWS_ENDPOINT_URL_RDS = emulator.endpoint;
  dir = await mkdtemp(path.join(tmpdir(), "events-int-"));
  clock = T0;
  receiver.reset();
});
afterEach(async () => {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

function config(): ArchiveConfig {
  const parsed = parseConfig(
    {
      targets: [{ region: "us-east-1", clusters: ["orders"], instances: ["legacy"] }],
      destination: { dir },
      notify: { timeZone: "Asia/Seoul" },
    },
    clock,
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.config;
}

const run = () =>
  archiveEvents(config(), {
    createRdsPort,
    store: createDirObjectStore({ dir, prefix: "" }),
    now: () => clock,
    notifiers: createNotifiers({
      slackWebhookUrl: receiver.urlFor(SLACK_PATH),
      webhookUrl: receiver.urlFor(HOOK_PATH),
      webhookSecret: "whsec_dGVzdCBzZWNyZXQ=",
    }),
    runUrl: "https://github.com/o/r/actions/runs/7",
  });

async function archivedMessages(): Promise<string[]> {
  const messages: string[] = [];
  for (const entry of await readdir(dir, { recursive: true })) {
    if (!entry.endsWith(".ndjson.gz")) continue;
    for (const line of gunzipSync(await readFile(path.join(dir, entry)))
      .toString()
      .split("\n")
      .filter(Boolean))
      messages.push((JSON.parse(line) as { Message: string }).Message);
  }
  return messages.sort();
}

describe("the events source on the SDK, the emulator and the receiver", () => {
  it("archives the selection's events exactly once over three runs, and posts each new one exactly once", async () => {
    const first = await run();
    expect(first.targets.filter((t) => t.error)).toEqual([]);
    expect(await archivedMessages()).toEqual([
      "Automated cluster snapshot created",
      "Manual snapshot created",
      "Multi-AZ instance failover completed",
    ]);
    expect(receiver.postsTo(SLACK_PATH)).toHaveLength(1);
    expect(receiver.postsTo(HOOK_PATH)).toHaveLength(3);
    // DescribeEvents was paged to its end: 64 events at 20 a page.
    expect(emulator.requests.counts().DescribeEvents).toBeGreaterThanOrEqual(4);

    // A new event, and a late one dated before the first run's end that RDS shows only now.
    clock = at(1);
    emulator.events.append([
      event("db-cluster", "orders", at(0.5).toISOString(), "DB cluster patched", ["maintenance"]),
      event(
        "db-instance",
        "orders-1",
        at(-0.05).toISOString(),
        "late: storage low",
        ["low storage"],
        at(0.9).toISOString(),
      ),
    ]);
    const second = await run();
    expect(second.events?.items.map((i) => i.message)).toEqual(["late: storage low", "DB cluster patched"]);
    expect(receiver.postsTo(HOOK_PATH)).toHaveLength(5);

    clock = at(2);
    const third = await run();
    expect(third.events?.totals).toMatchObject({ new: 0, objects: 0, notified: 0 });
    expect(receiver.postsTo(HOOK_PATH)).toHaveLength(5);
    expect(receiver.postsTo(SLACK_PATH)).toHaveLength(2);

    const ids = receiver.postsTo(HOOK_PATH).map((p) => (p.json as { id: string }).id);
    expect(new Set(ids).size).toBe(5);
    expect((await archivedMessages()).length).toBe(5);
  });

  it("keeps the events archived and owes the notification when Slack answers 400, then sends it", async () => {
    receiver.script(SLACK_PATH, { kind: "slack-error", error: "invalid_payload" });
    const first = await run();
    expect(first.events?.deliveries.find((d) => d.channel === "slack")).toMatchObject({
      pending: 3,
      error: { code: "NOTIFY_FAILED", message: "the Slack webhook: HTTP 400 invalid_payload, 1 attempt(s)" },
    });
    expect((await archivedMessages()).length).toBe(3);
    clock = at(1);
    const second = await run();
    expect(second.events?.deliveries.find((d) => d.channel === "slack")).toMatchObject({
      events: 3,
      pending: 0,
    });
    expect(receiver.postsTo(SLACK_PATH).map((p) => p.status)).toEqual([400, 200]);
  });

  it("waits out Slack's 429 within the run", async () => {
    receiver.script(SLACK_PATH, { kind: "rate-limited", retryAfterSeconds: 1 });
    const report = await run();
    expect(report.events?.deliveries.find((d) => d.channel === "slack")).toMatchObject({
      events: 3,
      pending: 0,
    });
    expect(receiver.postsTo(SLACK_PATH).map((p) => p.status)).toEqual([429, 200]);
  });
});
