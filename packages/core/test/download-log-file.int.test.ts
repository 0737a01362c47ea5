import { rm } from "node:fs/promises";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { text } from "node:stream/consumers";
import { RDSClient } from "@aws-sdk/client-rds";
import { type EmulatorProcess, startEmulatorProcess, writeFleet } from "@rds-log-archive/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createRdsPort } from "../src/adapters/create-rds-port.js";
import { createS3Client } from "../src/adapters/create-s3-client.js";
import { downloadLogFile } from "../src/adapters/download-log-file.js";
import { createS3ObjectStore } from "../src/adapters/s3-object-store.js";
import { isArchiverError } from "../src/errors.js";

const credentials = { accessKeyId: "test:tester", secretAccessKey: "testing" };
// Wide enough that a loaded machine's event-loop pauses (two suites side by side on 2 cores
// stalled this server's first byte past a 0.3 s idle timeout) do not pass for a stall.
const timeouts = { connect: 5_000, idle: 1_500, total: 5_000 };
const target = { region: "us-east-1", instance: "db-1", logFileName: "error/postgresql.log.2026-11-20-10" };

describe("the REST download under stalls (a local server that stops answering)", () => {
  let server: Server;
  let endpoint: string;
  let behaviour: (response: ServerResponse) => void;
  const open: ServerResponse[] = [];

  beforeAll(async () => {
    server = createServer((_request, response) => {
      open.push(response);
      behaviour(response);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    for (const response of open.splice(0)) response.destroy();
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const rds = () => new RDSClient({ region: "us-east-1", endpoint, credentials });
  const failure = async (work: Promise<unknown>) => {
    const error = await work.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isArchiverError(error), String(error)).toBe(true);
    return error as { code: string; message: string; retryable: boolean };
  };

  it("gives up on a server that never sends its headers, as a retryable failure", async () => {
    behaviour = () => {};
    const error = await failure(downloadLogFile(rds(), target, timeouts));
    expect(error).toMatchObject({ code: "DOWNLOAD_FAILED", retryable: true });
    expect(error.message).toContain("timed out: no byte from RDS");
  });

  it("fails the body of a download that stalls part-way", async () => {
    behaviour = (response) => {
      response.writeHead(200, { "content-type": "application/octet-stream" });
      response.write("half of the file\n");
    };
    const body = await downloadLogFile(rds(), target, timeouts);
    const error = await failure(text(body));
    expect(error).toMatchObject({ code: "DOWNLOAD_FAILED", retryable: true });
    expect(error.message).toContain("timed out");
  });

  it("names the clock, not IAM, when RDS refuses the signature's time (as RDS words it)", async () => {
    const serverTime = new Date(Date.now() + 20 * 60_000);
    behaviour = (response) => {
      response.writeHead(403, { "content-type": "text/xml", date: serverTime.toUTCString() });
      response.end(
        "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidSignatureException</Code>" +
          "<Message>Signature expired: 20261120T100000Z is now earlier than 20261120T101500Z (20261120T103000Z - 15 min.)</Message>" +
          "</Error></ErrorResponse>",
      );
    };
    const client = rds();
    const error = await failure(downloadLogFile(client, target, timeouts));
    expect(error).toMatchObject({ code: "CLOCK_SKEW" });
    expect(error.message).toMatch(/about 20 min behind/);
    expect((error as unknown as { hint: string }).hint).toMatch(/clock \(NTP\)/);
    // It signed twice: once with the SDK's offset, once corrected from RDS's Date.
    expect(open).toHaveLength(2);
    expect(Math.round((client.config.systemClockOffset ?? 0) / 60_000)).toBe(20);
  });

  it("fails an SDK call to RDS or S3 that is never answered, after the SDK's retries, instead of hanging", async () => {
    behaviour = () => {};
    process.env.AWS_ENDPOINT_URL_RDS = endpoint;
    process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
    try {
      const listing = await failure(createRdsPort({ region: "us-east-1", timeouts }).listLogFiles("db-1"));
      expect(listing.message).toMatch(/DescribeDBLogFiles.*TimeoutError/);
    } finally {
      delete process.env.AWS_ENDPOINT_URL_RDS;
    }
    const s3 = createS3Client({ region: "us-east-1", endpoint, credentials, timeouts, maxAttempts: 2 });
    const store = createS3ObjectStore({ client: s3, bucket: "archive", prefix: "" });
    const read = await failure(store.readState("_state/us-east-1/db-1.json"));
    expect(read.message).toMatch(/GetObject.*TimeoutError/);
  }, 60_000);

  it("fails a download that trickles forever, under the idle timeout but over the total", async () => {
    behaviour = (response) => {
      response.writeHead(200, { "content-type": "application/octet-stream" });
      const drip = setInterval(() => (response.destroyed ? clearInterval(drip) : response.write(".")), 100);
    };
    const body = await downloadLogFile(rds(), target, timeouts);
    const error = await failure(text(body));
    expect(error.message).toContain("the download did not finish");
  });

  it("sends again on a new socket when the server resets a kept-alive one as it is reused", async () => {
    const served = new WeakSet<Socket>();
    let resets = 0;
    behaviour = (response) => {
      const socket = response.socket as Socket;
      if (served.has(socket)) {
        resets++;
        socket.resetAndDestroy();
        return;
      }
      served.add(socket);
      response.end("one line\n");
    };
    const client = rds();
    expect(await text(await downloadLogFile(client, target, timeouts))).toBe("one line\n");
    expect(await text(await downloadLogFile(client, target, timeouts))).toBe("one line\n");
    expect(resets).toBe(1);
  });
});

describe("the REST download with this machine's clock 20 minutes slow (the emulator's is right)", () => {
  let emulator: EmulatorProcess;
  let fleetDir: string;

  beforeAll(async () => {
    fleetDir = await writeFleet(
      { instances: [{ id: "db-1", engine: "postgres" }] },
      {
        "db-1": [
          {
            name: target.logFileName,
            content: "ten o'clock\n",
            lastWritten: new Date("2026-11-20T10:59:00Z"),
          },
        ],
      },
    );
    emulator = await startEmulatorProcess(["--fleet", fleetDir]);
    process.env.AWS_ENDPOINT_URL_RDS = emulator.endpoint;
    process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(async () => {
    await emulator.stop();
    delete process.env.AWS_ENDPOINT_URL_RDS;
    await rm(fleetDir, { recursive: true, force: true });
  });

  const skewClock = () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() - 20 * 60_000);
  };

  it("signs with the offset the SDK learnt from the listing", async () => {
    skewClock();
    const rds = createRdsPort({ region: "us-east-1" });
    expect((await rds.listLogFiles("db-1")).map((f) => f.name)).toEqual([target.logFileName]);
    expect(await text(await rds.downloadLogFile("db-1", target.logFileName))).toBe("ten o'clock\n");
  });

  it("corrects its clock from a first download's refusal and signs again", async () => {
    skewClock();
    const rds = createRdsPort({ region: "us-east-1" });
    expect(await text(await rds.downloadLogFile("db-1", target.logFileName))).toBe("ten o'clock\n");
  });
});
