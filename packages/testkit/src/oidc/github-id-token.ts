/**
 * ID tokens shaped like the ones GitHub Actions issues (docs/aws-wire-facts.md, "GitHub Actions
 * OIDC tokens"): the claim
 * set of GitHub's documented example, RS256-signed with a key from node:crypto.
 */
import { createSign, type KeyObject, randomUUID } from "node:crypto";

/** What a test may choose about one token; the rest comes from the service's repository. */
export interface IdTokenOptions {
  /**
   * Default `repo:<repository>:ref:<ref>`. Pass the immutable form `repo:ORG@ID/REPO@ID:…` to
   * imitate repositories created after 2026-07-15.
   */
  subject?: string;
  /** Seconds from issue to `exp`, negative for a token already expired; default 300, as in GitHub's example. */
  expiresInSeconds?: number;
  /** Claims added last, so they can also replace the standard ones (`iss`, `repository`, …). */
  claims?: Record<string, unknown>;
}

/** The repository and run a token speaks for. */
export interface GitHubRunContext {
  readonly issuer: string;
  readonly repository: string;
  readonly ref: string;
}

const DEFAULT_LIFETIME_SECONDS = 300;
// GitHub's example token is valid from ten minutes before it was issued.
const NOT_BEFORE_SKEW_SECONDS = 600;

export function buildGitHubClaims(
  run: GitHubRunContext,
  audience: string,
  options: IdTokenOptions,
  now: Date,
): Record<string, unknown> {
  const owner = run.repository.split("/")[0] ?? "";
  const iat = Math.floor(now.getTime() / 1000);
  const refType = run.ref.startsWith("refs/tags/") ? "tag" : "branch";
  return {
    jti: randomUUID(),
    sub: options.subject ?? `repo:${run.repository}:ref:${run.ref}`,
    aud: audience,
    ref: run.ref,
    sha: "0000000000000000000000000000000000000000",
    repository: run.repository,
    repository_owner: owner,
    repository_owner_id: "65",
    repository_id: "74",
    repository_visibility: "private",
    actor: "octocat",
    actor_id: "12",
    run_id: "1000",
    run_number: "10",
    run_attempt: "1",
    runner_environment: "github-hosted",
    workflow: "archive",
    workflow_ref: `${run.repository}/.github/workflows/archive.yml@${run.ref}`,
    job_workflow_ref: `${run.repository}/.github/workflows/archive.yml@${run.ref}`,
    head_ref: "",
    base_ref: "",
    event_name: "schedule",
    ref_type: refType,
    ref_protected: "false",
    iss: run.issuer,
    nbf: iat - NOT_BEFORE_SKEW_SECONDS,
    exp: iat + (options.expiresInSeconds ?? DEFAULT_LIFETIME_SECONDS),
    iat,
    ...options.claims,
  };
}

/** A compact JWS: base64url(header).base64url(claims).base64url(RS256 signature). */
export function signIdToken(claims: Record<string, unknown>, privateKey: KeyObject, keyId: string): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const signingInput = `${encode({ typ: "JWT", alg: "RS256", kid: keyId })}.${encode(claims)}`;
  const signature = createSign("RSA-SHA256").update(signingInput).sign(privateKey);
  return `${signingInput}.${signature.toString("base64url")}`;
}
