/**
 * Checks an OIDC ID token the way STS does for AssumeRoleWithWebIdentity: a known issuer, an
 * RS256 signature by one of the issuer's keys (by `kid`), `exp`/`nbf`, and an audience in the
 * provider's client ID list. The error codes are STS's (docs/aws-wire-facts.md, "STS"); the
 * messages name the problem, "Incorrect token audience" being AWS's own wording.
 */
import { createPublicKey, verify } from "node:crypto";
import { EmulatorError } from "./emulator-error.js";
import type { JsonWebKeySet, OidcProviderConfig } from "./sts-options.js";

export interface VerifiedWebIdentity {
  readonly provider: OidcProviderConfig;
  readonly subject: string;
  /** The audience that matched the provider's client IDs. */
  readonly audience: string;
  readonly claims: Readonly<Record<string, unknown>>;
}

const DEFAULT_CLIENT_IDS = ["sts.amazonaws.com"];
const FETCH_TIMEOUT_MS = 5_000;

export async function verifyWebIdentityToken(
  token: string,
  providers: readonly OidcProviderConfig[],
  now: Date,
): Promise<VerifiedWebIdentity> {
  const [headerPart, payloadPart, signaturePart, ...rest] = token.split(".");
  const header = decodeJson(headerPart);
  const claims = decodeJson(payloadPart);
  if (!header || !claims || signaturePart === undefined || rest.length > 0) {
    throw invalidToken(
      "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)",
    );
  }
  const issuer = claims.iss;
  const provider = providers.find((p) => p.issuer === issuer);
  if (typeof issuer !== "string" || !provider) {
    throw invalidToken(`No OpenIDConnect provider found in your account for ${String(issuer)}`);
  }
  if (header.alg !== "RS256") throw invalidToken(`Unsupported token signing algorithm ${String(header.alg)}`);
  const keys = await readSigningKeys(provider);
  const jwk = keys.keys.find((k) => k.kid === header.kid);
  if (!jwk) throw invalidToken(`No key with kid ${String(header.kid)} in the JWKS of ${issuer}`);
  const signed = verify(
    "RSA-SHA256",
    Buffer.from(`${headerPart}.${payloadPart}`),
    createPublicKey({ key: jwk, format: "jwk" }),
    Buffer.from(signaturePart, "base64url"),
  );
  if (!signed)
    throw invalidToken(`Token signature does not verify with key ${String(header.kid)} of ${issuer}`);

  const seconds = Math.floor(now.getTime() / 1000);
  if (typeof claims.exp !== "number") throw invalidToken("Token has no exp claim");
  if (seconds >= claims.exp) {
    throw new EmulatorError(
      "ExpiredTokenException",
      400,
      `Token expired: current date/time ${seconds} must be before the expiration date/time ${claims.exp}`,
    );
  }
  if (typeof claims.nbf === "number" && seconds < claims.nbf) {
    throw invalidToken(`Token is not valid yet: current date/time ${seconds} is before nbf ${claims.nbf}`);
  }
  const audiences =
    typeof claims.aud === "string" ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [];
  const clientIds = provider.clientIds ?? DEFAULT_CLIENT_IDS;
  const audience = audiences.find((a): a is string => typeof a === "string" && clientIds.includes(a));
  if (audience === undefined) throw invalidToken("Incorrect token audience");
  if (typeof claims.sub !== "string" || claims.sub === "") throw invalidToken("Token has no sub claim");
  return { provider, subject: claims.sub, audience, claims };
}

const invalidToken = (message: string) => new EmulatorError("InvalidIdentityToken", 400, message);

function decodeJson(part: string | undefined): Record<string, unknown> | undefined {
  if (part === undefined || !/^[\w-]+$/.test(part)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The configured JWKS, else the one at `jwksUri`, else the one the discovery document names. */
async function readSigningKeys(provider: OidcProviderConfig): Promise<JsonWebKeySet> {
  if (provider.jwks) return provider.jwks;
  try {
    let jwksUri = provider.jwksUri;
    if (jwksUri === undefined) {
      const discovery = await fetchJson(
        `${provider.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
      );
      jwksUri = String(discovery.jwks_uri);
    }
    const jwks = await fetchJson(jwksUri);
    if (!Array.isArray(jwks.keys)) throw new Error(`${jwksUri} holds no "keys"`);
    return jwks as unknown as JsonWebKeySet;
  } catch (error) {
    throw new EmulatorError(
      "IDPCommunicationError",
      400,
      `Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements (${(error as Error).message})`,
    );
  }
}

async function fetchJson(url: string): Promise<Record<string, unknown>> {
  const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}
