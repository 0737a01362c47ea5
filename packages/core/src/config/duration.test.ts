import { describe, expect, it } from "vitest";
import { isArchiverError } from "../errors.js";
import { parseDuration } from "./duration.js";

describe("parseDuration", () => {
  it.each([
    ["90s", 90_000],
    ["5m", 300_000],
    ["2h", 7_200_000],
    ["3d", 259_200_000],
    ["1h30m", 5_400_000],
    ["1d2h3m4s", 93_784_000],
    ["0s", 0],
    [" 15m ", 900_000],
  ])("reads %j as %d ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(["", "5", "300", "5 m", "5M", "1.5h", "-5m", "30m1h", "5m5m", "1w", "5min", "PT5M", "h"])(
    "rejects %j, listing the accepted forms",
    (text) => {
      expect(() => parseDuration(text)).toThrow(/is not a duration; use .*"90s", "5m", "2h", "3d".*"1h30m"/);
    },
  );

  it("throws a coded error, not a string", () => {
    try {
      parseDuration("soon");
      expect.unreachable();
    } catch (error) {
      expect(isArchiverError(error) && error.code).toBe("CONFIG_INVALID");
    }
  });

  it("rejects a duration too long to count in milliseconds", () => {
    expect(() => parseDuration("99999999999999999d")).toThrow(/too long/);
  });
});
