import { HeadBucketCommand, type S3Client } from "@aws-sdk/client-s3";
import { bucketRegionOf } from "./aws-errors.js";

/**
 * The bucket's region, as S3 itself says: HeadBucket answers with `x-amz-bucket-region` (in
 * `BucketRegion`), from any region of the partition, also with a 301 or a 403. Undefined when the
 * store does not say, as S3-compatible stores often do not; failures are left to the calls that
 * follow, which name them with hints.
 */
export async function readBucketRegion(
  client: S3Client,
  bucket: string,
  expectedBucketOwner: string | undefined,
): Promise<string | undefined> {
  try {
    const answer = await client.send(
      new HeadBucketCommand({
        Bucket: bucket,
        ...(expectedBucketOwner === undefined ? {} : { ExpectedBucketOwner: expectedBucketOwner }),
      }),
    );
    return answer.BucketRegion || undefined;
  } catch (error) {
    return bucketRegionOf(error);
  }
}
