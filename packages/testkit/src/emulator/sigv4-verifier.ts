import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import { EmulatorError } from "./emulator-error.js";

/**
 * A key pair the emulator accepts; with a session token, requests must carry that token, and
 * with an expiration, they are refused from then on.
 */
export interface EmulatorCredential {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
  /** The account the key belongs to; default the emulator's `accountId`. */
  accountId?: string;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/;
const MAX_SKEW_MS = 15 * 60 * 1000;

/**
 * Checks a SigV4 `Authorization` header the way AWS does: it recomputes the signature over the
 * request as received with `@smithy/signature-v4` (we do not write a second signer) and compares.
 * Returns the credential that signed it, or throws the AWS error the real service would send.
 */
export async function verifySigV4(
  request: IncomingMessage,
  body: Buffer | undefined,
  expected: {
    credentials: readonly EmulatorCredential[];
    region: string;
    service: string;
    /** The wall clock, which clients sign with. */
    now: Date;
    /** The clock credentials expire by (STS's, which tests may move ahead); default `now`. */
    credentialsNow?: Date;
    /** False for S3, whose canonical path is the path as sent rather than encoded once more. */
    uriEscapePath?: boolean;
  },
): Promise<EmulatorCredential> {
  const authorization = request.headers.authorization;
  if (authorization === undefined) {
    throw new EmulatorError("MissingAuthenticationToken", 403, "Request is missing Authentication Token");
  }
  const match = AUTHORIZATION.exec(authorization);
  if (!match) {
    throw new EmulatorError(
      "IncompleteSignature",
      400,
      `Authorization header is not a valid AWS4-HMAC-SHA256 header`,
    );
  }
  const [, credentialScope = "", signedHeaderList = "", signature = ""] = match;
  const scope = credentialScope.split("/");
  const [accessKeyId, scopeDate, region, service, terminator] = scope;
  if (scope.length !== 5 || terminator !== "aws4_request") {
    throw new EmulatorError("IncompleteSignature", 400, `Credential scope ${credentialScope} is malformed`);
  }
  const credential = expected.credentials.find((c) => c.accessKeyId === accessKeyId);
  if (!credential) {
    throw new EmulatorError(
      "InvalidClientTokenId",
      403,
      "The security token included in the request is invalid.",
    );
  }
  const token = request.headers["x-amz-security-token"];
  if (credential.sessionToken !== undefined && token !== credential.sessionToken) {
    throw new EmulatorError(
      "InvalidClientTokenId",
      403,
      "The security token included in the request is invalid.",
    );
  }
  if (
    credential.expiration !== undefined &&
    (expected.credentialsNow ?? expected.now) >= credential.expiration
  ) {
    throw new EmulatorError("ExpiredToken", 403, "The security token included in the request is expired");
  }
  if (region !== expected.region || service !== expected.service) {
    throw new EmulatorError(
      "SignatureDoesNotMatch",
      403,
      `Credential should be scoped to a valid region and service: expected ${expected.region}/${expected.service}, got ${region}/${service}.`,
    );
  }
  const amzDate = request.headers["x-amz-date"];
  const signingDate = typeof amzDate === "string" ? parseAmzDate(amzDate) : undefined;
  if (!signingDate || amzDate?.slice(0, 8) !== scopeDate) {
    throw new EmulatorError(
      "IncompleteSignature",
      400,
      "X-Amz-Date is missing or does not match the credential scope",
    );
  }
  if (Math.abs(expected.now.getTime() - signingDate.getTime()) > MAX_SKEW_MS) {
    throw new EmulatorError("RequestExpired", 400, `Request has expired: signed at ${amzDate}`);
  }
  const signedHeaders = signedHeaderList.split(";");
  if (!signedHeaders.includes("host")) {
    throw new EmulatorError("SignatureDoesNotMatch", 403, "The host header must be signed.");
  }
  const declaredHash = request.headers["x-amz-content-sha256"];
  // A hex digest is checked against the body; UNSIGNED-PAYLOAD and S3's STREAMING-* values are signed as written.
  if (typeof declaredHash === "string" && /^[0-9a-f]{64}$/.test(declaredHash)) {
    const actual = createHash("sha256")
      .update(body ?? Buffer.alloc(0))
      .digest("hex");
    if (actual !== declaredHash) {
      throw new EmulatorError(
        "XAmzContentSHA256Mismatch",
        400,
        "The provided x-amz-content-sha256 does not match the body",
      );
    }
  }

  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = request.headers[name];
    headers[name] = Array.isArray(value) ? value.join(",") : (value ?? "");
  }
  const signed = await signReceived(request, body, headers, {
    ...expected,
    credentials: credential,
    signingDate,
  });
  const recomputed = /Signature=([0-9a-f]{64})/.exec(signed.authorization ?? "")?.[1] ?? "";
  if (!timingSafeEqual(Buffer.from(recomputed.padEnd(64, "0")), Buffer.from(signature))) {
    throw new EmulatorError(
      "SignatureDoesNotMatch",
      403,
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
    );
  }
  return credential;
}

/**
 * Signs a request as received, with `headers` (and only those) as its signed headers: the path as
 * it came, the query decoded for the signer to encode. Returns the headers with the new
 * `authorization` and `x-amz-date`.
 */
export async function signReceived(
  request: IncomingMessage,
  body: Buffer | undefined,
  headers: Record<string, string>,
  options: {
    service: string;
    region: string;
    credentials: EmulatorCredential;
    signingDate: Date;
    uriEscapePath?: boolean;
  },
): Promise<Record<string, string>> {
  const url = new URL(request.url ?? "/", "http://emulator");
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const existing = query[key];
    query[key] =
      existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  const signer = new SignatureV4({
    service: options.service,
    region: options.region,
    credentials: options.credentials,
    sha256: Hash.bind(null, "sha256"),
    applyChecksum: false,
    uriEscapePath: options.uriEscapePath ?? true,
  });
  const signed = await signer.sign(
    {
      method: request.method ?? "GET",
      protocol: "http:",
      hostname: url.hostname,
      path: rawPath(request.url ?? "/"),
      query,
      headers,
      body,
    },
    { signingDate: options.signingDate, signingRegion: options.region, signingService: options.service },
  );
  return signed.headers as Record<string, string>;
}

/** The path exactly as it came on the wire (still percent-encoded); the signer encodes it once more, as AWS does. */
function rawPath(url: string): string {
  const end = url.indexOf("?");
  return end === -1 ? url : url.slice(0, end);
}

export function parseAmzDate(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  return new Date(Date.UTC(y as number, (mo as number) - 1, d, h, mi, s));
}
