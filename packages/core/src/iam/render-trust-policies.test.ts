import { describe, expect, it } from "vitest";
import {
  renderDestinationTrustPolicy,
  renderGithubSubjects,
  renderGithubTrustPolicy,
} from "./render-trust-policies.js";

const PROVIDER = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";

describe("renderGithubSubjects", () => {
  it("writes the classic subject, and the immutable one when the ids are known", () => {
    expect(renderGithubSubjects({ repo: "octo-org/octo-repo", ref: "refs/heads/main" })).toEqual([
      "repo:octo-org/octo-repo:ref:refs/heads/main",
    ]);
    expect(
      renderGithubSubjects({
        repo: "octo-org/octo-repo",
        ref: "refs/heads/main",
        ids: { owner: "123456", repo: "456789" },
      }),
    ).toEqual([
      "repo:octo-org/octo-repo:ref:refs/heads/main",
      "repo:octo-org@123456/octo-repo@456789:ref:refs/heads/main",
    ]);
  });

  it("writes environments, pull requests and any-ref as GitHub does", () => {
    const subject = (ref: string) => renderGithubSubjects({ repo: "o/r", ref })[0];
    expect(subject("environment:prod")).toBe("repo:o/r:environment:prod");
    expect(subject("pull_request")).toBe("repo:o/r:pull_request");
    expect(subject("*")).toBe("repo:o/r:*");
    expect(subject("refs/tags/v*")).toBe("repo:o/r:ref:refs/tags/v*");
  });
});

describe("renderGithubTrustPolicy", () => {
  it("trusts the repository's exact subjects and GitHub's audience, and never a wildcard for the ids", () => {
    const policy = renderGithubTrustPolicy({
      partition: "aws",
      account: "111122223333",
      subject: {
        repo: "octo-org/octo-repo",
        ref: "refs/heads/main",
        ids: { owner: "123456", repo: "456789" },
      },
    });
    expect(policy).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "GitHubActionsOidc",
          Effect: "Allow",
          Principal: { Federated: PROVIDER },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: {
              "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
              "token.actions.githubusercontent.com:sub": [
                "repo:octo-org/octo-repo:ref:refs/heads/main",
                "repo:octo-org@123456/octo-repo@456789:ref:refs/heads/main",
              ],
            },
          },
        },
      ],
    });
  });

  it("matches a wildcard ref with StringLike, keeping the audience exact", () => {
    const [statement] = renderGithubTrustPolicy({
      partition: "aws",
      account: "111122223333",
      subject: { repo: "octo-org/octo-repo", ref: "*", ids: { owner: "1", repo: "2" } },
    }).Statement;
    expect(statement?.Condition).toEqual({
      StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
      StringLike: {
        "token.actions.githubusercontent.com:sub": [
          "repo:octo-org/octo-repo:*",
          "repo:octo-org@1/octo-repo@2:*",
        ],
      },
    });
    expect(JSON.stringify(statement)).not.toMatch(/@\*/);
  });

  it("lets a configured source role assume itself, as the engine chains into it", () => {
    const role = "arn:aws:iam::111122223333:role/rds-log-reader";
    const policy = renderGithubTrustPolicy({
      partition: "aws",
      account: "111122223333",
      subject: { repo: "o/r", ref: "refs/heads/main" },
      chainedRoleArn: role,
    });
    expect(policy.Statement[1]).toEqual({
      Sid: "ChainIntoItself",
      Effect: "Allow",
      Principal: { AWS: role },
      Action: "sts:AssumeRole",
    });
  });
});

describe("renderDestinationTrustPolicy", () => {
  it("lets the source role assume the destination role", () => {
    expect(renderDestinationTrustPolicy("arn:aws:iam::111122223333:role/rds-log-reader").Statement).toEqual([
      {
        Sid: "AssumeFromSourceRole",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::111122223333:role/rds-log-reader" },
        Action: "sts:AssumeRole",
      },
    ]);
  });
});
