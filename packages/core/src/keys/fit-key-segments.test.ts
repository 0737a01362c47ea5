import { describe, expect, it } from "vitest";
import { fitKeySegments, MAX_LAST_SEGMENT_BYTES, MAX_SEGMENT_BYTES } from "./fit-key-segments.js";
import { renderKey } from "./render-key.js";

const fields = {
  prefix: "logs/",
  cluster: "orders",
  instance: "orders-1",
  region: "us-east-1",
  engine: "mysql",
  logType: "error",
  hour: new Date("2026-11-20T10:00:00Z"),
};
const template = "{prefix}{cluster}/{logType}/{yyyy}/{mm}/{dd}/{hh}/{instance}/{file}.gz";
const keyFor = (file: string) => renderKey(template, { ...fields, file });
const bytes = (text: string) => Buffer.byteLength(text);
const lastSegment = (key: string) => key.slice(key.lastIndexOf("/") + 1);

describe("fitKeySegments", () => {
  it("leaves keys whose segments fit alone", () => {
    const key = keyFor(`mysql-error.log_20261120T105900000Z_42`);
    expect(key).toBe("logs/orders/error/2026/11/20/10/orders-1/mysql-error.log_20261120T105900000Z_42.gz");
  });

  it("shortens a long file name to fit a file system with its sidecar, keeping its version and extension", () => {
    const file = `${"日本語のログ".repeat(30)}_20261120T105900000Z_42`;
    const key = keyFor(file);
    const segment = lastSegment(key);
    expect(bytes(segment)).toBeLessThanOrEqual(MAX_LAST_SEGMENT_BYTES);
    expect(segment).toMatch(/^日本語のログ.*%7E[0-9a-f]{32}.*_20261120T105900000Z_42\.gz$/);
    expect(key.startsWith("logs/orders/error/2026/11/20/10/orders-1/")).toBe(true);
  });

  it("is injective: names that differ only in the middle, or only past the cut, get different keys", () => {
    const a = keyFor(`${"a".repeat(150)}x${"a".repeat(150)}_v1`);
    const b = keyFor(`${"a".repeat(150)}y${"a".repeat(150)}_v1`);
    expect(a).not.toBe(b);
    // A name that looks like a shortened one is encoded (%25), so it cannot be one.
    expect(keyFor(lastSegment(a).slice(0, -".gz".length))).not.toBe(a);
    expect(lastSegment(keyFor(`short%7E${"0".repeat(32)}_v1`))).toBe(`short%257E${"0".repeat(32)}_v1.gz`);
  });

  it("never cuts inside a percent escape or a character, and shortens folders as well as names", () => {
    const key = fitKeySegments(`p/${"%2F".repeat(120)}/${"é".repeat(200)}`, "p/");
    const [, folder = "", name = ""] = key.split("/");
    expect(bytes(folder)).toBeLessThanOrEqual(MAX_SEGMENT_BYTES);
    expect(folder).toMatch(/^(%2F)+%7E[0-9a-f]{32}(%2F)+$/);
    expect(name).toMatch(/^é+%7E[0-9a-f]{32}é+$/);
  });

  it("leaves the prefix as written", () => {
    const prefix = `${"p".repeat(300)}/`;
    expect(fitKeySegments(`${prefix}x`, prefix)).toBe(`${prefix}x`);
  });
});
