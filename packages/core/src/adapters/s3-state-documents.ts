/**
 * State documents in S3: listed, read with their ETag, and written conditionally, `If-Match` on
 * the ETag read to replace one and `If-None-Match: *` to create one, so that a write over a
 * document another run changed meanwhile is refused (412, or 409 for a concurrent conditional
 * write, or 404 when it is gone) and the caller reads again and merges (state/update-state.ts).
 * A store without conditional writes (the conditional-write probe says so, or it answers 501 as
 * Swift does) gets an unconditional PUT, and the last writer wins.
 */
import { GetObjectCommand, PutObjectCommand, paginateListObjectsV2, type S3Client } from "@aws-sdk/client-s3";
import {
  assertSafeKey,
  assertStateKey,
  type ObjectStore,
  STATE_FOLDER,
} from "../destinations/object-store.js";
import { type AwsCallContext, classifyS3Error, toArchiverError } from "./aws-errors.js";

/** How a store names one of its calls for error messages. */
export type S3CallContext = (
  operation: string,
  iamAction: string,
  key: string,
  write: boolean,
) => AwsCallContext;

/** The state methods of an S3 store; see the file header. */
export function createS3StateDocuments(context: {
  client: S3Client;
  bucket: string;
  prefix: string;
  owner: { ExpectedBucketOwner?: string };
  encryption: { ServerSideEncryption?: "AES256" | "aws:kms"; SSEKMSKeyId?: string };
  supportsConditionalWrites: () => Promise<boolean>;
  call: S3CallContext;
}): Pick<ObjectStore, "listState" | "readState" | "writeState"> {
  const { client, bucket, prefix, owner, encryption, supportsConditionalWrites, call } = context;
  /** False once the store has answered that it does not do conditional writes. */
  let stateConditions = true;
  return {
    async *listState(keyPrefix: string) {
      assertSafeKey(keyPrefix, "prefix");
      if (!keyPrefix.startsWith(prefix + STATE_FOLDER)) return;
      const pages = paginateListObjectsV2({ client }, { Bucket: bucket, Prefix: keyPrefix, ...owner });
      try {
        for await (const page of pages) {
          for (const { Key: key } of page.Contents ?? []) if (key !== undefined) yield key;
        }
      } catch (error) {
        throw toArchiverError(error, call("ListObjectsV2", "s3:ListBucket", keyPrefix, false));
      }
    },

    async readState(objectKey: string) {
      assertStateKey(objectKey, prefix);
      try {
        const { Body, ETag } = await client.send(
          new GetObjectCommand({ Bucket: bucket, Key: objectKey, ...owner }),
        );
        return { body: (await Body?.transformToString("utf8")) ?? "", version: ETag ?? "" };
      } catch (error) {
        if (classifyS3Error(error) === "not-found") return undefined;
        throw toArchiverError(error, call("GetObject", "s3:GetObject", objectKey, false));
      }
    },

    async writeState(objectKey: string, body: string, expected: string | null) {
      assertStateKey(objectKey, prefix);
      for (;;) {
        const conditional = stateConditions && (await supportsConditionalWrites());
        const condition = !conditional
          ? {}
          : expected === null
            ? { IfNoneMatch: "*" }
            : { IfMatch: expected };
        try {
          await client.send(
            new PutObjectCommand({
              Bucket: bucket,
              Key: objectKey,
              Body: body,
              ContentType: "application/json",
              ...condition,
              ...owner,
              ...encryption,
            }),
          );
          return true;
        } catch (error) {
          const kind = classifyS3Error(error);
          // 412: changed since it was read; 409: a concurrent conditional write; 404: deleted since.
          const lost =
            kind === "precondition-failed" || kind === "conditional-conflict" || kind === "not-found";
          if (conditional && lost) return false;
          if (!conditional || kind !== "conditional-unsupported") {
            throw toArchiverError(error, call("PutObject", "s3:PutObject", objectKey, true));
          }
          stateConditions = false; // Swift's 501: write it as stores without conditions must
        }
      }
    },
  };
}
