import { assumeRoleCredentials, type RoleSession } from "../adapters/assume-role.js";
import { createDirObjectStore } from "../adapters/dir-object-store.js";
import type { NetworkTimeouts } from "../adapters/network-timeouts.js";
import { resolveSdkRegion } from "../adapters/resolve-sdk-region.js";
import type { ArchiveConfig, ArchiveDestination, S3Destination } from "../config/parse-config.js";
import type { ObjectStore } from "./object-store.js";

/** What a store needs besides the destination. */
export interface DestinationStoreOptions {
  /**
   * Where to start looking for the bucket when the SDK names no region (the run's first target
   * region, say): any region of the bucket's partition can ask S3 where a bucket lives.
   */
  homeRegion?: string | undefined;
  /** How to name and prove the session of the destination's role. */
  session?: RoleSession;
  /** Connect, idle and total timeouts of every S3 and STS call. */
  timeouts?: NetworkTimeouts | undefined;
}

/** The options a run's config gives: its first target's region as home, its role session, its timeouts. */
export function destinationStoreOptionsFor(
  config: Pick<ArchiveConfig, "targets" | "roleSessionName" | "roleExternalId" | "timeouts">,
): DestinationStoreOptions {
  return {
    homeRegion: config.targets[0]?.region,
    session: { sessionName: config.roleSessionName, externalId: config.roleExternalId },
    timeouts: config.timeouts,
  };
}

/**
 * The store a validated destination names, the one dispatch on its kind: a local folder, or an
 * S3 bucket (AWS or compatible). The S3 modules are imported only for a bucket: loading the S3
 * client costs about 150 ms of a CLI start, which a folder destination should not pay.
 */
export async function createDestinationStore(
  destination: ArchiveDestination,
  options: DestinationStoreOptions = {},
): Promise<ObjectStore> {
  switch (destination.kind) {
    case "dir":
      return createDirObjectStore({ dir: destination.dir, prefix: destination.prefix });
    case "s3":
      return createBucketStore(destination, options);
  }
}

/**
 * The bucket's region is the destination's `region` when the config names it, else what the bucket
 * says of itself (HeadBucket), asked from the SDK's region (AWS_REGION, the profile's) or the home
 * region, or else us-east-1, whose endpoint answers for any bucket of the aws partition. A store
 * that does not say (S3-compatible) is used in the region that was asked. The store's description
 * says which region it is and where that came from.
 */
async function createBucketStore(destination: S3Destination, options: DestinationStoreOptions) {
  const [{ createS3Client }, { createS3ObjectStore }, { readBucketRegion }] = await Promise.all([
    import("../adapters/create-s3-client.js"),
    import("../adapters/s3-object-store.js"),
    import("../adapters/read-bucket-region.js"),
  ]);
  const askFrom = (await resolveSdkRegion(process.env)) ?? options.homeRegion ?? "us-east-1";
  // One provider for every client, so the destination role is assumed once.
  const credentials = assumeRoleCredentials(
    destination.roleArn,
    destination.region ?? askFrom,
    options.session,
    options.timeouts,
  );
  const clientIn = (region: string) =>
    createS3Client({
      region,
      ...(options.timeouts === undefined ? {} : { timeouts: options.timeouts }),
      ...(credentials === undefined ? {} : { credentials }),
      ...(destination.endpoint === undefined ? {} : { endpoint: destination.endpoint }),
      ...(destination.forcePathStyle === undefined ? {} : { forcePathStyle: destination.forcePathStyle }),
    });
  let client = clientIn(destination.region ?? askFrom);
  let where = `in ${destination.region} (destination.region)`;
  if (destination.region === undefined) {
    const region = await readBucketRegion(client, destination.bucket, destination.expectedBucketOwner);
    where =
      region === undefined ? `in ${askFrom} (the store names no region)` : `in ${region} (the bucket's)`;
    if (region !== undefined && region !== askFrom) {
      client.destroy();
      client = clientIn(region);
    }
  }
  const store = createS3ObjectStore({
    client,
    bucket: destination.bucket,
    prefix: destination.prefix,
    ...(destination.sse === undefined ? {} : { sse: destination.sse }),
    ...(destination.kmsKeyId === undefined ? {} : { kmsKeyId: destination.kmsKeyId }),
    ...(destination.storageClass === undefined ? {} : { storageClass: destination.storageClass }),
    ...(destination.expectedBucketOwner === undefined
      ? {}
      : { expectedBucketOwner: destination.expectedBucketOwner }),
  });
  return { ...store, description: `${store.description} ${where}` };
}
