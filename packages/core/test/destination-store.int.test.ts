/**
 * The bucket's region: the destination's `region` when the config names it, else what the bucket
 * says of itself. S3 names it in `x-amz-bucket-region` on HeadBucket, also on a 301 or a 403 from
 * another region; Swift, like most S3-compatible stores, does not. No local S3 sends that header,
 * so a loopback stand-in answers HeadBucket as S3 does for a bucket in another region, and records
 * the region every later request is signed for. (Swift, which names no region, is in
 * s3-object-store.int.test.ts, beside the Swift it starts.)
 */
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { S3Destination } from "../src/config/parse-config.js";
import { createDestinationStore } from "../src/destinations/create-destination-store.js";

interface Seen {
  method: string;
  path: string;
  /** The region of the request's SigV4 credential scope. */
  region: string;
}

let standIn: Server;
let standInUrl: string;
const seen: Seen[] = [];
const saved = { ...process.env };

beforeAll(async () => {
  standIn = createServer((request, response) => {
    const region = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(request.headers.authorization ?? "")?.[1] ?? "";
    seen.push({ method: request.method ?? "", path: request.url ?? "", region });
    if (request.method === "HEAD" && request.url?.startsWith("/tokyo-logs")) {
      // S3's answer to a HeadBucket in the wrong region: a redirect that names the right one.
      response.writeHead(301, { "x-amz-bucket-region": "ap-northeast-1" }).end();
      return;
    }
    response.writeHead(404, { "content-type": "application/xml" });
    response.end("<Error><Code>NoSuchKey</Code><Message>none</Message></Error>");
  });
  standIn.listen(0, "127.0.0.1");
  await once(standIn, "listening");
  standInUrl = `http://127.0.0.1:${(standIn.address() as AddressInfo).port}`;
});
afterAll(async () => {
  standIn?.close();
});

beforeEach(() => {
  seen.length = 0;
  // No region from the environment or a profile: only the destination, the bucket and the home region.
  delete process.env.AWS_REGION;
  delete process.env.AWS_DEFAULT_REGION;
  delete process.env.AWS_PROFILE;
  process.env.AWS_CONFIG_FILE = "/nonexistent/aws-config";
  process.env.AWS_SHARED_CREDENTIALS_FILE = "/nonexistent/aws-credentials";
  process.env.AWS_ACCESS_KEY_ID = "test:tester";
  process.env.AWS_SECRET_ACCESS_KEY = "testing";
});
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

const destination = (fields: Partial<S3Destination>): S3Destination => ({
  kind: "s3",
  bucket: "tokyo-logs",
  prefix: "rds/",
  keyTemplate: "{prefix}{instance}/{logType}/{file}",
  endpoint: standInUrl,
  ...fields,
});

describe("createDestinationStore: the bucket's region", () => {
  it("is the one the bucket names, asked from the home region, and every later call is signed for it", async () => {
    const store = await createDestinationStore(destination({}), { homeRegion: "eu-west-1" });
    expect(store.description).toBe("s3://tokyo-logs/rds/ in ap-northeast-1 (the bucket's)");
    expect(seen).toEqual([{ method: "HEAD", path: "/tokyo-logs/", region: "eu-west-1" }]);
    expect(await store.readState("rds/_state/us-east-1/db-1.json")).toBeUndefined();
    expect(seen.slice(1).map((request) => request.region)).toEqual(["ap-northeast-1"]);
  });

  it("is the destination's own when the config names it: the bucket is not asked", async () => {
    const store = await createDestinationStore(destination({ region: "sa-east-1" }), {
      homeRegion: "eu-west-1",
    });
    expect(store.description).toBe("s3://tokyo-logs/rds/ in sa-east-1 (destination.region)");
    await store.readState("rds/_state/us-east-1/db-1.json");
    expect(seen.map((request) => [request.method, request.region])).toEqual([["GET", "sa-east-1"]]);
  });

  it("is asked from the SDK's region before the home region", async () => {
    process.env.AWS_REGION = "ca-central-1";
    await createDestinationStore(destination({}), { homeRegion: "eu-west-1" });
    expect(seen[0]).toMatchObject({ method: "HEAD", region: "ca-central-1" });
  });
});
