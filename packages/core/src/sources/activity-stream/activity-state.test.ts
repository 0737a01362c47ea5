import { describe, expect, it } from "vitest";
import {
  type ActivityState,
  parseActivityState,
  planNextActivityState,
  renderActivityState,
} from "./activity-state.js";

const NOW = new Date("2026-11-20T12:00:00Z");
const stream = {
  region: "us-east-1",
  streamName: "s",
  streamCreatedAt: "2026-11-01T00:00:00.000Z",
  listedShards: ["a", "b"],
};
const state = (shards: ActivityState["shards"], createdAt = stream.streamCreatedAt): ActivityState => ({
  schemaVersion: 1,
  region: "us-east-1",
  streamName: "s",
  streamCreatedAt: createdAt,
  shards,
  updatedAt: "2026-11-20T11:00:00.000Z",
});
const at = "2026-11-20T11:00:00.000Z";
// 2^64 and more: a Number comparison would call these equal.
const LOW = "49680811990358981916488485845042826161927742218886447106";
const HIGH = "49680811990358981916488485845042826161927742218886447107";

describe("planNextActivityState", () => {
  it("keeps the later checkpoint of each shard, compared as big integers, and a closed shard closed", () => {
    const current = state({
      a: { sequenceNumber: HIGH, arrival: at },
      b: { sequenceNumber: LOW, arrival: at, closed: true },
    });
    const next = planNextActivityState(
      current,
      stream,
      { a: { sequenceNumber: LOW, arrival: at }, b: { sequenceNumber: HIGH, arrival: at } },
      NOW,
    );
    expect(next?.shards).toEqual({
      a: { sequenceNumber: HIGH, arrival: at },
      b: { sequenceNumber: HIGH, arrival: at, closed: true },
    });
  });

  it("drops shards no longer listed, replaces another incarnation's state, and writes nothing when nothing changes", () => {
    const current = state({
      a: { sequenceNumber: LOW, arrival: at },
      gone: { sequenceNumber: LOW, arrival: at },
    });
    expect(Object.keys(planNextActivityState(current, stream, {}, NOW)?.shards ?? {})).toEqual(["a"]);
    const old = state({ a: { sequenceNumber: HIGH, arrival: at } }, "2026-10-01T00:00:00.000Z");
    expect(
      planNextActivityState(old, stream, { b: { sequenceNumber: LOW, arrival: at } }, NOW)?.shards,
    ).toEqual({
      b: { sequenceNumber: LOW, arrival: at },
    });
    const same = state({ a: { sequenceNumber: HIGH, arrival: at } });
    expect(
      planNextActivityState(same, stream, { a: { sequenceNumber: LOW, arrival: at } }, NOW),
    ).toBeUndefined();
  });

  it("reads back what it renders, and treats anything else as missing", () => {
    const current = state({ a: { sequenceNumber: LOW, arrival: at } });
    expect(parseActivityState(renderActivityState(current))).toEqual(current);
    expect(parseActivityState("{")).toBeUndefined();
    expect(parseActivityState(JSON.stringify({ ...current, schemaVersion: 2 }))).toBeUndefined();
  });
});
