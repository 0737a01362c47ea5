import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rdsEvent } from "../../../test/support/event-builders.js";
import { createMemoryRds, type MemoryRds } from "../../../test/support/memory-rds-port.js";
import { createDirObjectStore } from "../../adapters/dir-object-store.js";
import { type ArchiveConfig, parseConfig } from "../../config/parse-config.js";
import type { ObjectStore } from "../../destinations/object-store.js";
import { ArchiverError } from "../../errors.js";
import { archiveEvents } from "./archive-events.js";
import { parseEventLine, renderEventIdentity, toArchivedEvent } from "./archived-event.js";
import type { NotifyChannel } from "./events-state.js";
import type { Notifier, NotifierMessage } from "./notifier.js";

// The events runner through its ports: RDS in memory, the archive in a temp folder, notifiers
// that record what they are given. No SDK, no emulator, no HTTP (those are the e2e tests').
const T0 = new Date("2026-11-20T12:30:00Z");
const hoursAfter = (h: number) => new Date(T0.getTime() + h * 3600_000);
let dir: string;
let rds: MemoryRds;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "events-source-"));
  rds = createMemoryRds();
  rds.clusters.set("orders", {
    id: "orders",
    engine: "aurora-postgresql",
    members: ["orders-1", "orders-2"],
  });
  rds.clusters.set("billing", { id: "billing", engine: "aurora-mysql", members: ["billing-1"] });
  for (const id of ["orders-1", "orders-2"])
    rds.instances.set(id, { id, engine: "aurora-postgresql", cluster: "orders" });
  rds.instances.set("billing-1", { id: "billing-1", engine: "aurora-mysql", cluster: "billing" });
  rds.instances.set("legacy", { id: "legacy", engine: "mysql" });
  rds.clusterSnapshots.push({ id: "rds:orders-2026-11-19-03-10", owner: "orders" });
  rds.dbSnapshots.push({ id: "before-upgrade", owner: "legacy" });
  rds.events.push(
    rdsEvent("db-cluster-snapshot", "rds:orders-2026-11-19-03-10", "2026-11-19T03:12:00Z", {
      message: "Automated cluster snapshot created",
    }),
    rdsEvent("db-instance", "orders-2", "2026-11-19T08:00:00Z", {
      message: "failover",
      categories: ["failover"],
    }),
    rdsEvent("db-cluster", "orders", "2026-11-19T08:01:00Z", {
      message: "DB cluster parameter changed",
      categories: ["configuration change"],
    }),
    rdsEvent("db-snapshot", "before-upgrade", "2026-11-18T22:00:00Z", { message: "Manual snapshot created" }),
    rdsEvent("db-instance", "billing-1", "2026-11-19T09:00:00Z", { message: "not selected" }),
    rdsEvent("db-parameter-group", "custom", "2026-11-19T09:00:00Z", { message: "not selected either" }),
    // Older than the 14 days RDS keeps, as if it were still listed: never read.
    rdsEvent("db-cluster", "orders", "2026-11-01T00:00:00Z", { message: "too old" }),
  );
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function config(fields: Record<string, unknown> = {}): ArchiveConfig {
  const parsed = parseConfig(
    {
      targets: [{ region: "us-east-1", clusters: ["orders"], instances: ["legacy"] }],
      destination: { dir, prefix: "rds" },
      notify: { timeZone: "Asia/Seoul" },
      ...fields,
    },
    T0,
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.config;
}

/** A notifier that records every message it accepts; `failNext` makes it fail, before or after recording. */
function recordingNotifier(channel: NotifyChannel) {
  const received: NotifierMessage[] = [];
  const control: { failNext?: "before-post" | "after-post" | undefined } = {};
  const notifier: Notifier = {
    channel,
    name: `the ${channel} test receiver`,
    async send(message) {
      const fail = control.failNext;
      control.failNext = undefined;
      if (fail === "before-post") throw new ArchiverError("NOTIFY_FAILED", "receiver down");
      received.push(message);
      // The post went through, and then the run died before recording it.
      if (fail === "after-post") throw new ArchiverError("NOTIFY_FAILED", "lost the answer");
    },
  };
  return { notifier, received, control };
}

/** Runs of the source at a given time, into the temp folder, notifying `notifiers`. */
function runner(
  notifiers: Notifier[] = [],
  store: ObjectStore = createDirObjectStore({ dir, prefix: "rds/" }),
) {
  return (at: Date, fields: Record<string, unknown> = {}) =>
    archiveEvents(config(fields), {
      createRdsPort: () => rds,
      store,
      now: () => at,
      notifiers,
      runUrl: "https://github.com/o/r/actions/runs/1",
    });
}

/** The identities Slack and the webhook were told about, one entry per time told. */
const slackIds = (messages: NotifierMessage[]) =>
  messages
    .flatMap((m) => (JSON.parse(m.body) as { blocks: { type: string; text?: { text: string } }[] }).blocks)
    .filter((b) => b.type === "section")
    .map((b) => b.text?.text.split("\n")[2]);
const webhookIds = (messages: NotifierMessage[]) => messages.map((m) => m.id);

async function archivedLines(): Promise<{ key: string; line: string }[]> {
  const found: { key: string; line: string }[] = [];
  for (const entry of await readdir(dir, { recursive: true })) {
    if (!entry.endsWith(".ndjson.gz")) continue;
    const text = gunzipSync(await readFile(path.join(dir, entry))).toString();
    for (const line of text.split("\n").filter(Boolean)) found.push({ key: entry, line });
  }
  return found;
}

async function snapshotFiles(): Promise<Map<string, number>> {
  const files = new Map<string, number>();
  for (const entry of await readdir(dir, { recursive: true })) {
    const info = await stat(path.join(dir, entry));
    if (info.isFile()) files.set(entry, info.mtimeMs);
  }
  return files;
}

const selectedIds = () =>
  rds.events
    .filter((e) => !["billing-1", "custom"].includes(e.sourceIdentifier) && e.message !== "too old")
    .map((e) => renderEventIdentity(toArchivedEvent(e, "us-east-1")))
    .sort();

describe("the events source through its ports", () => {
  it("over three runs with new and late events, archives each selected event once and notifies each once", async () => {
    const slack = recordingNotifier("slack");
    const webhook = recordingNotifier("webhook");
    const run = runner([slack.notifier, webhook.notifier]);

    const first = await run(T0);
    expect(first.schemaVersion).toBe(2);
    expect(first.events?.totals).toMatchObject({
      listed: 4,
      new: 4,
      alreadyArchived: 0,
      failed: 0,
      objects: 4,
    });
    expect(first.events?.totals.byCategory).toEqual({ backup: 2, failover: 1, "configuration change": 1 });
    expect(first.events?.windows).toEqual([
      { region: "us-east-1", from: "2026-11-06T12:35:00.000Z", to: T0.toISOString(), truncated: false },
    ]);
    // Three are in the notified categories; "configuration change" is archived, not posted.
    expect(webhook.received).toHaveLength(3);
    expect(slackIds(slack.received)).toEqual([
      "Manual snapshot created",
      "Automated cluster snapshot created",
      "failover",
    ]);
    expect(first.events?.deliveries).toEqual([
      { region: "us-east-1", channel: "slack", events: 3, messages: 1, pending: 0, expired: 0 },
      { region: "us-east-1", channel: "webhook", events: 3, messages: 3, pending: 0, expired: 0 },
    ]);
    const keys = first.events?.items.map((i) => i.key) ?? [];
    expect(keys).toContain(first.events?.items.find((i) => i.sourceType === "db-snapshot")?.key ?? "missing");
    expect(keys.every((k) => k.startsWith("rds/orders/events/") || k.startsWith("rds/legacy/events/"))).toBe(
      true,
    );

    // Between runs: a new event, and a late one dated before the first run ended.
    rds.events.push(
      rdsEvent("db-cluster", "orders", "2026-11-20T13:05:00Z", {
        message: "new",
        categories: ["maintenance"],
      }),
      rdsEvent("db-instance", "orders-1", "2026-11-20T12:28:00Z", {
        message: "late",
        categories: ["failure"],
      }),
    );
    const second = await run(hoursAfter(1));
    expect(second.events?.items.map((i) => i.message)).toEqual(["late", "new"]);
    expect(second.events?.totals).toMatchObject({ listed: 2, new: 2, alreadyArchived: 0 });
    expect(second.events?.windows[0]?.from).toBe("2026-11-20T11:30:00.000Z");
    expect(slackIds(slack.received).slice(3)).toEqual(["late", "new"]);
    expect(webhook.received).toHaveLength(5);

    // Nothing new: nothing written, nothing posted.
    const before = await snapshotFiles();
    const third = await run(hoursAfter(2));
    expect(third.events?.totals).toMatchObject({ new: 0, objects: 0, notified: 0 });
    expect(third.events?.totals.alreadyArchived).toBeGreaterThan(0);
    expect(await snapshotFiles()).toEqual(before);
    expect(webhook.received).toHaveLength(5);

    const lines = await archivedLines();
    const ids = lines.map(({ line }) => renderEventIdentity(parseEventLine(line) as never)).sort();
    expect(ids).toEqual(selectedIds());
    expect(webhookIds(webhook.received).sort()).toEqual(
      lines
        .map(({ line }) => parseEventLine(line))
        .filter((e) => e?.EventCategories.some((c) => c !== "configuration change"))
        .map((e) => renderEventIdentity(e as never))
        .sort(),
    );
  });

  it("re-sends once, never more, what a run posted but died before recording", async () => {
    const webhook = recordingNotifier("webhook");
    const run = runner([webhook.notifier]);

    webhook.control.failNext = "after-post";
    const first = await run(T0);
    expect(first.events?.deliveries[0]).toMatchObject({
      events: 0,
      pending: 3,
      error: { code: "NOTIFY_FAILED" },
    });
    expect(first.events?.totals).toMatchObject({ new: 4, notifyFailed: 3 });
    expect(webhook.received).toHaveLength(1);

    await run(hoursAfter(1));
    await run(hoursAfter(2));
    const counts = new Map<string, number>();
    for (const id of webhookIds(webhook.received)) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect([...counts.values()].sort()).toEqual([1, 1, 2]);
  });

  it("sends later what a run archived but could not post, and keeps the events archived", async () => {
    const webhook = recordingNotifier("webhook");
    const run = runner([webhook.notifier]);
    webhook.control.failNext = "before-post";
    const first = await run(T0);
    expect(first.events?.totals).toMatchObject({ new: 4, notified: 0, notifyFailed: 3 });
    expect(webhook.received).toHaveLength(0);
    const second = await run(hoursAfter(1));
    expect(second.events?.totals).toMatchObject({ new: 0, notified: 3, notifyFailed: 0 });
    expect(new Set(webhookIds(webhook.received)).size).toBe(3);
  });

  it("after a crash between writing objects and recording them, writes the same batches, never the events twice", async () => {
    const inner = createDirObjectStore({ dir, prefix: "rds/" });
    let stateWrites = 0;
    // The second state write of the run is the commit: the run dies there.
    const crashing: ObjectStore = {
      ...inner,
      async writeState(key, body, expected) {
        if (++stateWrites === 2) throw new Error("killed");
        return inner.writeState(key, body, expected);
      },
    };
    const first = await runner([], crashing)(T0);
    expect(first.targets.find((t) => t.error)?.error?.message).toBe("killed");
    const written = await archivedLines();
    expect(written).toHaveLength(4);

    // An event of the same hour arrives before the next run.
    rds.events.push(rdsEvent("db-cluster", "orders", "2026-11-19T03:40:00Z", { message: "same hour" }));
    const second = await runner([], inner)(hoursAfter(1));
    expect(second.targets.filter((t) => t.error)).toEqual([]);
    const lines = await archivedLines();
    const ids = lines.map(({ line }) => renderEventIdentity(parseEventLine(line) as never)).sort();
    expect(ids).toEqual(selectedIds());
    expect(new Set(lines.map((l) => l.key)).size).toBe(5);
  });

  it("rebuilds a lost state from the archive without archiving anything twice", async () => {
    const run = runner();
    await run(T0);
    await rm(path.join(dir, "rds/_state"), { recursive: true });
    const before = await archivedLines();
    const again = await run(hoursAfter(1));
    expect(again.events?.totals).toMatchObject({ new: 0, alreadyArchived: 4 });
    expect(await archivedLines()).toEqual(before);
  });

  it("backfills with since without moving the checkpoints, and a dry run writes and posts nothing", async () => {
    const webhook = recordingNotifier("webhook");
    const run = runner([webhook.notifier]);
    const dry = await run(T0, { dryRun: true });
    expect(dry.events?.items.map((i) => i.outcome)).toEqual(["planned", "planned", "planned", "planned"]);
    expect(dry.events?.deliveries[0]).toMatchObject({ events: 3, messages: 3, pending: 0 });
    expect(await readdir(dir)).toEqual([]);
    expect(webhook.received).toEqual([]);

    const backfill = await run(T0, { since: "2026-11-19T08:00:00Z" });
    expect(backfill.events?.items.map((i) => i.message)).toEqual([
      "failover",
      "DB cluster parameter changed",
    ]);
    // The checkpoints did not move, so the next scheduled run reads the whole 14 days.
    const scheduled = await run(hoursAfter(1));
    expect(scheduled.events?.totals).toMatchObject({ new: 2, alreadyArchived: 2 });
  });

  it("reports a target whose events RDS would not list, and exits as failed", async () => {
    rds.listEvents = async () => {
      throw new ArchiverError("ACCESS_DENIED", "DescribeEvents on the events of us-east-1: access denied");
    };
    const report = await runner()(T0);
    expect(report.targets.find((t) => t.error)).toMatchObject({
      region: "us-east-1",
      error: { code: "ACCESS_DENIED" },
    });
    expect(await readdir(dir)).toEqual([]);
  });
});
