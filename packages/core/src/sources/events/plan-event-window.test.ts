import { describe, expect, it } from "vitest";
import { planEventWindow, selectAdvancedOwners } from "./plan-event-window.js";

const now = new Date("2026-11-20T10:00:00Z");
const hours = (h: number) => new Date(now.getTime() - h * 3600_000);
const horizon = new Date(now.getTime() - 14 * 24 * 3600_000 + 5 * 60_000);

describe("planEventWindow", () => {
  it("reads the 14 days RDS keeps on the first run, less a margin, without calling that truncated", () => {
    const { window, gaps } = planEventWindow({ owners: ["cluster:orders"], checkpoints: {}, now });
    expect(window).toEqual({ start: horizon, end: now, requestedStart: horizon, truncated: false });
    expect(gaps).toEqual([]);
  });

  it("starts an hour before the earliest checkpoint of the owners, to catch late events", () => {
    const checkpoints = {
      "cluster:orders": hours(1).toISOString(),
      "instance:legacy": hours(3).toISOString(),
    };
    const { window } = planEventWindow({ owners: ["cluster:orders", "instance:legacy"], checkpoints, now });
    expect(window?.start).toEqual(hours(4));
    // An owner never read pulls the window back to the horizon.
    const withNew = planEventWindow({ owners: ["cluster:orders", "cluster:new"], checkpoints, now });
    expect(withNew.window?.start).toEqual(horizon);
  });

  it("reports a gap and a truncated window when the last run is older than what RDS keeps", () => {
    const checkpoints = { "cluster:orders": hours(20 * 24).toISOString() };
    const { window, gaps } = planEventWindow({ owners: ["cluster:orders"], checkpoints, now });
    expect(window).toMatchObject({ start: horizon, truncated: true, requestedStart: hours(20 * 24 + 1) });
    expect(gaps).toEqual([{ owner: "cluster:orders", from: hours(20 * 24), to: horizon }]);
  });

  it("takes a backfill's since and until instead of the checkpoints; an older since is truncated, not a gap", () => {
    const checkpoints = { "cluster:orders": hours(1).toISOString() };
    const backfill = planEventWindow({
      owners: ["cluster:orders"],
      checkpoints,
      since: hours(48),
      until: hours(24),
      now,
    });
    expect(backfill.window).toMatchObject({ start: hours(48), end: hours(24), truncated: false });
    const old = planEventWindow({ owners: ["cluster:orders"], checkpoints, since: hours(30 * 24), now });
    expect(old.window).toMatchObject({ start: horizon, truncated: true });
    expect(old.gaps).toEqual([]);
    expect(
      planEventWindow({ owners: ["x"], checkpoints, since: hours(40 * 24), until: hours(20 * 24), now })
        .window,
    ).toBeUndefined();
  });
});

describe("selectAdvancedOwners", () => {
  const checkpoints = { "cluster:orders": hours(2).toISOString() };
  const owners = ["cluster:orders", "cluster:new"];

  it("moves every owner on after a scheduled run", () => {
    expect(selectAdvancedOwners({ owners, checkpoints, now })).toEqual(owners);
  });

  it("moves an owner on after a backfill only if it started no later than the owner would have", () => {
    expect(selectAdvancedOwners({ owners, checkpoints, since: hours(30 * 24), now })).toEqual(owners);
    // A never-read owner would have read 14 days; a 5-hour backfill does not stand in for that.
    expect(selectAdvancedOwners({ owners, checkpoints, since: hours(5), now })).toEqual(["cluster:orders"]);
    expect(selectAdvancedOwners({ owners, checkpoints, since: hours(1), now })).toEqual([]);
    expect(
      selectAdvancedOwners({ owners, checkpoints, since: hours(30 * 24), until: hours(1), now }),
    ).toEqual([]);
  });
});
