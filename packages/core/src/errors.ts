/** What kind of failure an {@link ArchiverError} is; surfaces map these to exit codes and hints. */
export type ArchiverErrorCode =
  | "CONFIG_INVALID"
  | "DB_INSTANCE_NOT_FOUND"
  | "DB_CLUSTER_NOT_FOUND"
  | "ACCESS_DENIED"
  | "CLOCK_SKEW"
  | "IDENTITY_TOKEN_REFUSED"
  | "THROTTLED"
  | "RDS_READ_FAILED"
  | "LOG_FILE_GONE"
  | "DOWNLOAD_FAILED"
  | "DOWNLOAD_SHORT"
  | "DESTINATION_INVALID"
  | "DESTINATION_READ_FAILED"
  | "DESTINATION_WRITE_FAILED"
  | "STATE_CONFLICT"
  | "VERSION_CHANGED"
  | "UNSAFE_KEY"
  | "NOTIFY_FAILED"
  | "ACTIVITY_STREAM_NOT_STARTED"
  | "STREAM_NOT_FOUND"
  | "STREAM_READ_FAILED"
  | "ITERATOR_EXPIRED"
  | "STARTING_POSITION_INVALID"
  | "KMS_DECRYPT_FAILED"
  | "RECORD_DECRYPT_FAILED"
  | "PAYLOAD_INVALID"
  | "REPORT_INVALID"
  | "REPORTS_INCOMPATIBLE"
  | "INTERNAL";

/**
 * Every failure the engine reports: a code to branch on, a message that names the resource, a
 * hint that says what to do next, and the underlying error as `cause`.
 */
export class ArchiverError extends Error {
  override name = "ArchiverError";
  readonly code: ArchiverErrorCode;
  readonly hint: string | undefined;
  /** Worth trying again from the start: a broken or short download, throttling, a 5xx. */
  readonly retryable: boolean;

  constructor(
    code: ArchiverErrorCode,
    message: string,
    options: { cause?: unknown; hint?: string; retryable?: boolean } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.retryable = options.retryable ?? false;
  }
}

/** True for an {@link ArchiverError}, also across module copies (a bundled action and a test, say). */
export function isArchiverError(error: unknown): error is ArchiverError {
  return error instanceof ArchiverError || (error as { name?: unknown } | null)?.name === "ArchiverError";
}
