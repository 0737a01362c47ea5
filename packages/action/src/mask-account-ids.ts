import * as core from "@actions/core";
import type { ArchiveConfig } from "@rds-log-archive/core";

/**
 * With `mask-aws-account-id`: the account ids the run can name (in role ARNs, the bucket owner,
 * a KMS key ARN, the role-to-assume) become secrets of the runner, which prints `***` for them
 * anywhere in the log, as configure-aws-credentials does for its account.
 */
export function maskAccountIds(texts: readonly (string | undefined)[]): void {
  const ids = new Set(texts.flatMap((text) => text?.match(/(?<!\d)\d{12}(?!\d)/g) ?? []));
  for (const id of ids) core.setSecret(id);
}

/** The texts of a config that can hold account ids. */
export function accountTextsOf(config: ArchiveConfig): (string | undefined)[] {
  const destination = config.destination.kind === "s3" ? config.destination : undefined;
  return [
    ...config.targets.map((target) => target.roleArn),
    destination?.roleArn,
    destination?.expectedBucketOwner,
    destination?.kmsKeyId,
  ];
}
