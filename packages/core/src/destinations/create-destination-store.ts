import { assumeRoleCredentials } from "../adapters/assume-role.js";
import { createDirObjectStore } from "../adapters/dir-object-store.js";
import type { NetworkTimeouts } from "../adapters/network-timeouts.js";
import type { ArchiveDestination } from "../config/parse-config.js";
import type { ObjectStore } from "./object-store.js";

/**
 * The store a validated destination names: an S3 bucket (AWS or compatible) or a local folder.
 * The S3 modules are imported only for a bucket: loading the S3 client and lib-storage costs
 * about 150 ms of a CLI start, which a folder destination should not pay.
 */
export async function createDestinationStore(
  destination: ArchiveDestination,
  timeouts?: NetworkTimeouts,
): Promise<ObjectStore> {
  if (destination.dir !== undefined)
    return createDirObjectStore({ dir: destination.dir, prefix: destination.prefix });
  const [{ createS3Client }, { createS3ObjectStore }] = await Promise.all([
    import("../adapters/create-s3-client.js"),
    import("../adapters/s3-object-store.js"),
  ]);
  const region = destination.region ?? process.env.AWS_REGION ?? "us-east-1";
  const credentials = assumeRoleCredentials(destination.roleArn, region, timeouts);
  const client = createS3Client({
    region,
    ...(timeouts === undefined ? {} : { timeouts }),
    ...(credentials === undefined ? {} : { credentials }),
    ...(destination.endpoint === undefined ? {} : { endpoint: destination.endpoint }),
    ...(destination.forcePathStyle === undefined ? {} : { forcePathStyle: destination.forcePathStyle }),
  });
  return createS3ObjectStore({
    client,
    bucket: destination.bucket ?? "",
    prefix: destination.prefix,
    ...(destination.sse === undefined ? {} : { sse: destination.sse }),
    ...(destination.kmsKeyId === undefined ? {} : { kmsKeyId: destination.kmsKeyId }),
    ...(destination.expectedBucketOwner === undefined
      ? {}
      : { expectedBucketOwner: destination.expectedBucketOwner }),
  });
}
