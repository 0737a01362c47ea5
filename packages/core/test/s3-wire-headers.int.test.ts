/**
 * What the S3 store puts on the wire, seen by a recording proxy in front of Swift: every request
 * of an archive run names the expected bucket owner, and every write that creates an object
 * (PutObject, CreateMultipartUpload) carries the SSE headers. Swift refuses SSE, so the proxy
 * checks each SSE request's signature, drops the SSE headers and signs it again before Swift.
 * The fleet holds one file whose compressed size passes one part, so the multipart path
 * (upload object, server-side copy, delete) is on the wire too.
 */
import { randomBytes } from "node:crypto";
import {
  connectSharedSwift,
  type RecordingProxy,
  SHARED_SWIFT_HOOK_TIMEOUT_MS,
  type SharedSwift,
  startRecordingProxy,
} from "@rds-log-archive/testkit";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createS3Client } from "../src/adapters/create-s3-client.js";
import { createS3ObjectStore } from "../src/adapters/s3-object-store.js";
import { parseConfig } from "../src/config/parse-config.js";
import { archive } from "../src/sources/log-files/archive-log-files.js";
import { createMemoryRds, memoryLogFile } from "./support/memory-rds-port.js";

const shared = inject("sharedSwift");
const OWNER = "111122223333";
const KMS_KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const NOW = new Date("2026-11-20T12:30:00Z");
const WRITES = ["PutObject", "CreateMultipartUpload"];

let swift: SharedSwift;
let proxy: RecordingProxy;
let bucket: string;

beforeAll(async () => {
  if (!shared.available) return;
  swift = await connectSharedSwift(shared);
  bucket = await swift.createBucket("wire");
  proxy = await startRecordingProxy({
    target: swift.endpoint,
    dropSse: { credentials: [swift.credentials] },
  });
}, SHARED_SWIFT_HOOK_TIMEOUT_MS);

afterAll(async () => {
  await proxy?.close();
});

describe.skipIf(!shared.available)("the S3 store on the wire", () => {
  it("sends ExpectedBucketOwner on every request and SSE-KMS on every write of a run", async () => {
    const client = createS3Client({
      region: swift.region,
      endpoint: proxy.endpoint,
      credentials: swift.credentials,
    });
    const store = createS3ObjectStore({
      client,
      bucket,
      prefix: "rds/",
      sse: "aws:kms",
      kmsKeyId: KMS_KEY,
      expectedBucketOwner: OWNER,
      partSize: 5 * 1024 * 1024,
    });
    const parsed = parseConfig(
      {
        targets: [{ region: "us-east-1", all: true }],
        destination: { bucket, prefix: "rds/", endpoint: proxy.endpoint, sse: "aws:kms", kmsKeyId: KMS_KEY },
      },
      NOW,
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const rds = createMemoryRds();
    rds.instances.set("db-1", { id: "db-1", engine: "postgres" });
    rds.logs.set("db-1", [
      memoryLogFile(
        "error/postgresql.log.2026-11-20-09",
        "nine\n".repeat(10_000),
        new Date("2026-11-20T09:59:00Z"),
      ),
      // Base64 of random bytes gzips to about three quarters: past one 5 MiB part.
      memoryLogFile(
        "error/postgresql.log.2026-11-20-10",
        randomBytes(6 * 1024 * 1024).toString("base64"),
        new Date("2026-11-20T10:59:00Z"),
      ),
    ]);
    proxy.clear();
    try {
      const report = await archive(parsed.config, { createRdsPort: () => rds, now: () => NOW, store });
      expect(report.totals).toMatchObject({ archived: 2, failed: 0 });
    } finally {
      await store.close();
      client.destroy();
    }

    const seen = proxy.requests;
    const operations = new Set(seen.map((request) => request.operation));
    for (const operation of [
      "PutObject",
      "HeadObject",
      "CreateMultipartUpload",
      "UploadPart",
      "UploadPartCopy",
      "CompleteMultipartUpload",
      "DeleteObject",
    ])
      expect(operations, operation).toContain(operation);
    const withoutOwner = seen.filter((request) => request.headers["x-amz-expected-bucket-owner"] !== OWNER);
    expect(withoutOwner.map((request) => `${request.method} ${request.path}`)).toEqual([]);
    const writes = seen.filter((request) => WRITES.includes(request.operation));
    expect(writes.length).toBeGreaterThanOrEqual(4);
    const withoutSse = writes.filter(
      (request) =>
        request.headers["x-amz-server-side-encryption"] !== "aws:kms" ||
        request.headers["x-amz-server-side-encryption-aws-kms-key-id"] !== KMS_KEY,
    );
    expect(withoutSse.map((request) => `${request.operation} ${request.path}`)).toEqual([]);
    const copies = seen.filter((request) => request.operation === "UploadPartCopy");
    expect(copies.every((request) => request.headers["x-amz-source-expected-bucket-owner"] === OWNER)).toBe(
      true,
    );
  });
});
