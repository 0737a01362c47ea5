import { describe, expect, it } from "vitest";
import {
  parseBatchName,
  parseBatchRange,
  renderBatchKey,
  renderBatchName,
  renderBatchRange,
  renderHourListing,
  renderStreamTag,
} from "./render-activity-key.js";

const SEQ = "49680811990358981916488485845042826161927742218886447106";
const place = {
  prefix: "rds/",
  cluster: "orders",
  instance: "orders",
  region: "us-east-1",
  engine: "aurora-postgresql",
};
const DEFAULT = "{prefix}{cluster}/{logType}/{yyyy}/{mm}/{dd}/{hh}/{instance}/{file}.gz";

describe("batch names and keys", () => {
  it("name a batch after the stream's creation and its first record, in the hour that record arrived", () => {
    const name = renderBatchName(
      renderStreamTag(Date.parse("2026-11-19T08:00:00.750Z")),
      "shardId-000000000003",
      SEQ,
    );
    expect(name).toBe(`20261119T080000Z-shardId-000000000003-${SEQ}.ndjson`);
    expect(parseBatchName(name)).toEqual({
      streamTag: "20261119T080000Z",
      shardId: "shardId-000000000003",
      firstSequenceNumber: SEQ,
    });
    expect(renderBatchKey(DEFAULT, place, Date.parse("2026-11-20T10:59:59.999Z"), name)).toBe(
      `rds/orders/activity/2026/11/20/10/orders/${name}.gz`,
    );
  });

  it("read back only their own names and ranges", () => {
    expect(parseBatchName("postgresql.log.2026-11-20-10")).toBeUndefined();
    expect(parseBatchName(`20261119T080000Z-a/b-${SEQ}.ndjson`)).toBeUndefined();
    const range = renderBatchRange("shardId-000000000001", "17", SEQ);
    expect(range).toBe(`activity/shardId-000000000001/17-${SEQ}`);
    expect(parseBatchRange(range)).toEqual({
      shardId: "shardId-000000000001",
      firstSequenceNumber: "17",
      lastSequenceNumber: SEQ,
    });
    expect(parseBatchRange("events/2026-11-20T10.ndjson")).toBeUndefined();
  });

  it("list an hour by the template around the name, Hive style too", () => {
    const hour = Date.parse("2026-11-20T10:00:00Z");
    expect(renderHourListing(DEFAULT, place, hour)).toEqual({
      prefix: "rds/orders/activity/2026/11/20/10/orders/",
      suffix: ".gz",
    });
    expect(
      renderHourListing(
        "{prefix}{logType}/year={yyyy}/month={mm}/day={dd}/hour={hh}/{instance}-{file}.gz",
        place,
        hour,
      ),
    ).toEqual({ prefix: "rds/activity/year=2026/month=11/day=20/hour=10/orders-", suffix: ".gz" });
  });
});
