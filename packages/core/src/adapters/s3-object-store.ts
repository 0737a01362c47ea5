/**
 * The S3 (and S3-compatible) destination.
 *
 * Metadata must travel with PutObject (or CreateMultipartUpload), before the body, yet the SHA-256
 * of the source is only known once the body has ended. So `putNew` first reads the (compressed)
 * body through while the caller hashes the source: into memory when it fits one part, which is
 * then ONE PutObject with the full metadata, or else as a streaming multipart upload to a private
 * upload object that is then copied to its key server side with the metadata (s3-upload.ts).
 * No local disk, memory about two parts per upload in flight, a failed or short body never
 * reaches its key, and the write can be repeated (a 409 ConditionalRequestConflict, say).
 *
 * Never overwrite: uploads carry `If-None-Match: *` and a 412 means the object exists. Not every
 * store honours the header (Swift answers 501, Garage ignores it and overwrites), so the first
 * write of a store's lifetime probes `{prefix}_state/conditional-write-probe` (a state key, the
 * only kind ever overwritten): put it twice with the header; a 412 means conditions work. If they
 * do not, the store falls back to HeadObject then PutObject. That leaves a race: two overlapping
 * runs writing the SAME key can both see no object and both write it. By design that key holds
 * the same source version, so the content is the same; on a versioned bucket it adds a version.
 *
 * State documents are written conditionally too (s3-state-documents.ts). A failed multipart
 * upload is aborted with ExpectedBucketOwner like every other request (s3-upload.ts).
 */
import type { Readable } from "node:stream";
import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client,
  type StorageClass,
} from "@aws-sdk/client-s3";
import {
  type ArchivedObjectMetadata,
  assertArchiveKey,
  assertSafeKey,
  checkPrefix,
  type ObjectStore,
  type PutResult,
  parseMetadataRecord,
  renderMetadataRecord,
  STATE_FOLDER,
} from "../destinations/object-store.js";
import { ArchiverError } from "../errors.js";
import { classifyS3Error, toArchiverError } from "./aws-errors.js";
import { fromHeaderValues, toHeaderValues } from "./s3-metadata-headers.js";
import { createS3StateDocuments, type S3CallContext } from "./s3-state-documents.js";
import {
  discardStaged,
  publishStaged,
  type StagedBody,
  StagingRequestError,
  stageBody,
  type UploadTarget,
} from "./s3-upload.js";

/** Where and how to archive in S3; see {@link createS3ObjectStore}. */
export interface S3ObjectStoreOptions {
  client: S3Client;
  bucket: string;
  /** The archive's key prefix, e.g. `rds-logs/`, as the key template uses it; keys must lie under it. */
  prefix: string;
  sse?: "AES256" | "aws:kms";
  kmsKeyId?: string;
  expectedBucketOwner?: string;
  /** The storage class of archived objects; state documents keep the bucket's default. */
  storageClass?: StorageClass;
  /**
   * Bytes a body may hold in memory (one PutObject); a longer one streams as a multipart upload in
   * parts of this size. At least 5 MiB; default 8 MiB.
   */
  partSize?: number;
}

const MIB = 1024 * 1024;
const DEFAULT_PART_SIZE = 8 * MIB;
/** A 409 ConditionalRequestConflict asks the caller to upload again; this many tries in all. */
const CONFLICT_ATTEMPTS = 3;
const PROBE_KEY = `${STATE_FOLDER}conditional-write-probe`;

/** An {@link ObjectStore} on an S3 bucket; see the file header for the write protocol. */
export function createS3ObjectStore(options: S3ObjectStoreOptions): ObjectStore {
  const { client, bucket } = options;
  const prefix = checkPrefix(options.prefix);
  const owner =
    options.expectedBucketOwner === undefined ? {} : { ExpectedBucketOwner: options.expectedBucketOwner };
  const encryption = {
    ...(options.sse === undefined ? {} : { ServerSideEncryption: options.sse }),
    ...(options.kmsKeyId === undefined ? {} : { SSEKMSKeyId: options.kmsKeyId }),
  };
  const call: S3CallContext = (operation, iamAction, key, write) => ({
    operation,
    iamAction,
    resource: `arn:aws:s3:::${bucket}/${key}`,
    failureCode: write ? "DESTINATION_WRITE_FAILED" : "DESTINATION_READ_FAILED",
  });

  let conditionalWrites: Promise<boolean> | undefined;
  const supportsConditionalWrites = (): Promise<boolean> => {
    conditionalWrites ??= probeConditionalWrites().catch((error: unknown) => {
      conditionalWrites = undefined;
      throw error;
    });
    return conditionalWrites;
  };

  async function probeConditionalWrites(): Promise<boolean> {
    const key = prefix + PROBE_KEY;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const body = "probe for If-None-Match support; safe to keep\n";
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: body,
            IfNoneMatch: "*",
            ...owner,
            ...encryption,
          }),
        );
      } catch (error) {
        const kind = classifyS3Error(error);
        // A conflict also proves the store evaluates the condition.
        if (kind === "precondition-failed" || kind === "conditional-conflict") return true;
        if (kind === "conditional-unsupported") return false;
        throw toArchiverError(error, call("PutObject (conditional-write probe)", "s3:PutObject", key, true));
      }
    }
    return false; // written twice despite If-None-Match: the store ignores the header
  }

  async function objectExists(key: string): Promise<boolean> {
    try {
      await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ...owner }));
      return true;
    } catch (error) {
      if (classifyS3Error(error) === "not-found") return false;
      throw toArchiverError(error, call("HeadObject", "s3:GetObject", key, false));
    }
  }

  const target: UploadTarget = {
    client,
    bucket,
    prefix,
    owner,
    encryption,
    partSize: Math.max(options.partSize ?? DEFAULT_PART_SIZE, 5 * MIB),
  };

  return {
    description: `s3://${bucket}/${prefix}`,

    async putNew(objectKey, body, putOptions): Promise<PutResult> {
      try {
        assertArchiveKey(objectKey, prefix);
      } catch (error) {
        body.destroy();
        throw error;
      }
      let staged: StagedBody;
      try {
        staged = await stageBody(target, body);
      } catch (error) {
        if (!(error instanceof StagingRequestError)) throw error;
        throw toArchiverError(error.cause, call(error.operation, "s3:PutObject", objectKey, true));
      }
      try {
        const params = {
          Bucket: bucket,
          Key: objectKey,
          ContentType: putOptions.contentType,
          ...(putOptions.contentEncoding === undefined
            ? {}
            : { ContentEncoding: putOptions.contentEncoding }),
          Metadata: toHeaderValues(renderMetadataRecord(await putOptions.metadata())),
          ...owner,
          ...encryption,
          ...(options.storageClass === undefined ? {} : { StorageClass: options.storageClass }),
        };
        for (let attempt = 1; ; attempt++) {
          const conditional = await supportsConditionalWrites();
          if (!conditional && (await objectExists(objectKey))) return { outcome: "exists", bytesWritten: 0 };
          try {
            await publishStaged(target, staged, conditional ? { ...params, IfNoneMatch: "*" } : params);
            return { outcome: "created", bytesWritten: staged.size };
          } catch (error) {
            const kind = classifyS3Error(error);
            if (kind === "precondition-failed") return { outcome: "exists", bytesWritten: 0 };
            if (kind === "conditional-unsupported" && conditional) {
              conditionalWrites = Promise.resolve(false);
              continue;
            }
            if (kind === "conditional-conflict" && attempt < CONFLICT_ATTEMPTS) continue;
            const operation = staged.kind === "memory" ? "PutObject" : "UploadPartCopy (multipart copy)";
            throw toArchiverError(error, call(operation, "s3:PutObject", objectKey, true));
          }
        }
      } finally {
        await discardStaged(target, staged);
      }
    },

    async head(objectKey) {
      assertArchiveKey(objectKey, prefix);
      let metadata: Record<string, string> | undefined;
      try {
        ({ Metadata: metadata } = await client.send(
          new HeadObjectCommand({ Bucket: bucket, Key: objectKey, ...owner }),
        ));
      } catch (error) {
        if (classifyS3Error(error) === "not-found") return undefined;
        throw toArchiverError(error, call("HeadObject", "s3:GetObject", objectKey, false));
      }
      return requireMetadata(parseMetadataRecord(fromHeaderValues(metadata)), `s3://${bucket}/${objectKey}`);
    },

    async *list(keyPrefix) {
      assertSafeKey(keyPrefix, "prefix");
      const pages = paginateListObjectsV2({ client }, { Bucket: bucket, Prefix: keyPrefix, ...owner });
      try {
        for await (const page of pages) {
          for (const { Key: key, Size: size } of page.Contents ?? []) {
            if (key === undefined || key.startsWith(prefix + STATE_FOLDER)) continue;
            yield { key, size: size ?? 0 };
          }
        }
      } catch (error) {
        throw toArchiverError(error, call("ListObjectsV2", "s3:ListBucket", keyPrefix, false));
      }
    },

    async readObject(objectKey) {
      assertArchiveKey(objectKey, prefix);
      try {
        const { Body, Metadata } = await client.send(
          new GetObjectCommand({ Bucket: bucket, Key: objectKey, ...owner }),
        );
        const metadata = fromHeaderValues(Metadata);
        return {
          body: Body as Readable,
          metadata: metadata === undefined || Object.keys(metadata).length === 0 ? undefined : metadata,
        };
      } catch (error) {
        if (classifyS3Error(error) === "not-found") return undefined;
        throw toArchiverError(error, call("GetObject", "s3:GetObject", objectKey, false));
      }
    },

    ...createS3StateDocuments({ client, bucket, prefix, owner, encryption, supportsConditionalWrites, call }),

    async close() {},
  };
}

function requireMetadata(
  metadata: ArchivedObjectMetadata | undefined,
  where: string,
): ArchivedObjectMetadata {
  if (metadata !== undefined) return metadata;
  throw new ArchiverError("DESTINATION_INVALID", `${where} exists but carries no archive metadata`, {
    hint: "something other than rds-log-archive wrote at this key; move it away or choose another prefix",
  });
}
