import { describe, expect, it } from "vitest";
import { archivedEvent, clusterPlace, memberPlace, placed } from "../../../test/support/event-builders.js";
import { DEFAULT_KEY_TEMPLATE } from "../../keys/key-placeholders.js";
import { emptyEventsState } from "./events-state.js";
import { EVENT_BATCH_NAME, planEventBatches, renderBatchBody } from "./plan-event-batches.js";

const settings = { keyTemplate: DEFAULT_KEY_TEMPLATE, prefix: "rds/" };
const snapshotCreated = placed(
  archivedEvent("db-cluster-snapshot", "rds:orders-2026-11-20-03-10", "2026-11-20T03:12:10.250Z", {
    message: "Automated cluster snapshot created",
  }),
  clusterPlace("orders"),
);
const failover = placed(
  archivedEvent("db-instance", "orders-2", "2026-11-20T03:40:00Z", {
    message: "failover",
    categories: ["failover"],
  }),
  memberPlace("orders", "orders-2"),
);
const nextHour = placed(
  archivedEvent("db-cluster", "orders", "2026-11-20T04:01:00Z"),
  clusterPlace("orders"),
);

describe("planEventBatches", () => {
  it("writes each hour of each folder as one object, under logType events and the event's own hour", () => {
    const { batches, alreadyArchived } = planEventBatches(
      [nextHour, failover, snapshotCreated],
      emptyEventsState("us-east-1"),
      settings,
    );
    expect(alreadyArchived).toBe(0);
    expect(batches.map((b) => b.key)).toEqual([
      expect.stringMatching(
        /^rds\/orders\/events\/2026\/11\/20\/03\/orders-2\/events-20261120T034000Z-[0-9a-f]{16}\.ndjson\.gz$/,
      ),
      expect.stringMatching(
        /^rds\/orders\/events\/2026\/11\/20\/03\/orders\/events-20261120T031210Z-[0-9a-f]{16}\.ndjson\.gz$/,
      ),
      expect.stringMatching(
        /^rds\/orders\/events\/2026\/11\/20\/04\/orders\/events-20261120T040100Z-[0-9a-f]{16}\.ndjson\.gz$/,
      ),
    ]);
    for (const b of batches) expect(b.key.split("/").at(-1)?.replace(/\.gz$/, "")).toMatch(EVENT_BATCH_NAME);
    expect(renderBatchBody(batches[1] as never).split("\n")).toEqual([
      JSON.stringify({
        SourceIdentifier: "rds:orders-2026-11-20-03-10",
        SourceType: "db-cluster-snapshot",
        SourceArn: "arn:aws:rds:us-east-1:123456789012:cluster-snapshot:rds:orders-2026-11-20-03-10",
        Message: "Automated cluster snapshot created",
        EventCategories: ["backup"],
        Date: "2026-11-20T03:12:10.250Z",
        region: "us-east-1",
      }),
      "",
    ]);
  });

  it("names a batch after its events alone, so a repeat collides and a different set does not", () => {
    const state = emptyEventsState("us-east-1");
    const a = planEventBatches([snapshotCreated, nextHour], state, settings).batches;
    const b = planEventBatches([nextHour, snapshotCreated, snapshotCreated], state, settings).batches;
    expect(b.map((x) => x.key)).toEqual(a.map((x) => x.key));
    const late = placed(
      archivedEvent("db-cluster", "orders", "2026-11-20T03:05:00Z", { message: "late" }),
      clusterPlace("orders"),
    );
    const c = planEventBatches([snapshotCreated, late], state, settings).batches;
    expect(c[0]?.key).not.toBe(a[0]?.key);
    expect(c[0]?.events.map((e) => e.Message)).toEqual(["late", "Automated cluster snapshot created"]);
  });

  it("writes only what the archive does not have, archived or pending", () => {
    const state = {
      ...emptyEventsState("us-east-1"),
      archived: { [snapshotCreated.id]: snapshotCreated.event.Date },
      pending: [{ key: "rds/x", place: failover.place, events: [failover.event] }],
    };
    const { batches, alreadyArchived } = planEventBatches(
      [snapshotCreated, failover, nextHour],
      state,
      settings,
    );
    expect(alreadyArchived).toBe(2);
    expect(batches.flatMap((b) => b.events)).toEqual([nextHour.event]);
  });
});
