import { describe, expect, it } from "vitest";
import { archivedEvent, clusterPlace, placed } from "../../../test/support/event-builders.js";
import { emptyEventsState, type PendingBatch } from "./events-state.js";
import { planCommittedState, planDeliveredState, planPendingState } from "./plan-events-state.js";

const now = new Date("2026-11-20T10:00:00Z");
const backup = placed(archivedEvent("db-cluster", "orders", "2026-11-20T09:10:00Z"), clusterPlace("orders"));
const config = placed(
  archivedEvent("db-cluster", "orders", "2026-11-20T09:20:00Z", { categories: ["configuration change"] }),
  clusterPlace("orders"),
);
const batch: PendingBatch = {
  key: "orders/events/b1",
  place: clusterPlace("orders"),
  events: [backup.event, config.event],
};
const notify = { channels: ["slack", "webhook"] as const, categories: ["Backup"] };
const advance = { owners: ["cluster:orders"], to: now };

describe("the events state steps", () => {
  it("records a batch as pending once", () => {
    const state = emptyEventsState("us-east-1");
    const pending = planPendingState(state, [batch], now);
    expect(pending?.pending).toEqual([batch]);
    expect(planPendingState(pending ?? state, [batch], now)).toBeUndefined();
  });

  it("commits written batches: archived, queued for the notified categories on every channel, checkpoint moved", () => {
    const state = {
      ...emptyEventsState("us-east-1"),
      pending: [batch, { ...batch, key: "orders/events/unwritten" }],
    };
    const { state: next, archived } = planCommittedState(state, {
      written: new Set(["orders/events/b1"]),
      advance,
      notify,
      now,
    });
    expect(archived).toEqual([backup.id, config.id]);
    expect(next?.archived).toEqual({ [backup.id]: backup.event.Date, [config.id]: config.event.Date });
    expect(next?.pending.map((b) => b.key)).toEqual(["orders/events/unwritten"]);
    expect(next?.outbox.slack.map((e) => e.id)).toEqual([backup.id]);
    expect(next?.outbox.webhook).toEqual([
      { id: backup.id, event: backup.event, place: batch.place, key: batch.key },
    ]);
    expect(next?.checkpoints).toEqual({ "cluster:orders": now.toISOString() });

    // Committing the same batch again (another run did it first) queues nothing twice.
    const again = planCommittedState(
      { ...(next as typeof state), pending: [batch] },
      {
        written: new Set(["orders/events/b1"]),
        advance,
        notify,
        now,
      },
    );
    expect(again.archived).toEqual([]);
    expect(again.state?.outbox.slack).toHaveLength(1);
  });

  it("writes nothing when nothing was archived and the checkpoint is fresh, and refreshes a stale one", () => {
    const fresh = {
      ...emptyEventsState("us-east-1"),
      checkpoints: { "cluster:orders": "2026-11-20T09:00:00.000Z" },
    };
    expect(planCommittedState(fresh, { written: new Set(), advance, notify, now }).state).toBeUndefined();
    const stale = { ...fresh, checkpoints: { "cluster:orders": "2026-11-20T03:00:00.000Z" } };
    expect(
      planCommittedState(stale, { written: new Set(), advance, notify, now }).state?.checkpoints,
    ).toEqual({
      "cluster:orders": now.toISOString(),
    });
    expect(
      planCommittedState(emptyEventsState("us-east-1"), { written: new Set(), advance, notify, now }).state,
    ).toBeDefined();
  });

  it("forgets identities and owed notifications of events RDS no longer keeps", () => {
    const old = archivedEvent("db-cluster", "orders", "2026-11-01T00:00:00Z");
    const state = {
      ...emptyEventsState("us-east-1"),
      archived: { old: old.Date, recent: backup.event.Date },
      outbox: { slack: [{ id: "old", event: old, place: clusterPlace("orders"), key: "k" }], webhook: [] },
    };
    const result = planCommittedState(state, { written: new Set(), advance, notify, now });
    expect(result.expired).toEqual({ slack: 1, webhook: 0 });
    expect(result.state?.archived).toEqual({ recent: backup.event.Date });
    expect(result.state?.outbox.slack).toEqual([]);
  });

  it("takes delivered events out of one channel's outbox", () => {
    const entry = { id: backup.id, event: backup.event, place: batch.place, key: batch.key };
    const state = { ...emptyEventsState("us-east-1"), outbox: { slack: [entry], webhook: [entry] } };
    const next = planDeliveredState(state, "slack", [backup.id], now);
    expect(next?.outbox).toEqual({ slack: [], webhook: [entry] });
    expect(planDeliveredState(next ?? state, "slack", [backup.id], now)).toBeUndefined();
  });
});
