/**
 * Pins the behaviour of the real Swift s3api that the archiver's tests rely on: byte-exact
 * bodies, real multipart, SigV4 checking, and the 501 for conditional writes that the engine
 * must detect (on the package's shared Swift); and the life cycle of a private `startSwiftS3`.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  connectSharedSwift,
  SHARED_SWIFT_HOOK_TIMEOUT_MS,
  type SharedSwift,
} from "../src/services/shared-swift.js";
import { type SwiftS3, startSwiftS3 } from "../src/services/swift-s3.js";

const shared = inject("sharedSwift");
const MIB = 1024 * 1024;

describe.skipIf(!shared.available)("the real Swift s3api", () => {
  let swift: SharedSwift;
  let s3: S3Client;
  let BUCKET: string;

  const clientFor = (secretAccessKey: string) =>
    new S3Client({
      endpoint: swift.endpoint,
      region: swift.region,
      credentials: { accessKeyId: swift.credentials.accessKeyId, secretAccessKey },
      forcePathStyle: true,
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });

  const getBytes = async (key: string): Promise<Buffer> => {
    const response = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return Buffer.from((await response.Body?.transformToByteArray()) ?? []);
  };

  beforeAll(async () => {
    swift = await connectSharedSwift(shared);
    BUCKET = await swift.createBucket("archive-test");
    s3 = clientFor(swift.credentials.secretAccessKey);
  }, SHARED_SWIFT_HOOK_TIMEOUT_MS);

  afterAll(() => s3?.destroy());

  it("returns UTF-8 Japanese text byte for byte", async () => {
    const body = Buffer.from("監査ログ: ユーザー「山田」が接続しました。\n終了 ✓\n", "utf8");
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "日本語/ログ.txt", Body: body }));

    expect(await getBytes("日本語/ログ.txt")).toEqual(body);
  });

  it("assembles a real multipart upload and gives its ETag the -N suffix", async () => {
    const parts = [randomBytes(5 * MIB), randomBytes(5 * MIB), randomBytes(1234)];
    const key = "multipart/log.gz";
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key }));
    const completed = [];
    for (const [index, part] of parts.entries()) {
      const PartNumber = index + 1;
      const { ETag } = await s3.send(
        new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumber, Body: part }),
      );
      completed.push({ PartNumber, ETag });
    }
    const { ETag } = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key: key,
        UploadId,
        MultipartUpload: { Parts: completed },
      }),
    );

    const expected = Buffer.concat(parts);
    const actual = await getBytes(key);
    // Compare digests so a mismatch does not print 10 MiB of diff.
    expect(actual.length).toBe(expected.length);
    expect(sha256(actual)).toBe(sha256(expected));
    expect(ETag).toMatch(/^"[0-9a-f]{32}-3"$/);
  });

  it("rejects a wrong secret with 403 SignatureDoesNotMatch", async () => {
    const intruder = clientFor("not-the-secret");
    try {
      await expect(
        intruder.send(new PutObjectCommand({ Bucket: BUCKET, Key: "intruder.txt", Body: "x" })),
      ).rejects.toMatchObject({ name: "SignatureDoesNotMatch", $metadata: { httpStatusCode: 403 } });
    } finally {
      intruder.destroy();
    }
  });

  it("answers a conditional PutObject (IfNoneMatch *) with 501 NotImplemented", async () => {
    await expect(
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "conditional.txt", Body: "x", IfNoneMatch: "*" })),
    ).rejects.toMatchObject({ name: "NotImplemented", $metadata: { httpStatusCode: 501 } });
  });

  it("round-trips user metadata through HeadObject", async () => {
    const Metadata = { "source-instance": "prod-db-1", "log-file": "error/postgresql.log.2026-11-22-10" };
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "with-metadata.txt", Body: "x", Metadata }));

    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "with-metadata.txt" }));
    expect(head.Metadata).toEqual(Metadata);
  });
});

describe.skipIf(!shared.available)("startSwiftS3, a private Swift", () => {
  // A start of its own can be slow on a loaded machine; the hook-free test allows for it.
  it("stops exactly the processes it started, removes its dir, and can be stopped twice", {
    timeout: 240_000,
  }, async () => {
    const swift: SwiftS3 = await startSwiftS3({ readyTimeoutMs: 180_000 });
    expect(swift.pids).toHaveLength(5);
    expect(swift.pids.every(processExists)).toBe(true);
    expect(existsSync(swift.dir)).toBe(true);

    await swift.stop();

    expect(swift.pids.filter(processExists)).toEqual([]);
    expect(existsSync(swift.dir)).toBe(false);
    await expect(swift.stop()).resolves.toBeUndefined();
  });
});

function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Signal 0 checks for existence only; ESRCH means the PID is gone (Node has reaped it). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}
