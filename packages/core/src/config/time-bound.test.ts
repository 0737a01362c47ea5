import { describe, expect, it } from "vitest";
import { parseTimeBound } from "./time-bound.js";

const now = new Date("2026-11-22T12:00:00.000Z");
const iso = (text: string) => parseTimeBound(text, now).toISOString();

describe("parseTimeBound", () => {
  it.each([
    ["2026-11-20", "2026-11-20T00:00:00.000Z"],
    ["2026-11-20T10:00", "2026-11-20T10:00:00.000Z"],
    ["2026-11-20T10:00:30", "2026-11-20T10:00:30.000Z"],
    ["2026-11-20T10:00:30.5", "2026-11-20T10:00:30.500Z"],
    ["2026-11-20T10:00:30.123456Z", "2026-11-20T10:00:30.123Z"],
    ["2026-11-20T10:00Z", "2026-11-20T10:00:00.000Z"],
    ["2026-11-20 10:00:00", "2026-11-20T10:00:00.000Z"],
    ["2026-11-20T19:00+09:00", "2026-11-20T10:00:00.000Z"],
    ["2026-11-20T19:00:00+0900", "2026-11-20T10:00:00.000Z"],
    ["2026-11-20T05:30-04:30", "2026-11-20T10:00:00.000Z"],
    ["2026-11-20T00:30+01", "2026-11-19T23:30:00.000Z"],
    ["2024-02-29", "2024-02-29T00:00:00.000Z"],
  ])("reads ISO %j as %s (UTC when no zone is given)", (text, expected) => {
    expect(iso(text)).toBe(expected);
  });

  it.each([
    ["48h", "2026-11-20T12:00:00.000Z"],
    ["90s", "2026-11-22T11:58:30.000Z"],
    ["1d6h", "2026-11-21T06:00:00.000Z"],
    ["0s", "2026-11-22T12:00:00.000Z"],
  ])("reads %j as that long before now", (text, expected) => {
    expect(iso(text)).toBe(expected);
  });

  it("does not read the clock: the same input and now give the same instant", () => {
    expect(parseTimeBound("5m", new Date(0)).getTime()).toBe(-300_000);
  });

  it.each([
    "yesterday",
    "",
    "2026-11",
    "20-11-2026",
    "2026/11/20",
    "1700000000",
    "2026-11-20T10",
    "48 hours",
  ])("rejects %j, listing the accepted forms", (text) => {
    expect(() => parseTimeBound(text, now)).toThrow(
      /is not a time; use an ISO 8601 date .* or a duration before now/,
    );
  });

  it.each([
    ["2026-13-01", "month"],
    ["2026-02-30", "day"],
    ["2025-02-29", "day"],
    ["2026-11-20T24:00", "hour"],
    ["2026-11-20T10:60", "minute"],
    ["2026-11-20T10:00:60", "second"],
    ["2026-11-20T10:00+25:00", "zone offset"],
  ])("rejects %j because the %s is out of range", (text, part) => {
    expect(() => parseTimeBound(text, now)).toThrow(`the ${part} is out of range`);
  });
});
