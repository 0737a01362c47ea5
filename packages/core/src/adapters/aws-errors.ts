import { ArchiverError, type ArchiverErrorCode } from "../errors.js";

/** The AWS call that failed and what it was about, for messages and hints. */
export interface AwsCallContext {
  operation: string;
  /** The IAM action the call needs, for the hint when access is denied. */
  iamAction: string;
  resource: string;
  /** The code for failures that no specific case covers; RDS_READ_FAILED unless given. */
  failureCode?: ArchiverErrorCode;
}

/**
 * What an S3 write or read failure means to an object store, for the few answers it acts on
 * instead of reporting: the object exists (412 on `If-None-Match: *`), a concurrent conditional
 * write collided (409, to retry), the store does not implement conditional writes (501, Swift),
 * or the object is not there (404).
 */
export type S3ErrorKind =
  | "precondition-failed"
  | "conditional-conflict"
  | "conditional-unsupported"
  | "not-found";

/** Classifies an S3 SDK error for {@link S3ErrorKind}; undefined for everything else. */
export function classifyS3Error(error: unknown): S3ErrorKind | undefined {
  const { name, status, message } = errorFields(error);
  switch (name) {
    case "PreconditionFailed":
      return "precondition-failed";
    case "ConditionalRequestConflict":
      return "conditional-conflict";
    case "NotFound":
    case "NoSuchKey":
      return "not-found";
    case "NotImplemented": {
      // 501 also answers other unsupported features (Swift: server-side encryption); only a
      // conditional header (If-None-Match on objects, If-Match on state) makes a store fall
      // back, anything else must fail loudly.
      const header = (error as { Header?: unknown }).Header;
      return header === "If-None-Match" ||
        header === "If-Match" ||
        /conditional|if-(?:none-)?match/i.test(message)
        ? "conditional-unsupported"
        : undefined;
    }
    default:
      return status === 404 && name === "Unknown" ? "not-found" : undefined;
  }
}

/**
 * Node's codes for a request that never got an answer (the name did not resolve, the connection
 * was refused or dropped, the network is unreachable), still failing after the SDK's retries.
 */
const NO_ANSWER_CODES: ReadonlySet<string> = new Set([
  "ENOTFOUND",
  "EAI_AGAIN",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
]);

/** The error names AWS answers throttling with; the status 429 means the same. */
const THROTTLING_NAMES: ReadonlySet<string> = new Set([
  "Throttling",
  "ThrottlingException",
  "RequestLimitExceeded",
  "TooManyRequestsException",
  "ProvisionedThroughputExceededException",
  "SlowDown",
]);

/** Whether an SDK error (or a REST answer's code) is AWS saying "slow down", for client-side pacing. */
export function isThrottlingError(error: unknown): boolean {
  const { name, status } = errorFields(error);
  return THROTTLING_NAMES.has(name) || status === 429;
}

function errorFields(error: unknown): { name: string; status: number | undefined; message: string } {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } } | null;
  return {
    name: e?.name ?? "Error",
    status: e?.$metadata?.httpStatusCode,
    message: e?.message ?? String(error),
  };
}

/**
 * The bucket's region as S3 names it in an error answer (`x-amz-bucket-region`, sent with a 301
 * and a 403 of HeadBucket), or undefined.
 */
export function bucketRegionOf(error: unknown): string | undefined {
  const headers = (error as { $response?: { headers?: Record<string, string | undefined> } } | null)
    ?.$response?.headers;
  return headers?.["x-amz-bucket-region"] || undefined;
}

/**
 * The one place that inspects SDK error names: it turns them into {@link ArchiverError}s that
 * name the operation and resource, keep the SDK error as the cause, and say what to do next.
 */
export function toArchiverError(error: unknown, call: AwsCallContext): ArchiverError {
  const { name, status, message } = errorFields(error);
  const where = `${call.operation} on ${call.resource}`;
  switch (name) {
    case "DBInstanceNotFoundFault":
    case "DBInstanceNotFound":
      return new ArchiverError("DB_INSTANCE_NOT_FOUND", `${where}: DB instance not found`, {
        cause: error,
        hint: "check the instance id and the region; Aurora members are instances, clusters go in `targets[].clusters`",
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
    // STS on AssumeRoleWithWebIdentity; the SDK adds "Exception" to the wire codes.
    case "InvalidIdentityToken":
    case "InvalidIdentityTokenException":
    case "IDPRejectedClaim":
    case "IDPRejectedClaimException":
      return new ArchiverError(
        "IDENTITY_TOKEN_REFUSED",
        `${where}: the identity token was refused: ${message}`,
        {
          cause: error,
          hint: "the token's audience must be a client ID of the account's IAM OIDC provider, and its issuer that provider",
        },
      );
    case "ExpiredTokenException":
      if (call.operation === "AssumeRoleWithWebIdentity") {
        // Here it is the identity token that expired, not the caller's credentials.
        return new ArchiverError(
          "IDENTITY_TOKEN_REFUSED",
          `${where}: the identity token expired: ${message}`,
          {
            cause: error,
            hint: "request a fresh token and try again",
          },
        );
      }
      return credentialsRejected(where, name, error);
    // The SDK corrects its clock from RDS's answers and retries; this is what is left after that.
    case "RequestExpired":
    case "RequestTimeTooSkewed":
    case "RequestInTheFuture":
      return new ArchiverError(
        "CLOCK_SKEW",
        `${where}: the request's time was refused (${name}): ${message}`,
        {
          cause: error,
          hint: "synchronise this machine's clock (NTP); AWS accepts a signature at most 15 minutes off its own time",
        },
      );
    case "InvalidClientTokenId":
    case "InvalidAccessKeyId":
    case "SignatureDoesNotMatch":
    case "ExpiredToken":
      return credentialsRejected(where, name, error);
    // The default chain found nothing to sign with (or a profile it was told to use is broken):
    // nothing reached AWS, so nothing was rejected. The SDK's message names what it tried.
    case "CredentialsProviderError":
      return new ArchiverError("ACCESS_DENIED", `${where}: no AWS credentials could be loaded: ${message}`, {
        cause: error,
        hint: "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE (after `aws sso login` for an SSO profile), or run where a role provides them (an instance profile, a task role, the action's OIDC role)",
      });
    case "NoSuchBucket":
      return new ArchiverError("DESTINATION_INVALID", `${where}: the bucket does not exist`, {
        cause: error,
        hint: "check the bucket name, the region and the endpoint; the archiver does not create buckets",
      });
    case "PermanentRedirect":
    case "AuthorizationHeaderMalformed":
      return new ArchiverError("DESTINATION_INVALID", `${where}: the bucket is in another region (${name})`, {
        cause: error,
        hint: "set `destination.region` to the bucket's region",
      });
    case "InvalidStorageClass":
      return new ArchiverError("DESTINATION_INVALID", `${where}: the store refuses the storage class`, {
        cause: error,
        hint: "choose a `destination.storageClass` the store offers; S3-compatible stores often take only STANDARD",
      });
    case "NotImplemented":
      return new ArchiverError(
        "DESTINATION_INVALID",
        `${where}: the store does not implement this: ${message}`,
        {
          cause: error,
          hint: "S3-compatible stores lack some features; drop `destination.sse` for this endpoint if it names it",
        },
      );
    // Kinesis: the stream is gone (DAS stopped, the resource deleted) or never existed.
    case "ResourceNotFoundException":
      return new ArchiverError("STREAM_NOT_FOUND", `${where}: not found: ${message}`, {
        cause: error,
        hint: "the activity stream was stopped or its DB deleted (RDS then deletes the Kinesis stream with its unread records); check the stream name and region",
      });
    case "ExpiredIteratorException":
      return new ArchiverError("ITERATOR_EXPIRED", `${where}: the shard iterator expired`, {
        cause: error,
        retryable: true,
      });
    case "InvalidArgumentException":
      return new ArchiverError(
        call.operation === "GetShardIterator"
          ? "STARTING_POSITION_INVALID"
          : (call.failureCode ?? "RDS_READ_FAILED"),
        `${where}: ${message}`,
        { cause: error },
      );
    // KMS: a data key that does not open under the stream's key and encryption context.
    case "InvalidCiphertextException":
    case "IncorrectKeyException":
      return new ArchiverError("KMS_DECRYPT_FAILED", `${where}: KMS refused the data key (${name})`, {
        cause: error,
        hint: "KMS says this for a wrong encryption context too: Aurora streams use aws:rds:dbc-id = the cluster's DbClusterResourceId, RDS for Oracle and SQL Server aws:rds:db-id = the instance's DbiResourceId; check the stream's KMS key",
      });
    case "DisabledException":
    case "KMSInvalidStateException":
    case "KeyUnavailableException":
    case "NotFoundException":
      return new ArchiverError(
        "KMS_DECRYPT_FAILED",
        `${where}: the KMS key cannot be used (${name}): ${message}`,
        {
          cause: error,
          hint: "the activity stream's KMS key must exist and be enabled; its records cannot be read otherwise",
        },
      );
    case "ProvisionedThroughputExceededException":
    case "Throttling":
    case "ThrottlingException":
    case "SlowDown":
      return new ArchiverError("THROTTLED", `${where}: throttled by AWS after retries`, {
        cause: error,
        hint: "lower `concurrency`, or run again later; nothing was lost",
      });
    default:
      if (status === 403) {
        // HEAD answers carry no body, so the SDK cannot name a 403 on HeadObject.
        return new ArchiverError("ACCESS_DENIED", `${where}: access denied (403)`, {
          cause: error,
          hint: `check the credentials, and that the role has ${call.iamAction} on ${call.resource}`,
        });
      }
      if (status === undefined && NO_ANSWER_CODES.has(String((error as { code?: unknown } | null)?.code))) {
        return new ArchiverError(call.failureCode ?? "RDS_READ_FAILED", `${where}: no answer (${message})`, {
          cause: error,
          hint: "check the network, DNS and any proxy on the way to AWS, and that AWS_ENDPOINT_URL or AWS_ENDPOINT_URL_<SERVICE>, when set, names a server that is up",
        });
      }
      return new ArchiverError(call.failureCode ?? "RDS_READ_FAILED", `${where}: ${name}: ${message}`, {
        cause: error,
      });
  }
}

function credentialsRejected(where: string, name: string, cause: unknown): ArchiverError {
  return new ArchiverError("ACCESS_DENIED", `${where}: the credentials were rejected (${name})`, {
    cause,
    hint: "check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE or the assumed role, and that they are current",
  });
}
