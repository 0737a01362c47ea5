/**
 * The recording S3 proxy in front of the shared Swift: requests made with @aws-sdk/client-s3 and
 * lib-storage through it still verify at Swift (the Host they signed is passed on), and every one
 * is recorded with its operation and headers, multipart parts and aborts included.
 */
import { randomBytes } from "node:crypto";
import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import {
  connectSharedSwift,
  SHARED_SWIFT_HOOK_TIMEOUT_MS,
  type SharedSwift,
} from "../src/services/shared-swift.js";
import { type RecordingProxy, startRecordingProxy } from "../src/services/start-recording-proxy.js";

const shared = inject("sharedSwift");
const MIB = 1024 * 1024;
const OWNER = "123456789012";
const KMS_KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe.skipIf(!shared.available)("startRecordingProxy in front of Swift", () => {
  let swift: SharedSwift;
  let proxy: RecordingProxy;
  let bucket: string;

  const clientFor = (endpoint: string, secretAccessKey = swift.credentials.secretAccessKey) =>
    new S3Client({
      endpoint,
      region: swift.region,
      credentials: { accessKeyId: swift.credentials.accessKeyId, secretAccessKey },
      forcePathStyle: true,
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      maxAttempts: 1,
    });
  const readDirectly = async (key: string) => {
    const direct = clientFor(swift.endpoint);
    try {
      const { Body } = await direct.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return Buffer.from((await Body?.transformToByteArray()) ?? []);
    } finally {
      direct.destroy();
    }
  };

  beforeAll(async () => {
    swift = await connectSharedSwift(shared);
    bucket = await swift.createBucket("proxied");
    proxy = await startRecordingProxy({
      target: swift.endpoint,
      dropSse: { credentials: [swift.credentials] },
    });
  }, SHARED_SWIFT_HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await proxy?.close();
  });

  beforeEach(() => proxy.clear());

  it("forwards a PutObject unchanged, so Swift verifies its signature, and records its headers", async () => {
    const s3 = clientFor(proxy.endpoint);
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: "日本語/a b.log",
        Body: "監査ログ\n",
        ExpectedBucketOwner: OWNER,
      }),
    );
    s3.destroy();
    expect((await readDirectly("日本語/a b.log")).toString("utf8")).toBe("監査ログ\n");
    expect(proxy.requests).toHaveLength(1);
    const [put] = proxy.requests;
    expect(put).toMatchObject({
      method: "PUT",
      path: `/${bucket}/${encodeURIComponent("日本語")}/a%20b.log`,
      operation: "PutObject",
      status: 200,
    });
    expect(put?.headers["x-amz-expected-bucket-owner"]).toBe(OWNER);
    expect(put?.headers.host).toBe(new URL(proxy.endpoint).host);
    expect(put?.headers.authorization).toMatch(
      /SignedHeaders=[^,]*x-amz-expected-bucket-owner[^,]*, Signature=\*\*\*$/,
    );
  });

  it("records every request of a lib-storage multipart upload, with SSE-KMS on the ones that carry it", async () => {
    const s3 = clientFor(proxy.endpoint);
    const body = randomBytes(11 * MIB);
    await new Upload({
      client: s3,
      partSize: 5 * MIB,
      queueSize: 2,
      params: {
        Bucket: bucket,
        Key: "big.log.gz",
        Body: body,
        ServerSideEncryption: "aws:kms",
        SSEKMSKeyId: KMS_KEY,
        ExpectedBucketOwner: OWNER,
      },
    }).done();
    s3.destroy();
    expect((await readDirectly("big.log.gz")).equals(body)).toBe(true);

    const operations = proxy.requests.map((r) => r.operation);
    expect(operations[0]).toBe("CreateMultipartUpload");
    expect(operations.filter((o) => o === "UploadPart")).toHaveLength(3);
    expect(operations.at(-1)).toBe("CompleteMultipartUpload");
    expect(
      proxy.requests
        .map((r) => r.query.partNumber)
        .filter(Boolean)
        .sort(),
    ).toEqual(["1", "2", "3"]);
    for (const request of proxy.requests) {
      expect(request.status, request.operation).toBe(200);
      expect(request.headers["x-amz-expected-bucket-owner"], request.operation).toBe(OWNER);
    }
    // S3 takes SSE settings when the upload is created; parts carry only SSE-C keys, never these.
    const create = proxy.requests[0];
    expect(create?.headers["x-amz-server-side-encryption"]).toBe("aws:kms");
    expect(create?.headers["x-amz-server-side-encryption-aws-kms-key-id"]).toBe(KMS_KEY);
  });

  it("records an AbortMultipartUpload and its headers", async () => {
    const s3 = clientFor(proxy.endpoint);
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: bucket, Key: "aborted", ExpectedBucketOwner: OWNER }),
    );
    await s3.send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: "aborted",
        UploadId,
        PartNumber: 1,
        Body: "part",
        ExpectedBucketOwner: OWNER,
      }),
    );
    await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: "aborted", UploadId }));
    s3.destroy();
    expect(proxy.requests.map((r) => [r.operation, r.status])).toEqual([
      ["CreateMultipartUpload", 200],
      ["UploadPart", 200],
      ["AbortMultipartUpload", 204],
    ]);
    expect(proxy.requests[2]?.query.uploadId).toBe(UploadId);
    // This client sent no expected owner on the abort, and the recording shows exactly that.
    expect(proxy.requests[2]?.headers["x-amz-expected-bucket-owner"]).toBeUndefined();
  });

  it("still refuses a bad signature on a request it signs again", async () => {
    const intruder = clientFor(proxy.endpoint, "not-the-secret");
    const error = await intruder
      .send(new PutObjectCommand({ Bucket: bucket, Key: "x", Body: "x", ServerSideEncryption: "AES256" }))
      .catch((e) => e);
    intruder.destroy();
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(["SignatureDoesNotMatch", 403]);
    expect(proxy.requests[0]).toMatchObject({ operation: "PutObject", status: 403 });
  });

  it("passes SSE through as sent without dropSse, and records Swift's refusal", async () => {
    const plain = await startRecordingProxy({ target: swift.endpoint });
    const s3 = clientFor(plain.endpoint);
    const error = await s3
      .send(new PutObjectCommand({ Bucket: bucket, Key: "sse", Body: "x", ServerSideEncryption: "AES256" }))
      .catch((e) => e);
    s3.destroy();
    await plain.close();
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(["NotImplemented", 501]);
    expect(plain.requests[0]?.headers["x-amz-server-side-encryption"]).toBe("AES256");
    expect(plain.requests[0]?.status).toBe(501);
  });
});
