/**
 * Swift's s3api answers `501 NotImplemented` to `x-amz-server-side-encryption: aws:kms` (and to
 * AES256 unless its encryption middleware runs), so an SSE-KMS upload cannot reach it as sent.
 * The recording proxy can check such a request's signature with the client's keys, drop the SSE
 * headers, sign it again with the same keys and forward that: the client's signing is still
 * checked, the object is stored, and the recording keeps the headers as the client sent them.
 */
import type { IncomingMessage } from "node:http";
import {
  type EmulatorCredential,
  parseAmzDate,
  signReceived,
  verifySigV4,
} from "../emulator/sigv4-verifier.js";

/** The request headers of SSE-S3 and SSE-KMS. */
export const SSE_HEADERS: readonly string[] = [
  "x-amz-server-side-encryption",
  "x-amz-server-side-encryption-aws-kms-key-id",
  "x-amz-server-side-encryption-context",
  "x-amz-server-side-encryption-bucket-key-enabled",
];

export function hasSseHeaders(request: IncomingMessage): boolean {
  return SSE_HEADERS.some((name) => request.headers[name] !== undefined);
}

/**
 * Verifies the request (service `s3`, the path as sent) against `credentials`, and returns the
 * headers to forward: the same, less the SSE ones, signed again with the key that signed it.
 * Throws the verifier's error when the client's signature is wrong.
 */
export async function resignWithoutSse(
  request: IncomingMessage,
  body: Buffer,
  credentials: readonly EmulatorCredential[],
): Promise<Record<string, string>> {
  const region =
    /Credential=[^/\s,]+\/\d{8}\/([^/\s,]+)\//.exec(request.headers.authorization ?? "")?.[1] ?? "";
  const credential = await verifySigV4(request, body, {
    credentials,
    region,
    service: "s3",
    now: new Date(),
    uriEscapePath: false,
  });
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (name === "authorization" || name === "x-amz-date" || SSE_HEADERS.includes(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(",") : (value ?? "");
  }
  const signingDate = parseAmzDate(String(request.headers["x-amz-date"])) ?? new Date();
  return signReceived(request, body, headers, {
    service: "s3",
    region,
    credentials: credential,
    signingDate,
    uriEscapePath: false,
  });
}
