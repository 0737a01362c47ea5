import { createHash } from "node:crypto";
import { rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { DescribeDBLogFilesCommand, RDSClient } from "@aws-sdk/client-rds";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type RdsEmulator, startEmulator } from "../src/emulator/start-emulator.js";
import { writeFleet } from "../src/fleet/write-fleet.js";
import { signDownload } from "./support/sign-download.js";

const credentials = { accessKeyId: "test:tester", secretAccessKey: "testing" };
const LAST_WRITTEN = new Date("2026-11-20T11:00:00Z");
// UTF-8 Japanese, CRLF line ends, and bytes that are not valid UTF-8: the REST path must not care.
const TRICKY = Buffer.concat([
  Buffer.from("2026-11-20 10:00:00 UTC::@:[1]:LOG:  AUDIT: 山田太郎 — ログ\r\n", "utf8"),
  Buffer.from([0xff, 0xfe, 0x80, 0x0a]),
  Buffer.from("tail line without newline", "utf8"),
]);
const BIG = Buffer.from("0123456789abcdef\n".repeat(200_000)); // 3.4 MB, several chunks

let emulator: RdsEmulator;
let fleetDir: string;

beforeAll(async () => {
  fleetDir = await writeFleet(
    { instances: [{ id: "db-1", engine: "postgres" }] },
    {
      "db-1": [
        { name: "error/postgresql.log.2026-11-20-10", content: TRICKY, lastWritten: LAST_WRITTEN },
        { name: "error/big.log", content: BIG, lastWritten: LAST_WRITTEN },
        { name: "error/name with space.log", content: "spaced\n", lastWritten: LAST_WRITTEN },
      ],
    },
  );
  await writeFile(path.join(fleetDir, "secret.txt"), "outside the instance folder\n");
  await symlink(path.join(fleetDir, "secret.txt"), path.join(fleetDir, "instances/db-1/error/link.log"));
  emulator = await startEmulator({ fleetDir });
});

afterAll(async () => {
  await emulator.close();
  await rm(fleetDir, { recursive: true, force: true });
});

afterEach(() => emulator.faults.set({}));

async function download(
  logFileName: string,
  options: { instance?: string; creds?: typeof credentials; endpoint?: string; region?: string } = {},
) {
  const signed = await signDownload({
    endpoint: options.endpoint ?? emulator.endpoint,
    region: options.region ?? "us-east-1",
    credentials: options.creds ?? credentials,
    instance: options.instance ?? "db-1",
    logFileName,
  });
  return fetch(signed.url, { headers: signed.headers });
}

/** The emulator's record of the next request after `before`; it is written once the response is done. */
async function recordAfter(before: number) {
  return vi.waitFor(() => {
    const record = emulator.requests.requests[before];
    if (!record) throw new Error("the request is not recorded yet");
    return record;
  });
}

const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

describe("GET /v13/downloadCompleteLogFile", () => {
  it("returns the exact bytes, chunked, for CRLF, Japanese and invalid UTF-8 alike", async () => {
    const response = await download("error/postgresql.log.2026-11-20-10");
    expect(response.status).toBe(200);
    expect(response.headers.get("transfer-encoding")).toBe("chunked");
    expect(response.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    expect(Buffer.from(await response.arrayBuffer()).equals(TRICKY)).toBe(true);
  });

  it("streams a multi-megabyte file intact", async () => {
    const before = emulator.requests.requests.length;
    const body = Buffer.from(await (await download("error/big.log")).arrayBuffer());
    expect(sha256(body)).toBe(sha256(BIG));
    expect(await recordAfter(before)).toMatchObject({
      operation: "DownloadCompleteDBLogFile",
      status: 200,
      bytesSent: BIG.length,
    });
  });

  it("serves a name with a space, percent-encoded on the wire and signed as AWS expects", async () => {
    const response = await download("error/name with space.log");
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("spaced\n");
  });

  it("answers an unknown instance with 404 DBInstanceNotFound", async () => {
    const response = await download("error/big.log", { instance: "ghost" });
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("<Code>DBInstanceNotFound</Code>");
  });

  it("answers an unknown file with 404 DBLogFileNotFoundFault", async () => {
    const response = await download("error/postgresql.log.1999-01-01-00");
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("<Code>DBLogFileNotFoundFault</Code>");
  });

  it("never serves anything outside the instance folder: no traversal, no symlinks", async () => {
    for (const name of [
      "../../secret.txt",
      "error/../../../secret.txt",
      "error/link.log",
      "../../fleet.json",
    ]) {
      const response = await download(name);
      expect(response.status, name).toBe(404);
      expect(await response.text(), name).not.toContain("outside the instance folder");
    }
    const rds = new RDSClient({ region: "us-east-1", endpoint: emulator.endpoint, credentials });
    const listed = await rds.send(new DescribeDBLogFilesCommand({ DBInstanceIdentifier: "db-1" }));
    expect(listed.DescribeDBLogFiles?.map((f) => f.LogFileName)).not.toContain("error/link.log");
  });
});

describe("SigV4", () => {
  it("refuses a wrong secret with 403 SignatureDoesNotMatch", async () => {
    const response = await download("error/big.log", { creds: { ...credentials, secretAccessKey: "wrong" } });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("<Code>SignatureDoesNotMatch</Code>");
  });

  it("refuses an unknown access key with 403 InvalidClientTokenId", async () => {
    const response = await download("error/big.log", {
      creds: { ...credentials, accessKeyId: "AKIDUNKNOWN" },
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("<Code>InvalidClientTokenId</Code>");
  });

  it("refuses an unsigned request with 403 MissingAuthenticationToken", async () => {
    const response = await fetch(`${emulator.endpoint}/v13/downloadCompleteLogFile/db-1/error/big.log`);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("<Code>MissingAuthenticationToken</Code>");
  });

  it("refuses a signature made for another region", async () => {
    const response = await download("error/big.log", { region: "eu-west-1" });
    expect(response.status).toBe(403);
  });

  it("accepts session credentials when the token is signed, and refuses a wrong token", async () => {
    const session = { accessKeyId: "ASIATEMP", secretAccessKey: "temp-secret", sessionToken: "token-123" };
    const withSession = await startEmulator({ fleetDir, credentials: [session] });
    try {
      const rds = new RDSClient({
        region: "us-east-1",
        endpoint: withSession.endpoint,
        credentials: session,
      });
      const listed = await rds.send(new DescribeDBLogFilesCommand({ DBInstanceIdentifier: "db-1" }));
      expect(listed.DescribeDBLogFiles?.length).toBe(3);
      const signed = await signDownload({
        endpoint: withSession.endpoint,
        region: "us-east-1",
        credentials: session,
        instance: "db-1",
        logFileName: "error/name with space.log",
      });
      expect(signed.headers["x-amz-security-token"]).toBe("token-123");
      expect((await fetch(signed.url, { headers: signed.headers })).status).toBe(200);
      const wrong = new RDSClient({
        region: "us-east-1",
        endpoint: withSession.endpoint,
        credentials: { ...session, sessionToken: "stolen" },
      });
      const error = await wrong
        .send(new DescribeDBLogFilesCommand({ DBInstanceIdentifier: "db-1" }))
        .catch((e) => e);
      expect(error.name).toBe("InvalidClientTokenId");
    } finally {
      await withSession.close();
    }
  });
});

describe("fault knobs", () => {
  it("throttles at the configured rate with 400 Throttling", async () => {
    emulator.faults.set({ throttleRate: 0.3, seed: 7, throttleOperations: ["DescribeDBLogFiles"] });
    const rds = new RDSClient({
      region: "us-east-1",
      endpoint: emulator.endpoint,
      credentials,
      maxAttempts: 1,
    });
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, () =>
        rds.send(new DescribeDBLogFilesCommand({ DBInstanceIdentifier: "db-1" })).then(
          () => "ok",
          (error) => `${error.name} ${error.$metadata.httpStatusCode}`,
        ),
      ),
    );
    const throttled = outcomes.filter((o) => o === "Throttling 400").length;
    expect(throttled + outcomes.filter((o) => o === "ok").length).toBe(40);
    expect(throttled).toBeGreaterThanOrEqual(4);
    expect(throttled).toBeLessThanOrEqual(20);
  });

  it("is retried by the SDK, which classifies Throttling as a throttling error", async () => {
    // Seed 32 draws 0.002 then 0.504: the first attempt is throttled, the retry goes through.
    emulator.faults.set({ throttleRate: 0.5, seed: 32, throttleOperations: ["DescribeDBLogFiles"] });
    const rds = new RDSClient({
      region: "us-east-1",
      endpoint: emulator.endpoint,
      credentials,
      maxAttempts: 3,
    });
    const result = await rds.send(new DescribeDBLogFilesCommand({ DBInstanceIdentifier: "db-1" }));
    expect(result.DescribeDBLogFiles).toHaveLength(3);
    expect(result.$metadata.attempts).toBe(2);
  });

  it("throttles REST downloads too", async () => {
    emulator.faults.set({ throttleRate: 1 });
    const response = await download("error/big.log");
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("<Code>Throttling</Code><Message>Rate exceeded</Message>");
  });

  it("answers downloads with a 5xx", async () => {
    emulator.faults.set({ downloadErrorRate: 1 });
    const response = await download("error/big.log");
    expect(response.status).toBe(500);
    expect(await response.text()).toContain("<Code>InternalFailure</Code>");
  });

  it("resets the connection part-way through the body", async () => {
    emulator.faults.set({ resetMidBodyRate: 1 });
    const before = emulator.requests.requests.length;
    const response = await download("error/big.log");
    expect(response.status).toBe(200);
    await expect(response.arrayBuffer()).rejects.toThrow();
    expect((await recordAfter(before)).bytesSent).toBe(Math.floor(BIG.length / 2));
  });

  it("ends a body cleanly but shorter than the listed size", async () => {
    emulator.faults.set({ shortBodyRate: 1 });
    const body = Buffer.from(await (await download("error/big.log")).arrayBuffer());
    expect(body.length).toBe(Math.floor(BIG.length / 2));
    expect(body.equals(BIG.subarray(0, body.length))).toBe(true);
  });

  it("rotates a file away between listing and download", async () => {
    const rotating = await startEmulator({ fleetDir, faults: { rotateAwayOnDownload: ["error/big.log"] } });
    try {
      const rds = new RDSClient({ region: "us-east-1", endpoint: rotating.endpoint, credentials });
      const names = async () =>
        (
          await rds.send(new DescribeDBLogFilesCommand({ DBInstanceIdentifier: "db-1" }))
        ).DescribeDBLogFiles?.map((f) => f.LogFileName);
      expect(await names()).toContain("error/big.log");
      const response = await download("error/big.log", { endpoint: rotating.endpoint });
      expect(response.status).toBe(404);
      expect(await response.text()).toContain("DBLogFileNotFoundFault");
      expect(await names()).not.toContain("error/big.log");
    } finally {
      await rotating.close();
    }
  });

  it("adds latency to every response", async () => {
    emulator.faults.set({ latencyMs: 150 });
    const before = emulator.requests.requests.length;
    await (await download("error/name with space.log")).text();
    expect((await recordAfter(before)).durationMs).toBeGreaterThanOrEqual(150);
  });

  it("can be set over HTTP on a running emulator, and the request log read back", async () => {
    const put = await fetch(`${emulator.endpoint}/_emulator/faults`, {
      method: "PUT",
      body: JSON.stringify({ downloadErrorRate: 1 }),
    });
    expect(put.status).toBe(200);
    expect((await download("error/big.log")).status).toBe(500);
    const log = (await (await fetch(`${emulator.endpoint}/_emulator/requests`)).json()) as {
      counts: Record<string, number>;
    };
    expect(log.counts.DownloadCompleteDBLogFile).toBeGreaterThan(0);
  });
});
