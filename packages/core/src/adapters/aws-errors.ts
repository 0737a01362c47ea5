import { ArchiverError } from "../errors.js";

/** The AWS call that failed and what it was about, for messages and hints. */
export interface AwsCallContext {
  operation: string;
  /** The IAM action the call needs, for the hint when access is denied. */
  iamAction: string;
  resource: string;
}

/**
 * The one place that inspects SDK error names: it turns them into {@link ArchiverError}s that
 * name the operation and resource, keep the SDK error as the cause, and say what to do next.
 */
export function toArchiverError(error: unknown, call: AwsCallContext): ArchiverError {
  const name = (error as { name?: string } | null)?.name ?? "Error";
  const message = (error as { message?: string } | null)?.message ?? String(error);
  const where = `${call.operation} on ${call.resource}`;
  switch (name) {
    case "DBInstanceNotFoundFault":
    case "DBInstanceNotFound":
      return new ArchiverError("DB_INSTANCE_NOT_FOUND", `${where}: DB instance not found`, {
        cause: error,
        hint: "check the instance id and the region; Aurora members are instances, clusters go in --cluster",
      });
    case "DBClusterNotFoundFault":
      return new ArchiverError("DB_CLUSTER_NOT_FOUND", `${where}: DB cluster not found`, {
        cause: error,
        hint: "check the cluster id and the region",
      });
    case "AccessDenied":
    case "AccessDeniedException":
    case "AuthorizationError":
    case "UnauthorizedOperation":
      return new ArchiverError("ACCESS_DENIED", `${where}: access denied`, {
        cause: error,
        hint: `the role needs ${call.iamAction} on ${call.resource}`,
      });
    case "InvalidClientTokenId":
    case "SignatureDoesNotMatch":
    case "ExpiredToken":
    case "ExpiredTokenException":
    case "CredentialsProviderError":
      return new ArchiverError("ACCESS_DENIED", `${where}: the credentials were rejected (${name})`, {
        cause: error,
        hint: "check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE or the assumed role, and that they are current",
      });
    case "Throttling":
    case "ThrottlingException":
      return new ArchiverError("THROTTLED", `${where}: throttled by AWS after retries`, {
        cause: error,
        hint: "lower --concurrency, or run again later; nothing was lost",
      });
    default:
      return new ArchiverError("RDS_READ_FAILED", `${where}: ${name}: ${message}`, { cause: error });
  }
}
