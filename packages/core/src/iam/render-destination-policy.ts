import type { ArchiveDestination } from "../config/parse-config.js";
import { UPLOADS_FOLDER } from "../destinations/object-store.js";
import {
  dnsSuffixOf,
  type PolicyDocument,
  type PolicyStatement,
  parseArn,
  policyDocument,
} from "./policy-document.js";

/** How many days an unfinished multipart upload may keep its parts (and their storage cost). */
export const ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS = 1;

/**
 * The S3 permissions of the destination role, on the archive's prefix only. They are exactly what
 * the S3 store sends (adapters/s3-object-store.ts), all under `{prefix}`, state included
 * (`{prefix}_state/…`, with the conditional-write probe `{prefix}_state/conditional-write-probe`):
 * - s3:PutObject: PutObject with `If-None-Match: *`, and the multipart calls of a body longer than
 *   one part (CreateMultipartUpload, UploadPart, UploadPartCopy, CompleteMultipartUpload), which S3
 *   authorizes as PutObject (the copy's read of its source as GetObject);
 * - s3:AbortMultipartUpload: a failed multipart upload is aborted;
 * - s3:GetObject: HeadObject (is this version archived?) and GetObject (the state documents);
 * - s3:ListBucket, on the prefix: ListObjectsV2, and without it S3 answers a missing key with 403
 *   rather than 404, which would fail every first run. S3 evaluates `s3:prefix` as the requested
 *   key for that decision, so the prefix condition still holds.
 * - s3:DeleteObject on `{prefix}_state/uploads/*` only: a body longer than one part is first
 *   streamed to an upload object there, then copied to its key with its metadata, and the upload
 *   object deleted (adapters/s3-upload.ts). The archive itself is never overwritten or deleted.
 */
export function renderDestinationPolicy(
  destination: ArchiveDestination,
  partition: string,
): PolicyDocument | undefined {
  if (destination.kind !== "s3") return undefined;
  const { bucket, prefix } = destination;
  const owner =
    destination.expectedBucketOwner === undefined
      ? {}
      : { StringEquals: { "s3:ResourceAccount": destination.expectedBucketOwner } };
  const statements: PolicyStatement[] = [
    {
      Sid: "ReadAndWriteArchiveObjects",
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload"],
      Resource: `arn:${partition}:s3:::${bucket}/${prefix}*`,
      ...(destination.expectedBucketOwner === undefined ? {} : { Condition: owner }),
    },
    {
      Sid: "DeleteUploadObjects",
      Effect: "Allow",
      Action: "s3:DeleteObject",
      Resource: `arn:${partition}:s3:::${bucket}/${prefix}${UPLOADS_FOLDER}*`,
      ...(destination.expectedBucketOwner === undefined ? {} : { Condition: owner }),
    },
    {
      Sid: "ListArchivePrefix",
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: `arn:${partition}:s3:::${bucket}`,
      ...(prefix === "" && destination.expectedBucketOwner === undefined
        ? {}
        : {
            Condition: { ...owner, ...(prefix === "" ? {} : { StringLike: { "s3:prefix": `${prefix}*` } }) },
          }),
    },
  ];
  if (destination.sse === "aws:kms" && destination.kmsKeyId !== undefined)
    statements.push(renderKeyStatement(destination.kmsKeyId, destination.region, partition));
  return policyDocument(statements);
}

/**
 * SSE-KMS with a customer managed key: kms:GenerateDataKey for every new object, and kms:Decrypt
 * both to read state documents back and because S3 decrypts the parts of a multipart upload to
 * complete it. Only through S3 (`kms:ViaService`) when the region is known. A key given by alias
 * is matched with `kms:ResourceAliases`, since an alias ARN in Resource grants nothing.
 */
function renderKeyStatement(
  kmsKeyId: string,
  bucketRegion: string | undefined,
  partition: string,
): PolicyStatement {
  const arn = parseArn(kmsKeyId);
  const region = arn?.region ?? bucketRegion ?? "*";
  const account = arn?.account ?? "*";
  const keyPart = arn?.resource ?? kmsKeyId;
  const alias = keyPart.startsWith("alias/") ? keyPart : undefined;
  const resource =
    arn !== undefined && alias === undefined
      ? kmsKeyId
      : `arn:${partition}:kms:${region}:${account}:key/${alias === undefined ? keyPart : "*"}`;
  const condition: Record<string, Record<string, string>> = {};
  if (region !== "*") condition.StringEquals = { "kms:ViaService": `s3.${region}.${dnsSuffixOf(partition)}` };
  if (alias !== undefined) condition["ForAnyValue:StringEquals"] = { "kms:ResourceAliases": alias };
  return {
    Sid: "EncryptWithArchiveKey",
    Effect: "Allow",
    Action: ["kms:GenerateDataKey", "kms:Decrypt"],
    Resource: resource,
    ...(Object.keys(condition).length === 0 ? {} : { Condition: condition }),
  };
}

/** The bucket lifecycle rule that frees the parts of uploads that never completed or aborted. */
export function renderLifecycleConfiguration(prefix: string) {
  return {
    Rules: [
      {
        ID: "rds-log-archive-abort-incomplete-multipart-uploads",
        Status: "Enabled",
        Filter: { Prefix: prefix },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS },
      },
    ],
  };
}
