/**
 * The local GitHub OIDC token service, asked the way @actions/core 3.x asks the runner's
 * (docs/aws-wire-facts.md, "GitHub Actions OIDC tokens"): `GET ${ACTIONS_ID_TOKEN_REQUEST_URL}&audience=…` with the
 * request token as a bearer, answered with `{"value": "<JWT>"}`.
 */
import { createPublicKey, verify } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OidcTokenService, startOidcTokenService } from "../src/oidc/start-oidc-token-service.js";

/** The service's clock, fixed so the claims can be checked exactly. */
const NOW = new Date("2026-11-20T10:00:00Z");
let oidc: OidcTokenService;

beforeAll(async () => {
  oidc = await startOidcTokenService({ now: () => NOW });
});

afterAll(async () => {
  await oidc.close();
});

/** What @actions/core's getIDToken sends, header for header. */
function requestToken(audience: string | undefined, bearer = oidc.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
  const query = audience === undefined ? "" : `&audience=${encodeURIComponent(audience)}`;
  return fetch(`${oidc.env.ACTIONS_ID_TOKEN_REQUEST_URL}${query}`, {
    headers: {
      authorization: `Bearer ${bearer}`,
      "user-agent": "actions/oidc-client",
      accept: "application/json",
    },
  });
}

function decode(jwt: string) {
  const [header = "", payload = "", signature = ""] = jwt.split(".");
  const json = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  return { header: json(header), claims: json(payload), signingInput: `${header}.${payload}`, signature };
}

describe("startOidcTokenService", () => {
  it("answers getIDToken's request with a GitHub-shaped token signed by a key in its JWKS", async () => {
    const response = await requestToken("sts.amazonaws.com");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await response.json()) as { value: string };
    expect(Object.keys(body)).toEqual(["value"]);
    expect(oidc.requests.at(-1)).toEqual({
      method: "GET",
      path: "/_apis/idtoken?api-version=2.0&audience=sts.amazonaws.com",
      audience: "sts.amazonaws.com",
      authorized: true,
      userAgent: "actions/oidc-client",
      status: 200,
    });

    const { header, claims, signingInput, signature } = decode(body.value);
    expect(header).toEqual({ typ: "JWT", alg: "RS256", kid: oidc.keyId });
    expect(claims).toMatchObject({
      iss: oidc.issuer,
      aud: "sts.amazonaws.com",
      sub: "repo:octo-org/octo-repo:ref:refs/heads/main",
      repository: "octo-org/octo-repo",
      repository_owner: "octo-org",
      ref: "refs/heads/main",
      ref_type: "branch",
      run_id: expect.any(String),
      jti: expect.any(String),
    });
    expect(claims.exp - claims.iat).toBe(300);
    expect(claims.iat).toBe(NOW.getTime() / 1000);

    const jwks = (await (await fetch(oidc.jwksUri)).json()) as typeof oidc.jwks;
    const key = jwks.keys.find((k) => k.kid === header.kid);
    expect(key).toBeDefined();
    const publicKey = createPublicKey({ key: key ?? {}, format: "jwk" });
    expect(
      verify("RSA-SHA256", Buffer.from(signingInput), publicKey, Buffer.from(signature, "base64url")),
    ).toBe(true);
  });

  it("refuses a request whose bearer is not the request token", async () => {
    const response = await requestToken("sts.amazonaws.com", "someone-elses-token");
    expect(response.status).toBe(401);
    expect(await response.json()).not.toHaveProperty("value");
    expect(oidc.requests.at(-1)).toMatchObject({ authorized: false, status: 401 });
  });

  it("puts the owner's URL in aud when no audience is asked for, as GitHub does", async () => {
    const { value } = (await (await requestToken(undefined)).json()) as { value: string };
    expect(decode(value).claims.aud).toBe("https://github.com/octo-org");
  });

  it("issues what setTokenOptions chose, until changed back", async () => {
    oidc.setTokenOptions({
      subject: "repo:octo-org@65/octo-repo@74:environment:prod",
      expiresInSeconds: -30,
      claims: { environment: "prod" },
    });
    const { value } = (await (await requestToken("sts.amazonaws.com")).json()) as { value: string };
    oidc.setTokenOptions({});
    const { claims } = decode(value);
    expect(claims).toMatchObject({
      sub: "repo:octo-org@65/octo-repo@74:environment:prod",
      environment: "prod",
    });
    expect(claims.exp).toBeLessThan(Date.now() / 1000);
    const { value: next } = (await (await requestToken("sts.amazonaws.com")).json()) as { value: string };
    expect(decode(next).claims.sub).toBe("repo:octo-org/octo-repo:ref:refs/heads/main");
  });

  it("publishes a discovery document that names its JWKS", async () => {
    const discovery = (await (
      await fetch(`${oidc.issuer}/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer: oidc.issuer,
      jwks_uri: oidc.jwksUri,
      id_token_signing_alg_values_supported: ["RS256"],
    });
    expect(oidc.provider).toEqual({ issuer: oidc.issuer, jwks: oidc.jwks });
  });
});
