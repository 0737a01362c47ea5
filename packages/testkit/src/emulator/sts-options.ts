import type { JsonWebKey } from "node:crypto";

/**
 * How the emulator's STS is set up: the OIDC providers it trusts (IAM's "identity providers")
 * and the roles that can be assumed, each with its trust policy reduced to the conditions the
 * archiver's deployments use. Read from code (`startEmulator({ sts })`) or from JSON (`--sts`).
 */
export interface StsOptions {
  oidcProviders?: OidcProviderConfig[];
  roles?: StsRole[];
  /**
   * STS's clock: token `exp`/`nbf` and the expiry of issued credentials. Defaults to the wall
   * clock; a test moves it ahead to expire credentials without waiting 15 minutes.
   */
  now?: () => Date;
}

export interface JsonWebKeySet {
  keys: (JsonWebKey & { kid?: string })[];
}

export interface OidcProviderConfig {
  /** Exactly the tokens' `iss`, such as `https://token.actions.githubusercontent.com`. */
  issuer: string;
  /**
   * The signing keys. Without them the keys come from `jwksUri`, or else from the issuer's
   * `/.well-known/openid-configuration`, as AWS finds them.
   */
  jwks?: JsonWebKeySet;
  jwksUri?: string;
  /** IAM's client ID list, the audiences a token may carry; default `["sts.amazonaws.com"]`. */
  clientIds?: string[];
}

export interface StsRole {
  /** `arn:aws:iam::ACCOUNT:role/NAME` (a path before NAME is allowed). */
  roleArn: string;
  /** Who may assume the role: a request is allowed when any statement matches. */
  trust: TrustStatement[];
  /** IAM's MaxSessionDuration in seconds; default 3600, as IAM creates roles. */
  maxSessionDuration?: number;
  /**
   * Keys to hand out instead of fresh ones, for a role whose account is another store (a second
   * Swift account) that knows only its own keys. The emulator itself does not accept them.
   */
  fixedCredentials?: { accessKeyId: string; secretAccessKey: string };
}

export type TrustStatement = WebIdentityTrust | PrincipalTrust;

/** `Principal: {Federated: <provider>}` with `StringLike` on `:sub` and `StringEquals` on `:aud`. */
export interface WebIdentityTrust {
  /** The provider's issuer. */
  federated: string;
  /** `StringLike` patterns for `sub`: `*` is any run of characters, `?` one character. */
  subjects: string[];
  /** `StringEquals` on `aud`; when absent, any audience the provider accepts. */
  audiences?: string[];
}

/**
 * `Principal: {AWS: [...]}` for AssumeRole. An entry matches the caller's access key id, its
 * assumed-role ARN (`arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION`), the role it assumed
 * (`arn:aws:iam::ACCOUNT:role/NAME`), or every caller in an account (`arn:aws:iam::ACCOUNT:root`).
 */
export interface PrincipalTrust {
  principals: string[];
}

/** STS options that cannot be served; the message lists every problem with its path. */
export class InvalidStsOptionsError extends Error {
  override name = "InvalidStsOptionsError";

  readonly problems: readonly string[];

  constructor(source: string, problems: readonly string[]) {
    super(`${source} is not a valid STS setup:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.problems = problems;
  }
}

export const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

/** Checks options that came as JSON or from code; every problem is reported at once. */
export function parseStsOptions(raw: unknown, source = "sts"): StsOptions {
  const problems: string[] = [];
  const record = (value: unknown): Record<string, unknown> =>
    typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  const list = (where: string, value: unknown): unknown[] => {
    if (value === undefined) return [];
    if (Array.isArray(value)) return value;
    problems.push(`${where}: must be an array`);
    return [];
  };
  const strings = (where: string, value: unknown, required: boolean): void => {
    if (value === undefined && !required) return;
    const ok = Array.isArray(value) && value.every((v) => typeof v === "string" && v !== "");
    if (!ok || (required && value.length === 0)) {
      problems.push(`${where}: must be ${required ? "a non-empty" : "an"} array of non-empty strings`);
    }
  };

  const options = record(raw);
  list("oidcProviders", options.oidcProviders).forEach((p, i) => {
    const provider = record(p);
    if (typeof provider.issuer !== "string" || !/^https?:\/\//.test(provider.issuer)) {
      problems.push(`oidcProviders[${i}].issuer: must be an http(s) URL`);
    }
    if (provider.jwks !== undefined && !Array.isArray(record(provider.jwks).keys)) {
      problems.push(`oidcProviders[${i}].jwks: must be a JWKS ({"keys": [...]})`);
    }
    strings(`oidcProviders[${i}].clientIds`, provider.clientIds, false);
  });
  list("roles", options.roles).forEach((r, i) => {
    const role = record(r);
    if (typeof role.roleArn !== "string" || !ROLE_ARN.test(role.roleArn)) {
      problems.push(`roles[${i}].roleArn: must be arn:aws:iam::<12 digits>:role/<name>`);
    }
    const max = role.maxSessionDuration;
    const maxOk = typeof max === "number" && Number.isInteger(max) && max >= 3600 && max <= 43200;
    if (max !== undefined && !maxOk) {
      problems.push(`roles[${i}].maxSessionDuration: must be a whole number of seconds from 3600 to 43200`);
    }
    const trust = list(`roles[${i}].trust`, role.trust);
    if (trust.length === 0) problems.push(`roles[${i}].trust: must hold at least one statement`);
    trust.forEach((s, j) => {
      const statement = record(s);
      const where = `roles[${i}].trust[${j}]`;
      if ("federated" in statement) {
        if (typeof statement.federated !== "string")
          problems.push(`${where}.federated: must be an issuer URL`);
        strings(`${where}.subjects`, statement.subjects, true);
        strings(`${where}.audiences`, statement.audiences, false);
      } else if ("principals" in statement) {
        strings(`${where}.principals`, statement.principals, true);
      } else {
        problems.push(`${where}: must have "federated" (web identity) or "principals" (AssumeRole)`);
      }
    });
    const fixed = role.fixedCredentials;
    if (fixed !== undefined) {
      const { accessKeyId, secretAccessKey } = record(fixed);
      if (typeof accessKeyId !== "string" || typeof secretAccessKey !== "string") {
        problems.push(`roles[${i}].fixedCredentials: must have accessKeyId and secretAccessKey`);
      }
    }
  });
  if (problems.length > 0) throw new InvalidStsOptionsError(source, problems);
  return options as StsOptions;
}
