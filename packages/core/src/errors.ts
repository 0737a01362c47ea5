/** What kind of failure an {@link ArchiverError} is; surfaces map these to exit codes and hints. */
export type ArchiverErrorCode =
  | "CONFIG_INVALID"
  | "DB_INSTANCE_NOT_FOUND"
  | "DB_CLUSTER_NOT_FOUND"
  | "ACCESS_DENIED"
  | "THROTTLED"
  | "RDS_READ_FAILED"
  | "INTERNAL";

/**
 * Every failure the engine reports: a code to branch on, a message that names the resource, a
 * hint that says what to do next, and the underlying error as `cause`.
 */
export class ArchiverError extends Error {
  override name = "ArchiverError";
  readonly code: ArchiverErrorCode;
  readonly hint: string | undefined;

  constructor(code: ArchiverErrorCode, message: string, options: { cause?: unknown; hint?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
  }
}

/** True for an {@link ArchiverError}, also across module copies (a bundled action and a test, say). */
export function isArchiverError(error: unknown): error is ArchiverError {
  return error instanceof ArchiverError || (error as { name?: unknown } | null)?.name === "ArchiverError";
}
