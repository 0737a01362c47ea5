/**
 * KMS's JSON 1.1 protocol on the emulator's endpoint: `POST /` with
 * `X-Amz-Target: TrentService.<Operation>`, SigV4 for service `kms`, answers in
 * `application/x-amz-json-1.1`, errors as `{"__type": CODE, "message": …}` (KMS leaves the
 * message out of `InvalidCiphertextException`).
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { EmulatorError } from "./emulator-error.js";
import type { FaultPlan } from "./faults.js";
import { KMS_OPERATIONS, type KmsCaller, type KmsOperation, type KmsService } from "./kms-operations.js";
import { readBody } from "./query-http.js";
import type { RecordedRequest } from "./request-log.js";

export const KMS_TARGET_PREFIX = "TrentService.";
const CONTENT_TYPE = "application/x-amz-json-1.1";

/** The JSON protocol's names for the authentication failures the shared SigV4 check reports. */
const AUTH_ERRORS: Record<string, [string, string?]> = {
  MissingAuthenticationToken: ["MissingAuthenticationTokenException", "Missing Authentication Token"],
  IncompleteSignature: ["IncompleteSignatureException"],
  InvalidClientTokenId: ["UnrecognizedClientException"],
  ExpiredToken: ["ExpiredTokenException"],
  SignatureDoesNotMatch: ["InvalidSignatureException"],
  RequestExpired: ["InvalidSignatureException"],
  XAmzContentSHA256Mismatch: ["InvalidSignatureException"],
};

export interface KmsRequestDeps {
  kms: KmsService;
  faults: FaultPlan;
  /** Verifies SigV4 for service `kms` and says who signed. */
  authenticate(body: Buffer): Promise<KmsCaller>;
}

/** Answers one KMS request, errors included; never throws. */
export async function handleKmsRequest(
  request: IncomingMessage,
  response: ServerResponse,
  record: RecordedRequest,
  deps: KmsRequestDeps,
): Promise<void> {
  const requestId = randomUUID();
  const target = String(request.headers["x-amz-target"] ?? "");
  record.operation = target.slice(KMS_TARGET_PREFIX.length) || "Unknown";
  try {
    if (request.method !== "POST") throw new EmulatorError("UnknownOperationException", 400, "");
    const body = await readBody(request);
    const caller = await deps.authenticate(body).catch((error: unknown) => {
      if (!(error instanceof EmulatorError)) throw error;
      const [code, message] = AUTH_ERRORS[error.code] ?? [error.code];
      throw new EmulatorError(code, 400, message ?? error.message);
    });
    if (!(KMS_OPERATIONS as readonly string[]).includes(record.operation)) {
      throw new EmulatorError("UnknownOperationException", 400, "");
    }
    let input: unknown;
    try {
      input = JSON.parse(body.toString("utf8") || "{}");
    } catch {
      throw new EmulatorError(
        "SerializationException",
        400,
        "Start of structure or map found where not expected.",
      );
    }
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
      throw new EmulatorError(
        "SerializationException",
        400,
        "Start of structure or map found where not expected.",
      );
    }
    if (deps.faults.shouldThrottle(record.operation)) {
      throw new EmulatorError(
        "ThrottlingException",
        400,
        "You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.",
      );
    }
    const output = deps.kms.answer(
      record.operation as KmsOperation,
      input as Record<string, unknown>,
      caller,
      (arn) => {
        record.kmsKeyArn = arn;
      },
    );
    send(response, 200, output, requestId);
    record.status = 200;
  } catch (error) {
    const failure =
      error instanceof EmulatorError
        ? error
        : new EmulatorError("KMSInternalException", 500, `Emulator failure: ${(error as Error).message}`);
    record.status = failure.status;
    record.errorCode = failure.code;
    const payload: Record<string, string> = { __type: failure.code };
    if (failure.message !== "") payload.message = failure.message;
    send(response, failure.status, payload, requestId);
  }
}

function send(response: ServerResponse, status: number, value: unknown, requestId: string): void {
  const body = Buffer.from(JSON.stringify(value), "utf8");
  response.writeHead(status, {
    "content-type": CONTENT_TYPE,
    "content-length": body.length,
    "x-amzn-requestid": requestId,
  });
  response.end(body);
}
