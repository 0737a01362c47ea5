import { describe, expect, it } from "vitest";
import type { S3Destination } from "../config/parse-config.js";
import { JOB_ROLE, renderIamPolicies } from "./render-iam-policies.js";

const SOURCE_ROLE = "arn:aws:iam::111122223333:role/rds-log-reader";
const DESTINATION_ROLE = "arn:aws:iam::444455556666:role/log-archive-writer";
const target = { clusters: ["orders"], instances: [], all: false, engines: [], tags: {}, logTypes: [] };
const config = (fields: { roleArn?: string; destination?: Partial<S3Destination> } = {}) => ({
  targets: [
    { region: "us-east-1", ...target, ...(fields.roleArn === undefined ? {} : { roleArn: fields.roleArn }) },
  ],
  destination: {
    kind: "s3" as const,
    bucket: "log-archive",
    prefix: "rds/",
    keyTemplate: "{prefix}{instance}/{file}",
    ...fields.destination,
  },
});

function policiesOf(...args: Parameters<typeof renderIamPolicies>) {
  const result = renderIamPolicies(...args);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.policies;
}

describe("renderIamPolicies", () => {
  it("labels each document with the role it belongs to", () => {
    const policies = policiesOf(
      config({ roleArn: SOURCE_ROLE, destination: { roleArn: DESTINATION_ROLE } }),
      {
        githubRepo: "octo-org/octo-repo",
        githubRepoIds: "123456/456789",
      },
    );
    expect(Object.keys(policies)).toEqual([
      "sourcePolicy",
      "destinationPolicy",
      "trustPolicy",
      "destinationTrustPolicy",
      "bucketLifecycleConfiguration",
      "attachTo",
      "notes",
    ]);
    expect(policies.attachTo).toEqual({
      sourcePolicy: SOURCE_ROLE,
      destinationPolicy: DESTINATION_ROLE,
      trustPolicy: `the trust policy of ${SOURCE_ROLE}`,
      destinationTrustPolicy: `the trust policy of ${DESTINATION_ROLE}`,
    });
    // The source role's own account, from its ARN: the OIDC provider and the RDS resources.
    expect(policies.trustPolicy?.Statement[0]?.Principal).toEqual({
      Federated: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
    });
    expect(JSON.stringify(policies.sourcePolicy)).toContain(
      "arn:aws:rds:us-east-1:111122223333:cluster:orders",
    );
    expect(policies.destinationTrustPolicy?.Statement[0]?.Principal).toEqual({ AWS: SOURCE_ROLE });
    expect(policies.notes.join("\n")).toContain("Both subject forms are trusted");
  });

  it("says what to run for the immutable ids instead of guessing them", () => {
    const policies = policiesOf(config(), { githubRepo: "octo-org/octo-repo", accountId: "111122223333" });
    expect(
      policies.trustPolicy?.Statement[0]?.Condition?.StringEquals?.[
        "token.actions.githubusercontent.com:sub"
      ],
    ).toBe("repo:octo-org/octo-repo:ref:refs/heads/main");
    const notes = policies.notes.join("\n");
    expect(notes).toContain("gh api repos/octo-org/octo-repo/actions/oidc/customization/sub");
    expect(notes).toContain("--github-repo-ids OWNER_ID/REPO_ID");
    expect(policies.trustPolicy?.Statement).toHaveLength(1);
  });

  it("trusts the source account for the destination role when the source role is not named", () => {
    const policies = policiesOf(config({ destination: { roleArn: DESTINATION_ROLE } }), {
      accountId: "111122223333",
    });
    expect(policies.destinationTrustPolicy?.Statement[0]?.Principal).toEqual({
      AWS: "arn:aws:iam::111122223333:root",
    });
    expect(policies.attachTo.sourcePolicy).toContain("role-to-assume");
    expect(policies.attachTo.destinationPolicy).toBe(DESTINATION_ROLE);
  });

  it("prints the RDS and S3 policies alone when nothing else is asked for", () => {
    const policies = policiesOf(config(), {});
    expect(policies.trustPolicy).toBeUndefined();
    expect(policies.destinationTrustPolicy).toBeUndefined();
    expect(policies.attachTo).toEqual({ sourcePolicy: JOB_ROLE, destinationPolicy: JOB_ROLE });
    expect(JSON.stringify(policies.sourcePolicy)).toContain("arn:aws:rds:us-east-1:*:cluster:orders");
  });

  it("says which role writes the bucket without a destination role, and how another job role would fit", () => {
    const policies = policiesOf(config({ roleArn: SOURCE_ROLE }), {});
    expect(policies.attachTo).toEqual({ sourcePolicy: SOURCE_ROLE, destinationPolicy: SOURCE_ROLE });
    expect(policies.notes.join("\n")).toContain(
      `take the workflow's role-to-assume (or the CLI's credentials) to be ${SOURCE_ROLE}, the targets' roleArn: it reads RDS, and writes to the destination itself. If the job runs as another role J, give J sourcePolicy's AssumeDestinationRole and destinationPolicy`,
    );
  });

  it("notes only what the config holds: all: true and clusters where targets have them", () => {
    const named = policiesOf(
      { ...config(), targets: [{ region: "eu-west-1", ...target, clusters: [], instances: ["db-1"] }] },
      {},
    );
    expect(named.notes[0]).toBe(
      'rds:DescribeDBInstances and rds:DescribeDBLogFiles take resource-level permissions, so no statement needs "Resource": "*".',
    );
    const wide = policiesOf(config(), {});
    expect(wide.notes[0]).toContain("rds:DescribeDBClusters");
    expect(wide.notes[0]).toContain("A cluster's members change");
    expect(wide.notes[0]).not.toContain("all: true");
    const all = policiesOf(
      { ...config(), targets: [{ region: "eu-west-1", ...target, clusters: [], all: true }] },
      {},
    );
    expect(all.notes[0]).toContain("The target with all: true lists every instance of eu-west-1");
  });

  it("reports every problem at once, each at its path", () => {
    const result = renderIamPolicies(
      {
        targets: [
          { region: "us-east-1", ...target, roleArn: SOURCE_ROLE },
          { region: "eu-west-1", ...target, roleArn: "arn:aws:iam::999999999999:role/other" },
        ],
        destination: config().destination,
      },
      { githubRepo: "octo-org", githubRepoIds: "octo/1", githubRef: "main", accountId: "12" },
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((i) => i.path)).toEqual([
      ["githubRepo"],
      ["githubRepoIds"],
      ["githubRef"],
      ["accountId"],
      ["targets", 1, "roleArn"],
      ["accountId"],
    ]);
  });

  it("needs the account for a trust policy when no target names a role", () => {
    const result = renderIamPolicies(config(), { githubRepo: "octo-org/octo-repo" });
    expect(!result.ok && result.issues).toEqual([
      { path: ["accountId"], message: expect.stringContaining("OIDC provider") },
    ]);
  });

  it("refuses GitHub details without the repository", () => {
    const result = renderIamPolicies(config(), { githubRef: "refs/heads/main", githubRepoIds: "1/2" });
    expect(!result.ok && result.issues.map((i) => i.path)).toEqual([["githubRepoIds"], ["githubRef"]]);
  });

  it("grants what the events command needs when the config notifies or events are asked for", () => {
    const sids = (policies: ReturnType<typeof policiesOf>) =>
      policies.sourcePolicy.Statement.map((s) => s.Sid);
    expect(sids(policiesOf(config({ roleArn: SOURCE_ROLE }), {}))).not.toContain("ReadEvents");
    expect(sids(policiesOf(config({ roleArn: SOURCE_ROLE }), { events: true }))).toContain("ReadEvents");
    const notifying = {
      ...config({ roleArn: SOURCE_ROLE }),
      notify: { categories: ["backup"], timeZone: "UTC" },
    };
    expect(sids(policiesOf(notifying, {}))).toEqual(
      expect.arrayContaining(["ReadEvents", "AttributeSnapshotEvents"]),
    );
  });
});
