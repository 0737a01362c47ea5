import { describe, expect, it } from "vitest";
import { DEFAULT_KEY_TEMPLATE } from "./key-placeholders.js";
import { parseKeyHour } from "./parse-key-hour.js";
import { renderKey } from "./render-key.js";

const fields = {
  prefix: "rds/",
  cluster: "orders",
  instance: "orders-1",
  region: "us-east-1",
  engine: "mysql",
  logType: "error",
  file: "mysql-error.log_20261120T105900000Z_42",
  hour: new Date("2026-11-20T10:00:00Z"),
};

describe("parseKeyHour", () => {
  it.each([
    DEFAULT_KEY_TEMPLATE,
    "{prefix}year={yyyy}/month={mm}/day={dd}/hour={hh}/{cluster}/{instance}/{logType}/{file}.gz",
    "{prefix}{region}/{yyyy}{mm}{dd}{hh}/{instance}/{logType}/{file}.gz",
  ])("reads the hour back from a key rendered by %s", (template) => {
    expect(parseKeyHour(template, "rds/")(renderKey(template, fields))).toEqual(fields.hour);
  });

  it("gives no hour for a key that does not fit, or a template without a date", () => {
    expect(parseKeyHour(DEFAULT_KEY_TEMPLATE, "rds/")("rds/somewhere/else.gz")).toBeUndefined();
    const dateless = "{prefix}{instance}/{logType}/{file}.gz";
    expect(parseKeyHour(dateless, "rds/")(renderKey(dateless, fields))).toBeUndefined();
  });
});
