import { rm } from "node:fs/promises";
import { DownloadDBLogFilePortionCommand, RDSClient } from "@aws-sdk/client-rds";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PORTION_CAP_BYTES, TRUNCATION_NOTICE } from "../src/emulator/log-file-operations.js";
import { type RdsEmulator, startEmulator } from "../src/emulator/start-emulator.js";
import { writeFleet } from "../src/fleet/write-fleet.js";

const LAST_WRITTEN = new Date("2026-11-20T11:00:00Z");
const LINES = Array.from(
  { length: 25_000 },
  (_, i) => `2026-11-20 10:00:00 UTC LOG: line ${i} 日本語\n`,
).join("");
const LONG_LINE = `${"x".repeat(PORTION_CAP_BYTES + 500)}\n`;
const AFTER_LONG = "the line after the long one\n";

let emulator: RdsEmulator;
let fleetDir: string;
let rds: RDSClient;

beforeAll(async () => {
  fleetDir = await writeFleet(
    { instances: [{ id: "db-1", engine: "postgres" }] },
    {
      "db-1": [
        { name: "error/lines.log", content: LINES, lastWritten: LAST_WRITTEN },
        {
          name: "error/long-line.log",
          content: `first\n${LONG_LINE}${AFTER_LONG}`,
          lastWritten: LAST_WRITTEN,
        },
        { name: "error/empty.log", content: "", lastWritten: LAST_WRITTEN },
        {
          name: "error/binary.trc",
          content: Buffer.from([0x41, 0x00, 0x42, 0x0a]),
          lastWritten: LAST_WRITTEN,
        },
        {
          name: "error/latin1.log",
          content: Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]),
          lastWritten: LAST_WRITTEN,
        },
      ],
    },
  );
  emulator = await startEmulator({ fleetDir });
  rds = new RDSClient({
    region: "us-east-1",
    endpoint: emulator.endpoint,
    credentials: { accessKeyId: "test:tester", secretAccessKey: "testing" },
  });
});

afterAll(async () => {
  await emulator.close();
  await rm(fleetDir, { recursive: true, force: true });
});

const portion = (LogFileName: string, input: { Marker?: string; NumberOfLines?: number } = {}) =>
  rds.send(new DownloadDBLogFilePortionCommand({ DBInstanceIdentifier: "db-1", LogFileName, ...input }));

describe("DownloadDBLogFilePortion", () => {
  it("pages from Marker 0 until AdditionalDataPending is false, and the pages add up to the file", async () => {
    let marker = "0";
    let text = "";
    let calls = 0;
    for (;;) {
      const page = await portion("error/lines.log", { Marker: marker, NumberOfLines: 4000 });
      calls++;
      text += page.LogFileData ?? "";
      marker = page.Marker ?? "";
      expect(marker).toMatch(/^\d+:\d+$/);
      if (!page.AdditionalDataPending) break;
    }
    expect(calls).toBe(7);
    expect(text).toBe(LINES);
  });

  it("still returns a Marker on the last page, which is why the JS SDK paginator must not be trusted", async () => {
    const last = await portion("error/empty.log", { Marker: "0" });
    expect(last.AdditionalDataPending).toBe(false);
    expect(last.Marker).toBe("0:0");
  });

  it("caps a portion at 1 MB: a cut line gets the truncation notice and its rest is skipped", async () => {
    const first = await portion("error/long-line.log", { Marker: "0", NumberOfLines: 10 });
    const data = first.LogFileData ?? "";
    expect(data.endsWith(TRUNCATION_NOTICE)).toBe(true);
    expect(Buffer.byteLength(data) - TRUNCATION_NOTICE.length).toBe(PORTION_CAP_BYTES);
    expect(first.AdditionalDataPending).toBe(true);
    const next = await portion("error/long-line.log", { Marker: first.Marker ?? "", NumberOfLines: 10 });
    expect(next.LogFileData).toBe(AFTER_LONG);
    expect(next.AdditionalDataPending).toBe(false);
  });

  it("returns the most recent lines when no Marker is given", async () => {
    const tail = await portion("error/lines.log", { NumberOfLines: 2 });
    expect(tail.LogFileData).toBe(LINES.split("\n").slice(-3).join("\n"));
    expect(tail.AdditionalDataPending).toBe(false);
  });

  it("replaces bytes that are not UTF-8, garbling them as the real API does", async () => {
    const result = await portion("error/latin1.log", { Marker: "0" });
    expect(result.LogFileData).toBe("caf\uFFFD\n");
  });

  it("refuses binary files", async () => {
    const error = await portion("error/binary.trc", { Marker: "0" }).catch((e) => e);
    expect(error.name).toBe("InvalidParameterValue");
    expect(error.message).toContain("binary data");
  });

  it("answers an unknown file with DBLogFileNotFoundFault", async () => {
    const error = await portion("error/nope.log", { Marker: "0" }).catch((e) => e);
    expect(error.name).toBe("DBLogFileNotFoundFault");
    expect(error.$metadata.httpStatusCode).toBe(404);
  });
});
