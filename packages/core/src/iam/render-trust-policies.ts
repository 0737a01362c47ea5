/**
 * Who may assume the roles: GitHub Actions (OIDC) the source role, the source role the destination
 * role. The GitHub subject is pinned to the repository, in both formats GitHub sends
 * (docs/aws-wire-facts.md, "GitHub Actions OIDC tokens"): the classic `repo:ORG/REPO:…`, and `repo:ORG@OWNER_ID/REPO@REPO_ID:…`, which repositories
 * created after 2026-07-15 (or renamed, transferred or opted in) send instead. The ids are never
 * replaced by wildcards: `repo:ORG@` followed by `*` would also match a repository that someone else
 * creates under the same names after the original was deleted, which is exactly what the ids
 * exist to rule out. Without the ids only the classic form is trusted.
 */

import { type PolicyDocument, type PolicyStatement, policyDocument } from "./policy-document.js";

const GITHUB_ISSUER = "token.actions.githubusercontent.com";
/** The audience `aws-actions/configure-aws-credentials` and our action request. */
export const GITHUB_AUDIENCE = "sts.amazonaws.com";
/** By default only the default branch, where `schedule` and `workflow_dispatch` runs start. */
export const DEFAULT_GITHUB_REF = "refs/heads/main";

/** What GitHub workflows may assume the source role. */
export interface GithubSubject {
  /** `ORG/REPO`. */
  repo: string;
  /** The immutable ids of the owner and the repository. */
  ids?: { owner: string; repo: string };
  /** A ref (`refs/heads/main`, globs allowed), `environment:NAME`, `pull_request`, or `*` for any. */
  ref: string;
}

/** The `sub` claims a workflow of `subject` presents: one per format. */
export function renderGithubSubjects(subject: GithubSubject): string[] {
  const context =
    subject.ref === "*" || !subject.ref.startsWith("refs/") ? subject.ref : `ref:${subject.ref}`;
  const [org, repo] = subject.repo.split("/") as [string, string];
  const subjects = [`repo:${org}/${repo}:${context}`];
  if (subject.ids !== undefined)
    subjects.push(`repo:${org}@${subject.ids.owner}/${repo}@${subject.ids.repo}:${context}`);
  return subjects;
}

/**
 * The trust policy of the source role for GitHub's OIDC provider in `account`. With
 * `chainedRoleArn` (the targets name the source role itself as their roleArn), the role may also
 * assume itself: the engine assumes a configured roleArn even when it already runs as that role,
 * and AWS allows that only when the role's trust policy names it.
 */
export function renderGithubTrustPolicy(options: {
  partition: string;
  account: string;
  subject: GithubSubject;
  chainedRoleArn?: string;
}): PolicyDocument {
  const subjects = renderGithubSubjects(options.subject);
  const exact = subjects.every((s) => !/[*?]/.test(s));
  const audience = { [`${GITHUB_ISSUER}:aud`]: GITHUB_AUDIENCE };
  const sub = { [`${GITHUB_ISSUER}:sub`]: subjects.length === 1 ? (subjects[0] as string) : subjects };
  const statements: PolicyStatement[] = [
    {
      Sid: "GitHubActionsOidc",
      Effect: "Allow",
      Principal: {
        Federated: `arn:${options.partition}:iam::${options.account}:oidc-provider/${GITHUB_ISSUER}`,
      },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: exact
        ? { StringEquals: { ...audience, ...sub } }
        : { StringEquals: audience, StringLike: sub },
    },
  ];
  if (options.chainedRoleArn !== undefined)
    statements.push({
      Sid: "ChainIntoItself",
      Effect: "Allow",
      Principal: { AWS: options.chainedRoleArn },
      Action: "sts:AssumeRole",
    });
  return policyDocument(statements);
}

/** The trust policy of the destination role: the source role (or its account) may assume it. */
export function renderDestinationTrustPolicy(sourcePrincipal: string): PolicyDocument {
  return policyDocument([
    {
      Sid: "AssumeFromSourceRole",
      Effect: "Allow",
      Principal: { AWS: sourcePrincipal },
      Action: "sts:AssumeRole",
    },
  ]);
}
