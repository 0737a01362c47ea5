import { describe, expect, it } from "vitest";
import { MAX_SHARDS, planShards } from "./plan-shards.js";

const instance = (name: string, bytes: number, region = "us-east-1") => ({ region, instance: name, bytes });
const names = (shards: ReturnType<typeof planShards>) =>
  shards.map((s) => s.instances.map((i) => i.instance));

describe("planShards", () => {
  it("balances by bytes, largest first, each to the lightest shard", () => {
    const shards = planShards(
      [instance("a", 70), instance("b", 50), instance("c", 40), instance("d", 30), instance("e", 10)],
      2,
    );
    // 70 -> 1; 50 -> 2; 40 -> 2 (90); 30 -> 1 (100); 10 -> 2 (100).
    expect(names(shards)).toEqual([
      ["a", "d"],
      ["b", "c", "e"],
    ]);
    expect(shards.map((s) => s.bytes)).toEqual([100, 100]);
    expect(shards.map((s) => s.index)).toEqual([1, 2]);
  });

  it("puts every instance in exactly one shard and leaves no shard empty", () => {
    const fleet = Array.from({ length: 37 }, (_, i) => instance(`db-${i}`, (i * 7919) % 1000));
    const shards = planShards(fleet, 5);
    const all = shards.flatMap((s) => s.instances.map((i) => i.instance)).sort();
    expect(all).toEqual(fleet.map((i) => i.instance).sort());
    expect(shards.every((s) => s.instances.length > 0)).toBe(true);
    expect(shards.reduce((sum, s) => sum + s.bytes, 0)).toBe(fleet.reduce((sum, i) => sum + i.bytes, 0));
  });

  it("makes no more shards than instances", () => {
    expect(planShards([instance("a", 1), instance("b", 2)], 4)).toHaveLength(2);
    expect(planShards([], 4)).toEqual([]);
  });

  it("spreads instances without bytes by count, and is the same whatever the input order", () => {
    const fleet = ["a", "b", "c", "d", "e"].map((name) => instance(name, 0));
    const forward = planShards(fleet, 2);
    expect(names(forward)).toEqual([
      ["a", "c", "e"],
      ["b", "d"],
    ]);
    expect(planShards([...fleet].reverse(), 2)).toEqual(forward);
  });

  it("tells the same id in two regions apart", () => {
    const shards = planShards([instance("db", 5, "us-east-1"), instance("db", 5, "eu-west-1")], 2);
    expect(shards.map((s) => s.instances.map((i) => `${i.region}/${i.instance}`))).toEqual([
      ["eu-west-1/db"],
      ["us-east-1/db"],
    ]);
  });

  it("refuses a shard count GitHub cannot run", () => {
    expect(() => planShards([], 0)).toThrow(/1 to 256/);
    expect(() => planShards([], MAX_SHARDS + 1)).toThrow(/1 to 256/);
    expect(() => planShards([], 1.5)).toThrow(/whole number/);
    expect(planShards([instance("a", 1)], MAX_SHARDS)).toHaveLength(1);
  });
});
