import type { ArchiveDestination } from "../config/parse-config.js";
import { assumeRoleCredentials } from "./assume-role.js";
import { createS3Client } from "./create-s3-client.js";
import { createDirObjectStore } from "./dir-object-store.js";
import type { ObjectStore } from "./object-store.js";
import { createS3ObjectStore } from "./s3-object-store.js";

/** The store a validated destination names: an S3 bucket (AWS or compatible) or a local folder. */
export function createDestinationStore(destination: ArchiveDestination): ObjectStore {
  if (destination.dir !== undefined)
    return createDirObjectStore({ dir: destination.dir, prefix: destination.prefix });
  const region = destination.region ?? process.env.AWS_REGION ?? "us-east-1";
  const credentials = assumeRoleCredentials(destination.roleArn, region);
  const client = createS3Client({
    region,
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
