import { describe, expect, it } from "vitest";
import type { StreamShard, StreamSummary } from "./activity-ports.js";
import type { ActivityState } from "./activity-state.js";
import { planStreamRead } from "./plan-stream-read.js";

const NOW = new Date("2026-11-20T12:00:00Z");
const summary: StreamSummary = {
  arn: "arn",
  status: "ACTIVE",
  retentionHours: 24,
  createdAt: Date.parse("2026-11-01T00:00:00Z"),
};
const shard = (shardId: string, parentShardIds: string[] = [], closed = false): StreamShard => ({
  shardId,
  parentShardIds,
  startingSequenceNumber: "1",
  ...(closed ? { endingSequenceNumber: "9" } : {}),
});
const state = (shards: ActivityState["shards"], createdAt = "2026-11-01T00:00:00.000Z"): ActivityState => ({
  schemaVersion: 1,
  region: "us-east-1",
  streamName: "s",
  streamCreatedAt: createdAt,
  shards,
  updatedAt: "",
});
const recent = "2026-11-20T11:00:00.000Z";

describe("planStreamRead", () => {
  it("starts a shard after its checkpoint, and one without a checkpoint from the archive", () => {
    const plan = planStreamRead(
      "s",
      summary,
      [shard("a"), shard("b")],
      state({ a: { sequenceNumber: "42", arrival: recent } }),
      NOW,
    );
    expect(plan.gaps).toEqual([]);
    expect(plan.shards.map((s) => [s.shardId, s.start])).toEqual([
      ["a", { from: "checkpoint", position: { type: "AFTER_SEQUENCE_NUMBER", sequenceNumber: "42" } }],
      ["b", { from: "archive" }],
    ]);
  });

  it("orders parents before children, makes children wait for listed parents, and skips shards read to their end", () => {
    const shards = [shard("c", ["a", "b"]), shard("a", [], true), shard("b", [], true), shard("d", ["gone"])];
    const plan = planStreamRead(
      "s",
      summary,
      shards,
      state({ a: { sequenceNumber: "9", arrival: recent, closed: true } }),
      NOW,
    );
    expect(plan.shards.map((s) => [s.shardId, s.waitsFor, s.start?.from])).toEqual([
      ["a", [], undefined],
      ["b", [], "archive"],
      ["c", ["b"], "archive"],
      ["d", [], "archive"],
    ]);
  });

  it("reports a checkpoint older than the retention as a gap and restarts that shard from the archive", () => {
    const plan = planStreamRead(
      "s",
      summary,
      [shard("a")],
      state({ a: { sequenceNumber: "42", arrival: "2026-11-19T11:59:59.000Z" } }),
      NOW,
    );
    expect(plan.gaps).toEqual([
      {
        shardId: "a",
        from: "2026-11-19T11:59:59.000Z",
        to: "2026-11-19T12:00:00.000Z",
        reason: expect.stringContaining("older than the stream's 24 h retention"),
      },
    ]);
    expect(plan.shards[0]?.start).toEqual({ from: "archive" });
  });

  it("reports a shard that expired unread, but not one read to its end", () => {
    const plan = planStreamRead(
      "s",
      summary,
      [shard("c")],
      state({
        a: { sequenceNumber: "5", arrival: recent },
        b: { sequenceNumber: "9", arrival: recent, closed: true },
      }),
      NOW,
    );
    expect(plan.gaps).toEqual([
      expect.objectContaining({
        shardId: "a",
        reason: expect.stringContaining("expired before it was read"),
      }),
    ]);
  });

  it("voids the state of a stream created again, as a gap", () => {
    const plan = planStreamRead(
      "s",
      summary,
      [shard("a")],
      state({ a: { sequenceNumber: "42", arrival: recent } }, "2026-10-01T00:00:00.000Z"),
      NOW,
    );
    expect(plan.stateUsable).toBe(false);
    expect(plan.gaps).toEqual([expect.objectContaining({ from: recent, to: "2026-11-01T00:00:00.000Z" })]);
    expect(plan.shards[0]?.start).toEqual({ from: "archive" });
  });
});
