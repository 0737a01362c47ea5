import { rm } from "node:fs/promises";
import { type RdsEmulator, startEmulator, writeFleet } from "@rds-log-archive/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { signLogFileDownload } from "../src/adapters/sign-log-download.js";

const CONTENT = Buffer.concat([Buffer.from("日本語 line\r\n", "utf8"), Buffer.from([0xc3, 0x28, 0x0a])]);
const session = { accessKeyId: "ASIAEXAMPLE", secretAccessKey: "secret", sessionToken: "session-token" };

let emulator: RdsEmulator;
let fleetDir: string;

beforeAll(async () => {
  fleetDir = await writeFleet(
    { instances: [{ id: "db-1", engine: "mysql" }] },
    {
      "db-1": [
        {
          name: "slowquery/mysql-slowquery.log.7",
          content: CONTENT,
          lastWritten: new Date("2026-11-20T08:00:00Z"),
        },
        {
          name: "error/name with space & more.log",
          content: "ok\n",
          lastWritten: new Date("2026-11-20T08:00:00Z"),
        },
      ],
    },
  );
  emulator = await startEmulator({ fleetDir, region: "eu-west-1", credentials: [session] });
});

afterAll(async () => {
  await emulator.close();
  await rm(fleetDir, { recursive: true, force: true });
});

const download = async (logFileName: string, endpoint = emulator.endpoint) => {
  const signed = await signLogFileDownload({
    endpoint,
    region: "eu-west-1",
    credentials: session,
    instance: "db-1",
    logFileName,
  });
  return fetch(signed.url, { headers: signed.headers });
};

it("signs a download the emulator accepts, with the session token, returning the exact bytes", async () => {
  const response = await download("slowquery/mysql-slowquery.log.7");
  expect(response.status).toBe(200);
  expect(Buffer.from(await response.arrayBuffer()).equals(CONTENT)).toBe(true);
});

it("encodes names with spaces and reserved characters the way SigV4 verifies them", async () => {
  const response = await download("error/name with space & more.log");
  expect(response.status).toBe(200);
  expect(await response.text()).toBe("ok\n");
});

it("keeps a path prefix of the configured endpoint", async () => {
  const signed = await signLogFileDownload({
    endpoint: "https://proxy.example.com/rds/",
    region: "eu-west-1",
    credentials: session,
    instance: "db-1",
    logFileName: "error/a.log",
  });
  expect(signed.url).toBe("https://proxy.example.com/rds/v13/downloadCompleteLogFile/db-1/error/a.log");
  expect(signed.headers.authorization).toMatch(
    /^AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE\/\d{8}\/eu-west-1\/rds\/aws4_request/,
  );
  expect(signed.headers.authorization).toContain(
    "SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token",
  );
});
