/**
 * Stalls: connections the emulator accepts and then leaves hanging, so that client timeouts can
 * be tested. A REST download that never answers, one that stops part-way through the body
 * without closing, and a Query call that is read and never answered, each met here by the
 * client's own timeout (the real SDK's for Query calls).
 */
import { rm } from "node:fs/promises";
import { DescribeDBInstancesCommand, DescribeDBLogFilesCommand, RDSClient } from "@aws-sdk/client-rds";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type RdsEmulator, startEmulator } from "../src/emulator/start-emulator.js";
import { writeFleet } from "../src/fleet/write-fleet.js";
import { signDownload } from "./support/sign-download.js";

const credentials = { accessKeyId: "test:tester", secretAccessKey: "testing" };
const LOG = Buffer.from("2026-11-22 10:00:00 UTC::@:[1]:LOG:  a line of log text\n".repeat(20_000));
const NAME = "error/postgresql.log.2026-11-22-10";
/** How long a test watches for an answer that must not come; the emulator never sends one. */
const CLIENT_TIMEOUT_MS = 400;
/** The SDK's request timeout: long enough for a loaded machine to deliver the request first. */
const SDK_TIMEOUT_MS = 2_000;

let emulator: RdsEmulator;
let fleetDir: string;

beforeAll(async () => {
  fleetDir = await writeFleet(
    { instances: [{ id: "db-1", engine: "postgres" }] },
    { "db-1": [{ name: NAME, content: LOG, lastWritten: new Date("2026-11-22T11:00:00Z") }] },
  );
  emulator = await startEmulator({ fleetDir });
});

afterAll(async () => {
  await emulator.close();
  await rm(fleetDir, { recursive: true, force: true });
});

afterEach(() => emulator.faults.set({}));

async function startDownload(signal: AbortSignal) {
  const signed = await signDownload({
    endpoint: emulator.endpoint,
    credentials,
    instance: "db-1",
    logFileName: NAME,
  });
  return fetch(signed.url, { headers: signed.headers, signal });
}

/**
 * The emulator's record of the request after `before`, written once the server has seen the
 * client go, which a loaded machine can take seconds to get to.
 */
const recordAfter = (before: number) =>
  vi.waitFor(() => emulator.requests.requests[before] ?? expect.unreachable("not recorded yet"), {
    timeout: 30_000,
  });

/**
 * Starts a download, waits until the emulator holds it, checks that no answer has come a while
 * later, then gives up as a client timeout would. Waiting for the emulator first keeps a slow
 * machine from giving up before the request has even arrived.
 */
async function unansweredDownload(): Promise<string> {
  const aborter = new AbortController();
  const outcome = startDownload(aborter.signal).then(
    () => "answered",
    (error: Error) => error.name,
  );
  await vi.waitFor(() => expect(emulator.requests.inFlight).toBe(1), { timeout: 30_000 });
  const early = await Promise.race([
    outcome,
    new Promise((resolve) => setTimeout(() => resolve("still waiting"), CLIENT_TIMEOUT_MS)),
  ]);
  aborter.abort();
  await outcome;
  return String(early);
}

describe("REST download stalls", () => {
  it("never answers a named file: no status, no headers, until the client gives up", async () => {
    emulator.faults.set({ stallHeadersFiles: [NAME] });
    const before = emulator.requests.requests.length;
    expect(await unansweredDownload()).toBe("still waiting");
    expect(await recordAfter(before)).toMatchObject({
      operation: "DownloadCompleteDBLogFile",
      fault: "stall-headers",
      status: 0,
      bytesSent: 0,
    });
    expect(emulator.requests.inFlight).toBe(0);
  });

  it("stalls at a rate too", async () => {
    emulator.faults.set({ stallHeadersRate: 1 });
    const before = emulator.requests.requests.length;
    expect(await unansweredDownload()).toBe("still waiting");
    expect(await recordAfter(before)).toMatchObject({ fault: "stall-headers" });
  });

  it("sends the headers and part of the body, then nothing more, without closing", async () => {
    emulator.faults.set({ stallBodyFiles: [NAME], stallBodyAfterBytes: 100_000 });
    const aborter = new AbortController();
    const before = emulator.requests.requests.length;
    const response = await startDownload(aborter.signal);
    expect(response.status).toBe(200);
    const reader = response.body?.getReader() ?? expect.unreachable("no body");
    expect(await readAtLeast(reader, 100_000)).toBe(100_000);
    // The body neither ends nor sends more: the next read is still pending when the client gives up.
    const next = reader.read().then(
      (result) => (result.done ? "ended" : "more bytes"),
      () => "aborted",
    );
    const outcome = await Promise.race([
      next,
      new Promise((resolve) => setTimeout(() => resolve("still waiting"), CLIENT_TIMEOUT_MS)),
    ]);
    expect(outcome).toBe("still waiting");
    aborter.abort();
    expect(await next).toBe("aborted");
    expect(await recordAfter(before)).toMatchObject({ fault: "stall-body", status: 200, bytesSent: 100_000 });
  });

  it("stalls after half the file by default", async () => {
    emulator.faults.set({ stallBodyRate: 1 });
    const aborter = new AbortController();
    const before = emulator.requests.requests.length;
    const response = await startDownload(aborter.signal);
    const reader = response.body?.getReader() ?? expect.unreachable("no body");
    expect(await readAtLeast(reader, LOG.length / 2)).toBe(LOG.length / 2);
    aborter.abort();
    expect((await recordAfter(before)).bytesSent).toBe(LOG.length / 2);
  });
});

/** Reads until at least `bytes` have come, and returns how many did; fails if the body ends first. */
async function readAtLeast(reader: ReadableStreamDefaultReader<Uint8Array>, bytes: number): Promise<number> {
  let received = 0;
  while (received < bytes) {
    const { value, done } = await reader.read();
    if (done) expect.unreachable(`the body ended after ${received} bytes`);
    received += value.length;
  }
  return received;
}

// The SDK's requestTimeout only logs a warning unless throwOnRequestTimeout is set
// (@smithy/node-http-handler); a client that means to time out must set both.
describe("Query API stalls", () => {
  const client = () =>
    new RDSClient({
      region: "us-east-1",
      endpoint: emulator.endpoint,
      credentials,
      maxAttempts: 1,
      requestHandler: { requestTimeout: SDK_TIMEOUT_MS, throwOnRequestTimeout: true },
    });

  it("leaves the named operations unanswered, so the SDK's request timeout fires, and answers the others", async () => {
    emulator.faults.set({ stallQueryRate: 1, stallQueryOperations: ["DescribeDBLogFiles"] });
    const rds = client();
    try {
      const before = emulator.requests.requests.length;
      const error = await rds
        .send(new DescribeDBLogFilesCommand({ DBInstanceIdentifier: "db-1" }))
        .catch((e) => e);
      expect(error.name).toBe("TimeoutError");
      expect(await recordAfter(before)).toMatchObject({
        operation: "DescribeDBLogFiles",
        fault: "stall-query",
      });
      const answered = await rds.send(new DescribeDBInstancesCommand({}));
      expect(answered.DBInstances?.map((n) => n.DBInstanceIdentifier)).toEqual(["db-1"]);
    } finally {
      rds.destroy();
    }
  });

  it("stalls STS calls on the same endpoint too", async () => {
    emulator.faults.set({ stallQueryRate: 1, stallQueryOperations: ["AssumeRole"] });
    const sts = new STSClient({
      region: "us-east-1",
      endpoint: emulator.endpoint,
      credentials,
      maxAttempts: 1,
      requestHandler: { requestTimeout: SDK_TIMEOUT_MS, throwOnRequestTimeout: true },
    });
    try {
      const error = await sts
        .send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::123456789012:role/any", RoleSessionName: "s1" }))
        .catch((e) => e);
      expect(error.name).toBe("TimeoutError");
    } finally {
      sts.destroy();
    }
  });

  it("does not keep the emulator from closing: the stalled call fails on the client's side", async () => {
    const other = await startEmulator({ fleetDir, faults: { stallQueryRate: 1 } });
    const rds = new RDSClient({ region: "us-east-1", endpoint: other.endpoint, credentials, maxAttempts: 1 });
    const pending = rds.send(new DescribeDBInstancesCommand({})).then(
      () => "answered",
      (error: Error) => error.name,
    );
    // Give the call time to arrive; if it has not, close() is tested on an idle server instead.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await other.close();
    expect(await pending).not.toBe("answered");
    rds.destroy();
  });
});
