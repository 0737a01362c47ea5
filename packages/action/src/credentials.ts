/**
 * Credentials for the run. With `role-to-assume`, the job's GitHub OIDC token is exchanged for the
 * role's temporary credentials (AssumeRoleWithWebIdentity); without it, the SDK's default chain
 * applies as it is (for example after aws-actions/configure-aws-credentials). The credentials are
 * put in this process's environment only, where the SDK's chain finds them first, so the engine
 * and a chained destination role use them; later steps of the job never see them.
 */
import * as core from "@actions/core";
import { assumeRoleWithWebIdentity, isArchiverError, type TemporaryCredentials } from "@rds-log-archive/core";
import { ActionInputError } from "./action-input-error.js";

export interface WebIdentityRole {
  roleArn: string;
  /** The `aud` the token is requested for; the IAM OIDC provider must list it. */
  audience: string;
  sessionName: string;
  durationSeconds: number;
  region: string;
}

/** The `RoleSessionName` STS accepts: 2 to 64 of `[\w+=,.@-]`. */
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/**
 * A session name that says who is calling, as CloudTrail shows it:
 * `GitHubActions-<owner>-<repo>-<run id>`, cut to STS's limit.
 */
export function defaultSessionName(env: Record<string, string | undefined>): string {
  const repository = (env.GITHUB_REPOSITORY ?? "repository").replace(/[^\w+=,.@-]/g, "-");
  const run = env.GITHUB_RUN_ID ?? "local";
  const name = `GitHubActions-${repository}`.slice(0, 63 - run.length);
  return `${name}-${run}`;
}

export function checkSessionName(name: string): void {
  if (!SESSION_NAME.test(name)) {
    throw new ActionInputError(
      "role-session-name",
      "must be 2 to 64 letters, digits or the characters + = , . @ _ -",
    );
  }
}

/**
 * Assumes `role` with the job's OIDC token and exports the credentials to this process, masked.
 *
 * @throws {ActionInputError} naming `role-to-assume` when the job cannot get a token (the
 *   `id-token: write` permission is missing) or STS refuses it, with what to change.
 */
export async function assumeRoleWithGitHubOidc(role: WebIdentityRole): Promise<void> {
  if (!process.env.ACTIONS_ID_TOKEN_REQUEST_URL || !process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    throw new ActionInputError(
      "role-to-assume",
      "needs a GitHub OIDC token, and this job may not request one. Give the job (or the workflow) " +
        "`permissions: { id-token: write, contents: read }`",
    );
  }
  const token = await core.getIDToken(role.audience);
  let credentials: TemporaryCredentials;
  try {
    credentials = await assumeRoleWithWebIdentity({ ...role, webIdentityToken: token });
  } catch (error) {
    throw refusal(role, token, error);
  }
  for (const secret of Object.values(credentials)) core.setSecret(secret);
  process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
  process.env.AWS_SESSION_TOKEN = credentials.sessionToken;
  // A profile would otherwise still be consulted by clients that read it before the environment.
  delete process.env.AWS_PROFILE;
}

/** Turns a refusal into the input to change, naming the token's `sub` that the trust policy saw. */
function refusal(role: WebIdentityRole, token: string, error: unknown): unknown {
  if (!isArchiverError(error)) return error;
  const claims = tokenClaims(token);
  const sub = claims.sub === undefined ? "" : ` The token's sub is "${claims.sub}".`;
  if (error.code === "IDENTITY_TOKEN_REFUSED" && /audience/i.test(error.message)) {
    return new ActionInputError(
      "audience",
      `${error.message}. The token was issued for "${role.audience}"; ` +
        "it must be a client ID (audience) of the account's IAM OIDC provider for token.actions.githubusercontent.com",
    );
  }
  if (error.code === "ACCESS_DENIED") {
    return new ActionInputError(
      "role-to-assume",
      `the trust policy of ${role.roleArn} does not allow this workflow (${error.message}).${sub} ` +
        "`rds-log-archive iam-policy --github-repo OWNER/REPO` prints a trust policy that does",
    );
  }
  return new ActionInputError("role-to-assume", `${error.message}${error.hint ? ` (${error.hint})` : ""}`);
}

/** The token's claims, read without verifying it: only to explain a refusal. */
function tokenClaims(token: string): { sub?: string } {
  try {
    const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
    return typeof payload?.sub === "string" ? { sub: payload.sub } : {};
  } catch {
    return {};
  }
}
