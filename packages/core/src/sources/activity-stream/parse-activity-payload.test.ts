import { describe, expect, it } from "vitest";
import { parseActivityEnvelope, parseActivityPayload } from "./parse-activity-payload.js";

const payload = (list: string, extra = "") =>
  `{"type":"DatabaseActivityMonitoringRecord",${extra}"clusterId":"cluster-ABC","instanceId":"db-XYZ","databaseActivityEventList":${list}}`;

describe("parseActivityPayload", () => {
  it("keeps each event's text as written: number spellings, big integers, escapes and multibyte text", () => {
    const event = String.raw`{"type":"record","rowCount":12345678901234567890,"ratio":1.0e2,"commandText":"SELECT '山田 🚚 \"q\" ,]} \u00e9'","paramList":[1,"a, b",{"x":[]}],"exitCode":null}`;
    expect(parseActivityPayload(payload(`[${event}]`))).toEqual({
      clusterId: "cluster-ABC",
      instanceId: "db-XYZ",
      events: [event],
      heartbeats: 0,
    });
  });

  it("drops the whitespace between tokens only, so each event fits one line", () => {
    const pretty = `[\n  {\n    "type" : "record",\n    "commandText" : "SELECT\\n  1  FROM t",\n    "a" : [ 1 , 2 ]\n  } ,\r\n\t{ "type": "heartbeat" }\n]`;
    expect(parseActivityPayload(payload(pretty)).events).toEqual([
      `{"type":"record","commandText":"SELECT\\n  1  FROM t","a":[1,2]}`,
    ]);
  });

  it("counts heartbeats and keeps events of any other type", () => {
    const parsed = parseActivityPayload(
      payload(
        `[{"type":"heartbeat"},{"type":"record","n":1},{"type":"heartbeat"},{"type":"future-kind"},{}]`,
      ),
    );
    expect(parsed).toMatchObject({
      heartbeats: 2,
      events: [`{"type":"record","n":1}`, `{"type":"future-kind"}`, "{}"],
    });
  });

  it("finds the event list whatever comes before it, and not inside another field", () => {
    const before = `"note":{"databaseActivityEventList":["decoy"]},"x":"databaseActivityEventList",`;
    expect(parseActivityPayload(payload(`[{"type":"record"}]`, before)).events).toEqual([
      `{"type":"record"}`,
    ]);
  });

  it("reads an RDS instance's empty clusterId and an empty list", () => {
    const text = `{"type":"DatabaseActivityMonitoringRecord","clusterId":"","instanceId":"db-Q","databaseActivityEventList":[]}`;
    expect(parseActivityPayload(text)).toEqual({
      clusterId: "",
      instanceId: "db-Q",
      events: [],
      heartbeats: 0,
    });
  });

  it("refuses what is not a DAS payload, with a code", () => {
    expect(() => parseActivityPayload("not json")).toThrow(
      expect.objectContaining({ code: "PAYLOAD_INVALID" }),
    );
    expect(() => parseActivityPayload(`{"type":"x"}`)).toThrow(/no databaseActivityEventList array/);
    expect(() => parseActivityPayload(`[]`)).toThrow(/not an object/);
  });
});

describe("parseActivityEnvelope", () => {
  it("reads the sealed payload and its data key", () => {
    const data = Buffer.from(
      `{"type":"DatabaseActivityMonitoringRecords","version":"1.3","databaseActivityEvents":"AYADeH","key":"AQIDAHh"}`,
    );
    expect(parseActivityEnvelope(data)).toEqual({
      version: "1.3",
      databaseActivityEvents: "AYADeH",
      key: "AQIDAHh",
    });
  });

  it("refuses a record that is not one", () => {
    expect(() => parseActivityEnvelope(Buffer.from("{}"))).toThrow(
      expect.objectContaining({ code: "PAYLOAD_INVALID" }),
    );
    expect(() => parseActivityEnvelope(Buffer.from([0xff, 0x00]))).toThrow(/not JSON/);
  });
});
