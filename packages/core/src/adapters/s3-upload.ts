/**
 * One staged body uploaded with lib-storage: a single PutObject, or a multipart upload for a body
 * over one part. A failed multipart upload is aborted here rather than by lib-storage, whose
 * AbortMultipartUpload leaves out ExpectedBucketOwner: this one carries the same owner as every
 * other request (`params.ExpectedBucketOwner`).
 */
import { createReadStream } from "node:fs";
import { AbortMultipartUploadCommand, type PutObjectCommandInput, type S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";

/** Parts in flight at once; lib-storage holds about this many parts in memory. */
const QUEUE_SIZE = 4;

/** Uploads `staged.file` with `params`; throws lib-storage's (or the SDK's) error after aborting a multipart upload. */
export async function uploadFile(
  client: S3Client,
  staged: { file: string },
  params: PutObjectCommandInput,
  partSize: number,
): Promise<void> {
  const body = createReadStream(staged.file);
  const upload = new Upload({
    client,
    params: { ...params, Body: body },
    partSize,
    queueSize: QUEUE_SIZE,
    leavePartsOnError: true,
  });
  try {
    await upload.done();
  } catch (error) {
    if (upload.uploadId !== undefined) {
      // Best effort: the bucket's lifecycle rule (iam-policy prints one) removes what this leaves.
      await client
        .send(
          new AbortMultipartUploadCommand({
            Bucket: params.Bucket,
            Key: params.Key,
            UploadId: upload.uploadId,
            ...(params.ExpectedBucketOwner === undefined
              ? {}
              : { ExpectedBucketOwner: params.ExpectedBucketOwner }),
          }),
        )
        .catch(() => {});
    }
    throw error;
  } finally {
    body.destroy();
  }
}
