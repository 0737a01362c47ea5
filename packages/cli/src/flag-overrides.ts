import type { ConfigOverrides } from "@rds-log-archive/core";
import { type Flags, listFlag } from "./flags.js";

/** The flags as config overrides, in the schema's terms; core merges them over the config file. */
export function flagOverrides(flags: Flags): ConfigOverrides {
  return {
    region: flags.region,
    clusters: listFlag(flags.cluster),
    instances: listFlag(flags.instance),
    all: flags.all,
    engines: listFlag(flags.engine),
    logTypes: listFlag(flags["log-types"]),
    onlyInstances: listFlag(flags["only-instances"]),
    destination: flags.dest,
    sse: flags.sse,
    kmsKeyId: flags["kms-key-id"],
    expectedBucketOwner: flags["expected-bucket-owner"],
    keyTemplate: flags["key-template"],
    since: flags.since,
    until: flags.until,
    settle: flags.settle,
    includeActive: flags["include-active"],
    concurrency: flags.concurrency,
    maxDuration: flags["max-duration"],
    dryRun: flags["dry-run"],
    failOnGap: flags["no-fail-on-gap"] ? false : undefined,
  };
}
