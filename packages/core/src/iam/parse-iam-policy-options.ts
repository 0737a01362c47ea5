import type { ConfigIssue } from "../config/parse-config.js";
import { DEFAULT_GITHUB_REF, type GithubSubject } from "./render-trust-policies.js";

/** What `iam-policy` takes besides the config, as the user typed it. */
export interface IamPolicyOptions {
  /** `ORG/REPO` whose workflows may assume the source role. */
  githubRepo?: string;
  /** `OWNER_ID/REPO_ID`, the immutable ids GitHub puts in newer subjects. */
  githubRepoIds?: string;
  /** What the subject is narrowed to; {@link DEFAULT_GITHUB_REF} by default. */
  githubRef?: string;
  /** The 12-digit account of the source role, when no target names a roleArn. */
  accountId?: string;
  /** Also grant what the `events` command needs (implied by a config with `notify`). */
  events?: boolean;
  /** Also grant what the `activity-stream` command needs: its Kinesis streams and KMS Decrypt. */
  activityStreams?: boolean;
}

/** The options, checked: the GitHub subject if a repository was given, and the account. */
export interface ParsedIamPolicyOptions {
  github?: GithubSubject;
  accountId?: string;
}

const REPO = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}$/;
const IDS = /^(\d+)\/(\d+)$/;
const REF = /^(?:\*|pull_request|environment:\S.*|refs\/\S+)$/;

/**
 * Checks the options and reports every problem at once, each at its option's path
 * (`["githubRepo"]`), for the surface to name in its own words.
 */
export function parseIamPolicyOptions(
  options: IamPolicyOptions,
): { ok: true; options: ParsedIamPolicyOptions } | { ok: false; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const { githubRepo, githubRepoIds, githubRef, accountId } = options;
  if (githubRepo !== undefined && !REPO.test(githubRepo))
    issues.push({
      path: ["githubRepo"],
      message: `"${githubRepo}" is not ORG/REPO (for example octo-org/octo-repo)`,
    });
  const ids = githubRepoIds === undefined ? undefined : IDS.exec(githubRepoIds);
  if (ids === null)
    issues.push({
      path: ["githubRepoIds"],
      message: `"${githubRepoIds}" is not OWNER_ID/REPO_ID, two numbers (for example 123456/456789)`,
    });
  if (githubRef !== undefined && !REF.test(githubRef))
    issues.push({
      path: ["githubRef"],
      message: `"${githubRef}" is not a ref (refs/heads/main, refs/tags/v*), environment:NAME, pull_request, or * for any`,
    });
  if (githubRepo === undefined) {
    if (githubRepoIds !== undefined)
      issues.push({ path: ["githubRepoIds"], message: "applies only together with the GitHub repository" });
    if (githubRef !== undefined)
      issues.push({ path: ["githubRef"], message: "applies only together with the GitHub repository" });
  }
  if (accountId !== undefined && !/^\d{12}$/.test(accountId))
    issues.push({ path: ["accountId"], message: `"${accountId}" is not a 12-digit AWS account id` });
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    options: {
      ...(githubRepo === undefined
        ? {}
        : {
            github: {
              repo: githubRepo,
              ref: githubRef ?? DEFAULT_GITHUB_REF,
              ...(ids?.[1] === undefined || ids[2] === undefined
                ? {}
                : { ids: { owner: ids[1], repo: ids[2] } }),
            },
          }),
      ...(accountId === undefined ? {} : { accountId }),
    },
  };
}
