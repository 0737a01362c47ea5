import { describe, expect, it } from "vitest";
import { archivedEvent, REGION, rdsEvent } from "../../../test/support/event-builders.js";
import { parseEventLine, renderEventIdentity, renderEventLine, toArchivedEvent } from "./archived-event.js";

describe("archived events", () => {
  it("keeps RDS's field names, the Date in ISO UTC with milliseconds, and the region", () => {
    const line = renderEventLine(
      archivedEvent("db-cluster", "orders", "2026-11-20T03:10:42.5+00:00", {
        message: "DB cluster created",
        categories: ["creation"],
      }),
    );
    expect(line.endsWith("\n")).toBe(true);
    expect(JSON.parse(line)).toEqual({
      SourceIdentifier: "orders",
      SourceType: "db-cluster",
      SourceArn: "arn:aws:rds:us-east-1:123456789012:cluster:orders",
      Message: "DB cluster created",
      EventCategories: ["creation"],
      Date: "2026-11-20T03:10:42.500Z",
      region: "us-east-1",
    });
  });

  it("leaves SourceArn out when RDS gave none, and reads its own lines back", () => {
    const event = archivedEvent("db-instance", "db-1", "2026-11-20T03:00:00Z", { sourceArn: null });
    const line = renderEventLine(event);
    expect(line).not.toContain("SourceArn");
    expect(parseEventLine(line)).toEqual(event);
    expect(parseEventLine('{"SourceIdentifier":1}')).toBeUndefined();
    expect(parseEventLine("not json")).toBeUndefined();
  });

  it("identifies an event by all six fields, whatever the order of its categories", () => {
    const base = rdsEvent("db-instance", "db-1", "2026-11-20T03:00:00.123Z", { categories: ["a", "b"] });
    const id = renderEventIdentity(toArchivedEvent(base, REGION));
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(renderEventIdentity(toArchivedEvent({ ...base, categories: ["b", "a"] }, REGION))).toBe(id);
    const variants = [
      { ...base, sourceIdentifier: "db-2" },
      { ...base, sourceType: "db-cluster" },
      { ...base, sourceArn: "arn:aws:rds:us-east-1:999999999999:db:db-1" },
      { ...base, message: "other" },
      { ...base, categories: ["a"] },
      { ...base, date: base.date + 1 },
    ];
    const ids = variants.map((v) => renderEventIdentity(toArchivedEvent(v, REGION)));
    expect(new Set([id, ...ids]).size).toBe(variants.length + 1);
  });
});
