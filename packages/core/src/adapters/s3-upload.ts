/**
 * How a body reaches S3 without local disk, when its metadata is only known once it has ended.
 *
 * `stageBody` reads the body into memory up to one part. A body that ends within it (almost every
 * log file: a part of 8 MiB holds about 70 MiB of gzipped log text) stays in memory, and
 * `publishStaged` sends it as ONE PutObject with the full metadata: no temp file, no lib-storage,
 * one request. A longer body streams as a multipart upload to a private upload object,
 * `{prefix}_state/uploads/{uuid}`, part by part as it comes (two parts in memory at most: one
 * being filled, one being sent). Once the body has ended and the caller has given the metadata,
 * `publishStaged` copies that object to its key, server side, with a multipart upload of
 * UploadPartCopy parts whose CompleteMultipartUpload carries the metadata and the condition; the
 * upload object is then deleted (it lives under `_state/`, never under the archive's keys). So
 * memory stays about two parts per upload in flight, and no disk is used at all, however large
 * the file. S3 authorizes the multipart calls and UploadPartCopy as s3:PutObject (and the copy's
 * read as s3:GetObject); the delete needs s3:DeleteObject on `{prefix}_state/uploads/*` only.
 *
 * A failed multipart upload is aborted here with ExpectedBucketOwner, like every other request.
 */
import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
  type S3Client,
  UploadPartCommand,
  UploadPartCopyCommand,
} from "@aws-sdk/client-s3";
import { UPLOADS_FOLDER } from "../destinations/object-store.js";

/** A copy part may be up to 5 GiB; large parts keep a big object's copy to a few requests. */
const COPY_PART_BYTES = 1024 ** 3;
const MAX_PARTS = 10_000;

/** A body read through: in memory, or in an upload object under {@link UPLOADS_FOLDER}. */
export type StagedBody =
  | { kind: "memory"; data: Buffer; size: number }
  | { kind: "object"; key: string; size: number };

/** The requests' fixed fields: the bucket, and the owner and encryption every write carries. */
export interface UploadTarget {
  client: S3Client;
  bucket: string;
  /** The store's prefix; upload objects go under `{prefix}_state/uploads/`. */
  prefix: string;
  owner: { ExpectedBucketOwner?: string };
  encryption: Pick<PutObjectCommandInput, "ServerSideEncryption" | "SSEKMSKeyId">;
  /** Bytes a body may hold in memory before it streams as a multipart upload; a part's size. */
  partSize: number;
}

/** An S3 request of {@link stageBody} failed (rather than the body): `cause` is the SDK's error. */
export class StagingRequestError extends Error {
  readonly operation: string;
  constructor(operation: string, cause: unknown) {
    super(`${operation} failed`, { cause });
    this.operation = operation;
  }
}

/**
 * Reads `body` to its end into memory, or beyond one part into an upload object; see the file
 * header. A body's own error is thrown as it is; a failed request as a {@link StagingRequestError}.
 */
export async function stageBody(target: UploadTarget, body: Readable): Promise<StagedBody> {
  let chunks: Buffer[] = [];
  let held = 0;
  let size = 0;
  let multipart: MultipartWriter | undefined;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      held += chunk.length;
      size += chunk.length;
      if (held < target.partSize) continue;
      multipart ??= await asStaging("CreateMultipartUpload", () =>
        startMultipart(target, target.prefix + UPLOADS_FOLDER + randomUUID(), {}),
      );
      const part = Buffer.concat(chunks, held);
      await asStaging("UploadPart", () => (multipart as MultipartWriter).send(part));
      chunks = [];
      held = 0;
    }
    if (multipart === undefined) return { kind: "memory", data: Buffer.concat(chunks, held), size };
    const writer = multipart;
    if (held > 0) await asStaging("UploadPart", () => writer.send(Buffer.concat(chunks, held)));
    await asStaging("CompleteMultipartUpload", () => writer.complete({}));
    return { kind: "object", key: writer.key, size };
  } catch (error) {
    body.destroy();
    await multipart?.abort();
    throw error;
  }
}

async function asStaging<T>(operation: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw new StagingRequestError(`${operation} (upload object)`, error);
  }
}

/**
 * Stores a staged body at `params.Key` with `params` (metadata, condition and all): one PutObject
 * from memory, or a server-side copy of the upload object. Throws the SDK's error, after aborting
 * a multipart upload it started; the staged body stays, so the caller may try again.
 */
export async function publishStaged(
  target: UploadTarget,
  staged: StagedBody,
  params: PutObjectCommandInput & { Key: string },
): Promise<void> {
  if (staged.kind === "memory") {
    await target.client.send(
      new PutObjectCommand({ ...params, Body: staged.data, ContentLength: staged.size }),
    );
    return;
  }
  const { IfNoneMatch, ...create } = params;
  const copy = await startMultipart(target, params.Key, create);
  try {
    const partBytes = Math.max(COPY_PART_BYTES, Math.ceil(staged.size / MAX_PARTS));
    const source = `${target.bucket}/${staged.key.split("/").map(encodeURIComponent).join("/")}`;
    for (let start = 0; start < staged.size; start += partBytes) {
      await copy.copy(source, start, Math.min(staged.size, start + partBytes) - 1);
    }
    await copy.complete(IfNoneMatch === undefined ? {} : { IfNoneMatch });
  } catch (error) {
    await copy.abort();
    throw error;
  }
}

/** Deletes a staged body's upload object; best effort, since a leftover only costs storage. */
export async function discardStaged(target: UploadTarget, staged: StagedBody): Promise<void> {
  if (staged.kind === "memory") return;
  await target.client
    .send(new DeleteObjectCommand({ Bucket: target.bucket, Key: staged.key, ...target.owner }))
    .catch(() => {});
}

interface MultipartWriter {
  readonly key: string;
  /** Uploads the next part; the previous one may still be in flight (one at a time overlaps reading). */
  send(data: Buffer): Promise<void>;
  copy(source: string, first: number, last: number): Promise<void>;
  complete(condition: { IfNoneMatch?: string }): Promise<void>;
  abort(): Promise<void>;
}

async function startMultipart(
  target: UploadTarget,
  key: string,
  params: Partial<PutObjectCommandInput>,
): Promise<MultipartWriter> {
  const { client, bucket, owner } = target;
  const { UploadId: uploadId } = await client.send(
    new CreateMultipartUploadCommand({ ...target.encryption, ...params, Bucket: bucket, Key: key, ...owner }),
  );
  const parts: { PartNumber: number; ETag: string | undefined }[] = [];
  let inFlight: Promise<void> = Promise.resolve();
  const common = { Bucket: bucket, Key: key, UploadId: uploadId, ...owner };
  return {
    key,
    async send(data) {
      await inFlight;
      const PartNumber = parts.length + 1;
      const entry = { PartNumber, ETag: undefined as string | undefined };
      parts.push(entry);
      inFlight = client
        .send(new UploadPartCommand({ ...common, PartNumber, Body: data, ContentLength: data.length }))
        .then(({ ETag }) => {
          entry.ETag = ETag;
        });
      // Keep a rejection from going unhandled while the next part is read; the next await rethrows it.
      inFlight.catch(() => {});
    },
    async copy(source, first, last) {
      const PartNumber = parts.length + 1;
      const { CopyPartResult } = await client.send(
        new UploadPartCopyCommand({
          ...common,
          PartNumber,
          CopySource: source,
          CopySourceRange: `bytes=${first}-${last}`,
          ...(owner.ExpectedBucketOwner === undefined
            ? {}
            : { ExpectedSourceBucketOwner: owner.ExpectedBucketOwner }),
        }),
      );
      parts.push({ PartNumber, ETag: CopyPartResult?.ETag });
    },
    async complete(condition) {
      await inFlight;
      await client.send(
        new CompleteMultipartUploadCommand({ ...common, ...condition, MultipartUpload: { Parts: parts } }),
      );
    },
    async abort() {
      await inFlight.catch(() => {});
      // Best effort: the bucket's lifecycle rule (iam-policy prints one) removes what this leaves.
      await client.send(new AbortMultipartUploadCommand(common)).catch(() => {});
    },
  };
}
