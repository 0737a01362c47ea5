/**
 * The syntax AWS gives its names, checked before any call so that a typo is a config error that
 * names its field (exit 2), not a failed run. Each function returns why a name is wrong, or
 * undefined when it is right.
 */

/** `arn:aws:iam::123456789012:role/name` (any partition, role paths allowed). */
export const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
export const ROLE_ARN_MESSAGE = "must be an IAM role ARN (arn:aws:iam::123456789012:role/name)";

/**
 * Region names: two letters, one or two words, a number (`us-east-1`, `us-gov-west-1`,
 * `cn-north-1`, `eu-isoe-west-1`). The list of regions grows, so the shape is checked, not a list.
 */
export const REGION = /^[a-z]{2}(?:-[a-z]+){1,2}-\d{1,2}$/;

export function regionProblem(region: string): string | undefined {
  if (REGION.test(region)) return undefined;
  return `"${region}" is not an AWS region name such as us-east-1, eu-west-1, us-gov-west-1 or cn-north-1`;
}

/**
 * DB instance and cluster identifiers, as RDS creates them: 1 to 63 letters, digits and hyphens,
 * starting with a letter, with no two hyphens in a row and no hyphen at the end. (RDS stores
 * them in lowercase and matches them without regard to case, so capitals are accepted.)
 */
const DB_IDENTIFIER = /^[A-Za-z](?:-?[A-Za-z0-9])*$/;

export function dbIdentifierProblem(id: string): string | undefined {
  if (id.length <= 63 && DB_IDENTIFIER.test(id)) return undefined;
  return `"${id}" is not an RDS identifier: 1 to 63 letters, digits and hyphens, starting with a letter, without two hyphens in a row or one at the end`;
}

/** Why `name` is not a valid S3 bucket name, or undefined when it is. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.startsWith("s3://")) return 'give the bucket name without "s3://"; put any prefix in "prefix"';
  if (name.length < 3 || name.length > 63) return "an S3 bucket name is 3 to 63 characters long";
  if (!/^[a-z0-9.-]+$/.test(name))
    return "an S3 bucket name has only lowercase letters, digits, dots and hyphens";
  if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) return "an S3 bucket name starts and ends with a letter or digit";
  if (name.includes("..")) return "an S3 bucket name has no two dots in a row";
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return "an S3 bucket name is not an IP address";
  return undefined;
}

/** A 12-digit AWS account id. */
export function accountIdProblem(id: string): string | undefined {
  return /^\d{12}$/.test(id) ? undefined : "must be a 12-digit AWS account id";
}
