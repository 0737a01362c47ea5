import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  type S3Client,
} from "@aws-sdk/client-s3";
import { connectSharedSwift, SHARED_SWIFT_HOOK_TIMEOUT_MS, type SharedSwift } from "@rds-log-archive/testkit";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createS3Client } from "../src/adapters/create-s3-client.js";
import { createS3ObjectStore } from "../src/adapters/s3-object-store.js";
import { createDestinationStore } from "../src/destinations/create-destination-store.js";
import type { ArchivedObjectMetadata } from "../src/destinations/object-store.js";
import { isArchiverError } from "../src/errors.js";
import { updateState } from "../src/state/update-state.js";

const shared = inject("sharedSwift");
const MIB = 1024 * 1024;
/** Sent as ExpectedBucketOwner; Swift does not check it, S3 would refuse a wrong one. */
const OWNER = "111122223333";
/** This file's own bucket in the package's shared Swift. */
let BUCKET: string;
let swift: SharedSwift;
let client: S3Client;

beforeAll(async () => {
  if (!shared.available) return;
  swift = await connectSharedSwift(shared);
  BUCKET = await swift.createBucket("archive");
  client = createS3Client({ region: swift.region, endpoint: swift.endpoint, credentials: swift.credentials });
}, SHARED_SWIFT_HOOK_TIMEOUT_MS);

afterAll(() => client?.destroy());

const newStore = (s3 = client) =>
  createS3ObjectStore({ client: s3, bucket: BUCKET, prefix: "logs/", partSize: 5 * MIB });

const metadataOf = (
  bytes: Buffer,
  logFileName = "error/postgresql.log.2026-11-20-10",
): ArchivedObjectMetadata => ({
  instance: "billing",
  logFileName,
  sourceSize: bytes.length,
  lastWritten: Date.UTC(2026, 10, 20, 10, 59, 0, 123),
  sourceSha256: createHash("sha256").update(bytes).digest("hex"),
  region: "us-east-1",
});

/** Streams `bytes` in 64 KiB chunks, as a download would arrive. */
function bodyOf(bytes: Buffer): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < bytes.length; at += 64 * 1024) yield bytes.subarray(at, at + 64 * 1024);
    })(),
  );
}

/** Records the name of every command the client sends (observation only, nothing is changed). */
function recordCommands(s3: S3Client): string[] {
  const names: string[] = [];
  s3.middlewareStack.add(
    (next, context) => (args) => {
      names.push(context.commandName ?? "?");
      return next(args);
    },
    { step: "initialize", name: `record-${Math.random()}` },
  );
  return names;
}

async function readObject(key: string): Promise<Buffer> {
  const { Body } = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Buffer.from((await Body?.transformToByteArray()) ?? []);
}

async function objectExists(key: string): Promise<boolean> {
  const { KeyCount } = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: key }));
  return (KeyCount ?? 0) > 0;
}

describe.skipIf(!shared.available)("createS3ObjectStore on Swift s3api", () => {
  it("uploads a multipart object that round-trips byte-exact with its metadata", async () => {
    const s3 = createS3Client({
      region: swift.region,
      endpoint: swift.endpoint,
      credentials: swift.credentials,
    });
    const commands = recordCommands(s3);
    const bytes = randomBytes(11 * MIB + 12_345);
    const key = "logs/orders/error/2026/11/20/10/billing/postgresql.log.2026-11-20-10.gz";
    const metadata = metadataOf(bytes, "error/ünïcode 100%.log");

    const result = await newStore(s3).putNew(key, bodyOf(bytes), {
      contentType: "application/gzip",
      metadata: () => metadata,
    });

    expect(result).toEqual({ outcome: "created", bytesWritten: bytes.length });
    // Streamed in parts to an upload object, then copied to its key with the metadata, server side.
    expect(commands.filter((c) => c === "UploadPartCommand")).toHaveLength(3);
    expect(commands.filter((c) => c === "UploadPartCopyCommand")).toHaveLength(1);
    expect(commands.filter((c) => c === "CompleteMultipartUploadCommand")).toHaveLength(2);
    expect(commands).toContain("DeleteObjectCommand");
    expect(await objectExists("logs/_state/uploads/")).toBe(false);
    expect((await readObject(key)).equals(bytes)).toBe(true);
    expect(await newStore().head(key)).toEqual(metadata);
    const { Metadata, ContentType } = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(ContentType).toBe("application/gzip");
    expect(Metadata).toEqual({
      instance: "billing",
      "log-file-name": "error/%C3%BCn%C3%AFcode 100%25.log",
      "source-size": String(bytes.length),
      "last-written": "2026-11-20T10:59:00.123Z",
      "source-sha256": metadata.sourceSha256,
      region: "us-east-1",
    });
    s3.destroy();
  });

  it("never overwrites: Swift's 501 on If-None-Match switches to HeadObject, and the object is unchanged", async () => {
    const s3 = createS3Client({
      region: swift.region,
      endpoint: swift.endpoint,
      credentials: swift.credentials,
    });
    const commands = recordCommands(s3);
    const store = newStore(s3);
    const key = "logs/orders/error/2026/11/20/11/billing/postgresql.log.2026-11-20-11.gz";
    const first = randomBytes(200_000);
    const put = (bytes: Buffer) =>
      store.putNew(key, bodyOf(bytes), {
        contentType: "application/gzip",
        metadata: () => metadataOf(bytes),
      });

    expect(await put(first)).toEqual({ outcome: "created", bytesWritten: first.length });
    const etag = (await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }))).ETag;
    commands.length = 0;
    expect(await put(randomBytes(200_000))).toEqual({ outcome: "exists", bytesWritten: 0 });

    expect(commands).toEqual(["HeadObjectCommand"]);
    expect((await readObject(key)).equals(first)).toBe(true);
    expect((await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }))).ETag).toBe(etag);
    s3.destroy();
  });

  it("lists archived objects with their sizes, leaving out state documents", async () => {
    const store = newStore();
    const keys = ["logs/list/a/one.gz", "logs/list/a/two.gz", "logs/list/b/three.gz"];
    for (const [index, key] of keys.entries()) {
      const bytes = randomBytes(100 + index);
      await store.putNew(key, bodyOf(bytes), {
        contentType: "application/gzip",
        metadata: () => metadataOf(bytes),
      });
    }
    await store.writeState("logs/_state/us-east-1/billing.json", "{}", null);

    const listed = [];
    for await (const entry of store.list("logs/list/a/")) listed.push(entry);
    expect(listed).toEqual([
      { key: "logs/list/a/one.gz", size: 100 },
      { key: "logs/list/a/two.gz", size: 101 },
    ]);
    const all = [];
    for await (const entry of store.list("logs/")) all.push(entry.key);
    expect(all.filter((key) => key.includes("_state"))).toEqual([]);
    expect(all).toEqual(expect.arrayContaining(keys));
    expect(await store.head("logs/list/missing.gz")).toBeUndefined();
  });

  it("rejects a body that fails half-way and leaves no object and no multipart upload", async () => {
    const key = "logs/failing/postgresql.log.gz";
    let sent = 0;
    const body = new Readable({
      read() {
        if (sent >= 7 * MIB) {
          this.destroy(new Error("connection reset by peer"));
          return;
        }
        sent += MIB;
        this.push(randomBytes(MIB));
      },
    });
    const error = await newStore()
      .putNew(key, body, { contentType: "application/gzip", metadata: () => metadataOf(Buffer.alloc(0)) })
      .catch((e: unknown) => e);

    expect((error as Error).message).toBe("connection reset by peer");
    expect(await objectExists(key)).toBe(false);
    const { Uploads } = await client.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }));
    expect(Uploads ?? []).toEqual([]);
  });

  it("aborts the multipart upload when the upload itself fails part-way", async () => {
    const s3 = createS3Client({
      region: swift.region,
      endpoint: swift.endpoint,
      credentials: swift.credentials,
    });
    // A real failure, no stubbed response: the second part's bytes change after it was signed,
    // so Swift refuses it and the store must abort the upload it began.
    const commands: string[] = [];
    s3.middlewareStack.add(
      (next, context) => async (args) => {
        commands.push(context.commandName ?? "?");
        const request = args.request as { body?: unknown };
        if (
          context.commandName === "UploadPartCommand" &&
          commands.filter((c) => c === "UploadPartCommand").length === 2 &&
          Buffer.isBuffer(request.body)
        ) {
          request.body = Buffer.from(request.body).fill(0, 0, 16);
        }
        return next(args);
      },
      { step: "deserialize", name: "corrupt-second-part" },
    );
    // What goes on the wire: every request, the abort included, names the expected owner.
    const owners = new Map<string, string | undefined>();
    s3.middlewareStack.add(
      (next, context) => (args) => {
        const request = args.request as { headers: Record<string, string> };
        owners.set(context.commandName ?? "?", request.headers["x-amz-expected-bucket-owner"]);
        return next(args);
      },
      { step: "finalizeRequest", name: "record-owner-header" },
    );
    const bytes = randomBytes(40 * MIB);
    const key = "logs/aborted/postgresql.log.gz";
    const store = createS3ObjectStore({
      client: s3,
      bucket: BUCKET,
      prefix: "logs/",
      partSize: 5 * MIB,
      expectedBucketOwner: OWNER,
    });
    const error = await store
      .putNew(key, bodyOf(bytes), { contentType: "application/gzip", metadata: () => metadataOf(bytes) })
      .catch((e: unknown) => e);
    await store.close();

    expect(isArchiverError(error) && error.code).toBe("DESTINATION_WRITE_FAILED");
    expect(commands).toContain("AbortMultipartUploadCommand");
    expect(owners.get("AbortMultipartUploadCommand")).toBe(OWNER);
    expect([...owners.values()].every((owner) => owner === OWNER)).toBe(true);
    expect(await objectExists(key)).toBe(false);
    const { Uploads } = await client.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }));
    expect(Uploads ?? []).toEqual([]);
    s3.destroy();
  });

  it("sends the storage class with archived objects only: Swift takes STANDARD and names any other on the wire", async () => {
    const bytes = randomBytes(2048);
    const standard = createS3ObjectStore({
      client,
      bucket: BUCKET,
      prefix: "logs/",
      storageClass: "STANDARD",
    });
    const result = await standard.putNew("logs/standard/a.gz", bodyOf(bytes), {
      contentType: "application/gzip",
      metadata: () => metadataOf(bytes),
    });
    expect(result.outcome).toBe("created");

    // Swift's s3api has one storage class; its refusal of another proves the header reached it.
    const infrequent = createS3ObjectStore({
      client,
      bucket: BUCKET,
      prefix: "logs/",
      storageClass: "STANDARD_IA",
    });
    const error = await infrequent
      .putNew("logs/ia/a.gz", bodyOf(bytes), {
        contentType: "application/gzip",
        metadata: () => metadataOf(bytes),
      })
      .catch((caught: unknown) => caught);
    expect(isArchiverError(error) && error.code).toBe("DESTINATION_INVALID");
    expect((error as Error).message).toContain("refuses the storage class");
    expect(isArchiverError(error) && error.hint).toContain("`destination.storageClass`");
    expect(await objectExists("logs/ia/a.gz")).toBe(false);
    // State documents keep the bucket's default class, so the same store still keeps its state.
    await infrequent.writeState("logs/_state/us-east-1/ia.json", "{}", null);
    expect((await infrequent.readState("logs/_state/us-east-1/ia.json"))?.body).toBe("{}");
  });

  it("is used in the region it was asked from when the store names none, as Swift does not", async () => {
    const saved = { ...process.env };
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    delete process.env.AWS_PROFILE;
    process.env.AWS_CONFIG_FILE = "/nonexistent/aws-config";
    process.env.AWS_ACCESS_KEY_ID = swift.credentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = swift.credentials.secretAccessKey;
    try {
      const destination = {
        kind: "s3" as const,
        bucket: BUCKET,
        prefix: "asked/",
        keyTemplate: "{prefix}{instance}/{logType}/{file}",
        endpoint: swift.endpoint,
      };
      const store = await createDestinationStore(destination, { homeRegion: swift.region });
      expect(store.description).toBe(`s3://${BUCKET}/asked/ in us-east-1 (the store names no region)`);
      await store.writeState("asked/_state/probe.json", "{}", null);
      expect((await store.readState("asked/_state/probe.json"))?.body).toBe("{}");
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });

  it("reads and replaces state documents; without conditional writes (Swift's 501) the last writer wins", async () => {
    const store = newStore();
    const key = "logs/_state/us-east-1/orders-1.json";
    expect(await store.readState(key)).toBeUndefined();
    expect(await store.writeState(key, '{"v":1}\n', null)).toBe(true);
    const first = await store.readState(key);
    expect(first?.version).toMatch(/^"[0-9a-f]+"$/);
    expect(await store.writeState(key, '{"v":2}\n', first?.version ?? null)).toBe(true);
    // Swift cannot make the write conditional, so a stale writer is not refused (update-state.ts).
    expect(await store.writeState(key, '{"v":3}\n', first?.version ?? null)).toBe(true);
    expect((await store.readState(key))?.body).toBe('{"v":3}\n');
    const error = await store.writeState("logs/orders/x.gz", "{}", null).catch((e: unknown) => e);
    expect(isArchiverError(error) && error.code).toBe("UNSAFE_KEY");
  });

  // S3's answer to a stale If-Match is 412, which Swift cannot give (it refuses conditional PUTs):
  // this client gets S3's 412 where S3 would send it (the probe's second write, a stale ETag), and
  // every other condition is taken off before signing, as if it had held, so Swift makes the write.
  it("on a store with conditional writes, refuses a stale state write and updateState merges both", async () => {
    const s3 = createS3Client({
      region: swift.region,
      endpoint: swift.endpoint,
      credentials: swift.credentials,
    });
    const conditions: string[] = [];
    let stale = "";
    const fails = (request: { headers: Record<string, string>; path: string }) =>
      (request.headers["if-none-match"] === "*" && request.path.includes("conditional-write-probe")) ||
      (stale !== "" && request.headers["if-match"] === stale);
    s3.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers: Record<string, string>; path: string };
        const condition = request.headers["if-match"] ?? request.headers["if-none-match"];
        if (condition !== undefined) conditions.push(condition);
        if (!fails(request)) {
          delete request.headers["if-match"];
          delete request.headers["if-none-match"];
        }
        return next(args);
      },
      { step: "build", priority: "low", name: "s3-conditions-held" },
    );
    s3.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers: Record<string, string>; path: string };
        if (!fails(request)) return next(args);
        return { response: preconditionFailed(), output: {} as never };
      },
      { step: "deserialize", priority: "low", name: "s3-conditions-failed" },
    );
    const codec = {
      parse: (t: string | undefined) => (t === undefined ? undefined : (JSON.parse(t) as string[])),
      render: (v: string[]) => JSON.stringify(v),
    };
    const store = newStore(s3);
    const key = "logs/_state/us-east-1/merged.json";
    await store.writeState(key, JSON.stringify(["theirs-before"]), null);
    const mine = await store.readState(key);
    // Another run writes after this one read.
    await newStore().writeState(key, JSON.stringify(["theirs-before", "theirs"]), mine?.version ?? null);
    stale = mine?.version ?? "";
    expect(await store.writeState(key, JSON.stringify(["mine"]), stale)).toBe(false);
    await updateState(store, key, codec, (current) => [...(current ?? []), "mine"], { stored: mine });
    expect(codec.parse((await store.readState(key))?.body)).toEqual(["theirs-before", "theirs", "mine"]);
    expect(conditions).toContain(stale);
    s3.destroy();
  });

  it("turns wrong credentials into a coded error with a hint", async () => {
    const wrong = createS3Client({
      region: swift.region,
      endpoint: swift.endpoint,
      credentials: { accessKeyId: swift.credentials.accessKeyId, secretAccessKey: "wrong" },
      maxAttempts: 1,
    });
    const store = newStore(wrong);
    const bytes = randomBytes(10);
    const putError = await store
      .putNew("logs/denied.gz", bodyOf(bytes), {
        contentType: "application/gzip",
        metadata: () => metadataOf(bytes),
      })
      .catch((e: unknown) => e);
    const headError = await store.head("logs/denied.gz").catch((e: unknown) => e);
    for (const error of [putError, headError]) {
      expect(isArchiverError(error) && error.code).toBe("ACCESS_DENIED");
      expect(isArchiverError(error) && error.hint).toMatch(/credentials/);
    }
    expect(await objectExists("logs/denied.gz")).toBe(false);
    wrong.destroy();
  });

  it("finds a custom endpoint through AWS_ENDPOINT_URL_S3 and talks to it path-style", async () => {
    process.env.AWS_ENDPOINT_URL_S3 = swift.endpoint;
    try {
      const s3 = createS3Client({ region: swift.region, credentials: swift.credentials });
      const store = newStore(s3);
      const bytes = randomBytes(1000);
      const key = "logs/env/endpoint.gz";
      expect(
        await store.putNew(key, bodyOf(bytes), {
          contentType: "application/gzip",
          metadata: () => metadataOf(bytes),
        }),
      ).toEqual({ outcome: "created", bytesWritten: 1000 });
      expect((await readObject(key)).equals(bytes)).toBe(true);
      s3.destroy();
    } finally {
      delete process.env.AWS_ENDPOINT_URL_S3;
    }
  });

  // The other stub: Swift cannot answer 412 to a conditional write, so this client's conditional
  // writes get the 412 that S3 sends (docs/aws-wire-facts.md, "S3 conditional writes"); everything
  // else reaches the real Swift.
  it("reports exists on a 412 PreconditionFailed and does not retry it", async () => {
    const s3 = createS3Client({
      region: swift.region,
      endpoint: swift.endpoint,
      credentials: swift.credentials,
    });
    const conditional: string[] = [];
    s3.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers: Record<string, string>; path: string };
        if (request.headers["if-none-match"] !== "*") return next(args);
        conditional.push(decodeURIComponent(request.path));
        return { response: preconditionFailed(), output: {} as never };
      },
      { step: "deserialize", priority: "low", name: "stub-412" },
    );
    const bytes = randomBytes(1000);
    const key = "logs/stubbed/exists.gz";

    const result = await newStore(s3).putNew(key, bodyOf(bytes), {
      contentType: "application/gzip",
      metadata: () => metadataOf(bytes),
    });

    expect(result).toEqual({ outcome: "exists", bytesWritten: 0 });
    // The first write probes the store (the probe's 412 says conditions work), then one attempt at the key.
    expect(conditional).toEqual([`/${BUCKET}/logs/_state/conditional-write-probe`, `/${BUCKET}/${key}`]);
    expect(await objectExists(key)).toBe(false);
    s3.destroy();
  });
});

/** S3's 412 to a failed condition, as S3 sends it (docs/aws-wire-facts.md, "S3 conditional writes"). */
function preconditionFailed() {
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message><Condition>If-None-Match</Condition><RequestId>R1</RequestId><HostId>H1</HostId></Error>';
  return {
    statusCode: 412,
    reason: "Precondition Failed",
    headers: { "content-type": "application/xml", "x-amz-request-id": "R1" },
    body: Readable.from([Buffer.from(xml)]),
  };
}
