import type { StsRole, WebIdentityTrust } from "./sts-options.js";
import type { VerifiedWebIdentity } from "./verify-web-identity-token.js";

/** The caller of a signed STS request, as trust policies name it. */
export interface StsCaller {
  readonly accessKeyId: string;
  readonly accountId: string;
  /** For temporary credentials: the role they were issued for and the session's own ARN. */
  readonly roleArn?: string;
  readonly assumedRoleArn?: string;
}

/**
 * IAM's `StringLike`: `*` matches any run of characters (none too), `?` exactly one, and
 * everything else itself. So `repo:octo-org/octo-repo:*` does not match the immutable form
 * `repo:octo-org@65/octo-repo@74:…`, just as on AWS.
 */
function matchesStringLike(pattern: string, value: string): boolean {
  const source = [...pattern]
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`, "s").test(value);
}

/** Whether a statement of `role` lets this verified token in: its provider, `sub` and `aud`. */
export function trustsWebIdentity(role: StsRole, identity: VerifiedWebIdentity): boolean {
  return role.trust.some(
    (statement) =>
      "federated" in statement &&
      matchesWebIdentity(statement, identity.provider.issuer, identity.subject, identity.audience),
  );
}

function matchesWebIdentity(statement: WebIdentityTrust, issuer: string, subject: string, audience: string) {
  return (
    statement.federated === issuer &&
    statement.subjects.some((pattern) => matchesStringLike(pattern, subject)) &&
    (statement.audiences === undefined || statement.audiences.includes(audience))
  );
}

/** Whether a statement of `role` names the caller of an AssumeRole. */
export function trustsPrincipal(role: StsRole, caller: StsCaller): boolean {
  const names = new Set([caller.accessKeyId, `arn:aws:iam::${caller.accountId}:root`]);
  if (caller.roleArn !== undefined) names.add(caller.roleArn);
  if (caller.assumedRoleArn !== undefined) names.add(caller.assumedRoleArn);
  return role.trust.some(
    (statement) => "principals" in statement && statement.principals.some((p) => names.has(p)),
  );
}
