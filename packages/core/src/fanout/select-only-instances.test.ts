import { describe, expect, it } from "vitest";
import { matchesInstanceRef, parseInstanceRef, renderInstanceRef } from "./instance-ref.js";
import {
  findUnmatchedInstances,
  keepsDiscoveryFailure,
  selectOnlyInstances,
  unmatchedInstanceError,
} from "./select-only-instances.js";

const refs = (...texts: string[]) => texts.map(parseInstanceRef);
const found = [
  { region: "us-east-1", instance: "orders-1" },
  { region: "us-east-1", instance: "orders-2" },
  { region: "eu-west-1", instance: "orders-1" },
];

describe("instance refs", () => {
  it("reads REGION/INSTANCE and a bare INSTANCE, and writes them back", () => {
    expect(parseInstanceRef("us-east-1/orders-1")).toEqual({ region: "us-east-1", instance: "orders-1" });
    expect(parseInstanceRef(" orders-1 ")).toEqual({ instance: "orders-1" });
    expect(parseInstanceRef("us-gov-west-1/db")).toEqual({ region: "us-gov-west-1", instance: "db" });
    expect(renderInstanceRef({ region: "eu-west-1", instance: "db" })).toBe("eu-west-1/db");
    expect(renderInstanceRef({ instance: "db" })).toBe("db");
  });

  it("refuses what is not an instance name, saying what it expects", () => {
    for (const text of ["", "us-east-1/", "/db", "arn:aws:rds:us-east-1:1:db:x", "us east/db", "a/b/c"])
      expect(() => parseInstanceRef(text), text).toThrow(/REGION\/INSTANCE/);
  });

  it("matches ids case-insensitively, in the named region or any", () => {
    expect(matchesInstanceRef({ instance: "ORDERS-1" }, { region: "eu-west-1", instance: "orders-1" })).toBe(
      true,
    );
    expect(matchesInstanceRef({ region: "us-east-1", instance: "orders-1" }, found[2] as never)).toBe(false);
  });
});

describe("selectOnlyInstances", () => {
  it("keeps every instance without a restriction", () => {
    expect(selectOnlyInstances(found, undefined)).toEqual(found);
  });

  it("keeps only the named instances, telling regions apart", () => {
    expect(selectOnlyInstances(found, refs("us-east-1/orders-1"))).toEqual([found[0]]);
    expect(selectOnlyInstances(found, refs("orders-1"))).toEqual([found[0], found[2]]);
  });
});

describe("discovery failures under a restriction", () => {
  it("keeps a failed cluster or region listing that may hide a named instance", () => {
    const only = refs("us-east-1/orders-1");
    expect(keepsDiscoveryFailure({ region: "us-east-1", cluster: "orders" }, only)).toBe(true);
    expect(keepsDiscoveryFailure({ region: "eu-west-1", cluster: "orders" }, only)).toBe(false);
    expect(keepsDiscoveryFailure({ region: "us-east-1", instance: "other" }, only)).toBe(false);
    expect(keepsDiscoveryFailure({ region: "us-east-1", instance: "ORDERS-1" }, only)).toBe(true);
  });

  it("reports a named instance no target selects, unless a failure explains it", () => {
    const only = refs("us-east-1/orders-1", "us-east-1/gone", "eu-west-1/hidden");
    expect(findUnmatchedInstances(only, found, [{ region: "eu-west-1", cluster: "c" }])).toEqual([
      { region: "us-east-1", instance: "gone" },
    ]);
    expect(findUnmatchedInstances(undefined, [], [])).toEqual([]);
    const error = unmatchedInstanceError({ region: "us-east-1", instance: "gone" });
    expect(error.code).toBe("DB_INSTANCE_NOT_FOUND");
    expect(error.message).toContain("us-east-1/gone");
    expect(error.hint).toContain("plan --matrix");
  });
});
