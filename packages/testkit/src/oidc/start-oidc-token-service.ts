/**
 * A local stand-in for GitHub's OIDC token service, so that `core.getIDToken()` works outside a
 * runner: the token endpoint a job with `id-token: write` calls (docs/aws-wire-facts.md, "GitHub
 * Actions OIDC tokens"),
 * plus the issuer's discovery document and JWKS, which STS reads to check the signature.
 */
import { generateKeyPair, randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import type { JsonWebKeySet, OidcProviderConfig } from "../emulator/sts-options.js";
import { buildGitHubClaims, type IdTokenOptions, signIdToken } from "./github-id-token.js";

export interface OidcTokenServiceOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /**
   * The tokens' `iss`; default the service's own URL, where STS can discover its keys. Another
   * service started with this one's `issuer` and `keyId` signs tokens this one's keys reject.
   */
  issuer?: string;
  /** The signing key's `kid`; default a random one. */
  keyId?: string;
  /** Default `octo-org/octo-repo`. */
  repository?: string;
  /** Default `refs/heads/main`. */
  ref?: string;
  /** What the token endpoint issues until {@link OidcTokenService.setTokenOptions} changes it. */
  token?: IdTokenOptions;
  /** The bearer the endpoint requires (`ACTIONS_ID_TOKEN_REQUEST_TOKEN`); default random. */
  requestToken?: string;
  now?: () => Date;
}

/** One request the service answered. */
export interface OidcRequest {
  method: string;
  path: string;
  /** The `audience` query parameter of a token request, if any. */
  audience?: string;
  /** Whether the bearer matched; false for requests without one too. */
  authorized: boolean;
  userAgent?: string;
  status: number;
}

export interface OidcTokenService {
  /** `ACTIONS_ID_TOKEN_REQUEST_URL`: it already has a query, so `&audience=` can be appended. */
  readonly requestUrl: string;
  /** `ACTIONS_ID_TOKEN_REQUEST_TOKEN` */
  readonly requestToken: string;
  /** Both variables, as the runner sets them for a step. */
  readonly env: { ACTIONS_ID_TOKEN_REQUEST_URL: string; ACTIONS_ID_TOKEN_REQUEST_TOKEN: string };
  readonly issuer: string;
  readonly keyId: string;
  readonly jwks: JsonWebKeySet;
  readonly jwksUri: string;
  /** For `startEmulator({ sts: { oidcProviders: [service.provider] } })`. */
  readonly provider: OidcProviderConfig;
  readonly requests: readonly OidcRequest[];
  /** Changes what the token endpoint issues from now on: subject, lifetime, extra claims. */
  setTokenOptions(options: IdTokenOptions): void;
  /** Signs a token without the HTTP round trip; `audience` defaults to `sts.amazonaws.com`. */
  issueToken(options?: IdTokenOptions & { audience?: string }): string;
  close(): Promise<void>;
}

const TOKEN_PATH = "/_apis/idtoken";
const JWKS_PATH = "/.well-known/jwks";
const DISCOVERY_PATH = "/.well-known/openid-configuration";

export async function startOidcTokenService(
  options: OidcTokenServiceOptions = {},
): Promise<OidcTokenService> {
  const { privateKey, publicKey } = await promisify(generateKeyPair)("rsa", { modulusLength: 2048 });
  const keyId = options.keyId ?? randomUUID();
  const jwks: JsonWebKeySet = {
    keys: [{ ...publicKey.export({ format: "jwk" }), kid: keyId, alg: "RS256", use: "sig" }],
  };
  const requestToken = options.requestToken ?? randomBytes(24).toString("base64url");
  const repository = options.repository ?? "octo-org/octo-repo";
  const ref = options.ref ?? "refs/heads/main";
  const now = options.now ?? (() => new Date());
  const requests: OidcRequest[] = [];
  let tokenOptions: IdTokenOptions = options.token ?? {};
  let issuer = options.issuer ?? "";
  let base = "";

  const issue = (audience: string, chosen: IdTokenOptions) =>
    signIdToken(buildGitHubClaims({ issuer, repository, ref }, audience, chosen, now()), privateKey, keyId);

  function route(request: IncomingMessage, url: URL, authorized: boolean): [number, unknown] {
    if (request.method !== "GET") return [405, { message: `${request.method} is not allowed` }];
    if (url.pathname === JWKS_PATH) return [200, jwks];
    if (url.pathname === DISCOVERY_PATH) return [200, discoveryDocument(issuer, `${base}${JWKS_PATH}`)];
    if (url.pathname !== TOKEN_PATH) return [404, { message: `nothing at ${url.pathname}` }];
    if (!authorized) return [401, { message: "the bearer is not this job's ACTIONS_ID_TOKEN_REQUEST_TOKEN" }];
    // Without an audience, GitHub puts the repository owner's URL in `aud`.
    const audience = url.searchParams.get("audience") ?? `https://github.com/${repository.split("/")[0]}`;
    return [200, { value: issue(audience, tokenOptions) }];
  }

  function answer(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? "/", base);
    const authorized = request.headers.authorization === `Bearer ${requestToken}`;
    const [status, body] = route(request, url, authorized);
    response.writeHead(status, { "content-type": "application/json; charset=utf-8" });
    response.end(JSON.stringify(body));
    const audience = url.searchParams.get("audience");
    const userAgent = request.headers["user-agent"];
    requests.push({
      method: request.method ?? "GET",
      path: url.pathname + url.search,
      authorized,
      status,
      ...(audience === null ? {} : { audience }),
      ...(userAgent === undefined ? {} : { userAgent }),
    });
  }

  const server = createServer(answer);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer ||= base;
  const requestUrl = `${base}${TOKEN_PATH}?api-version=2.0`;

  return {
    requestUrl,
    requestToken,
    env: { ACTIONS_ID_TOKEN_REQUEST_URL: requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken },
    issuer,
    keyId,
    jwks,
    jwksUri: `${base}${JWKS_PATH}`,
    provider: { issuer, jwks },
    requests,
    setTokenOptions: (chosen) => {
      tokenOptions = chosen;
    },
    issueToken: ({ audience = "sts.amazonaws.com", ...chosen } = {}) => issue(audience, chosen),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function discoveryDocument(issuer: string, jwksUri: string) {
  return {
    issuer,
    jwks_uri: jwksUri,
    subject_types_supported: ["public", "pairwise"],
    response_types_supported: ["id_token"],
    claims_supported: ["sub", "aud", "exp", "iat", "iss", "jti", "nbf", "ref", "repository", "run_id"],
    id_token_signing_alg_values_supported: ["RS256"],
    scopes_supported: ["openid"],
  };
}
