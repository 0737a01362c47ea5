/** `rds-log-archive iam-policy` end to end: the built CLI, a config file, flags, JSON on stdout. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runCli } from "./support/run-cli.js";

const SOURCE_ROLE = "arn:aws:iam::111122223333:role/rds-log-reader";
const DESTINATION_ROLE = "arn:aws:iam::444455556666:role/log-archive-writer";
const KEY = "arn:aws:kms:eu-west-1:444455556666:key/0a1b2c3d-1111-2222-3333-444455556666";
let work: string;
// No AWS credentials or endpoints: iam-policy reads the config only, and calls nothing.
const run = (args: string[]) => runCli(args, {});

interface Statement {
  Sid: string;
  Action: string | string[];
  Resource?: string | string[];
  Principal?: Record<string, string>;
  Condition?: Record<string, Record<string, string | string[]>>;
}
type Policy = { Version: string; Statement: Statement[] };

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "cli-iam-"));
});
afterAll(async () => rm(work, { recursive: true, force: true }));

describe("rds-log-archive iam-policy", () => {
  it("prints every document a cross-account GitHub setup needs, labelled, from a config file", async () => {
    const config = path.join(work, "archive.yml");
    await writeFile(
      config,
      [
        "targets:",
        "  - region: eu-west-1",
        `    roleArn: ${SOURCE_ROLE}`,
        "    clusters: [orders]",
        "  - region: us-east-1",
        `    roleArn: ${SOURCE_ROLE}`,
        "    instances: [billing-1]",
        "destination:",
        "  bucket: central-log-archive",
        "  prefix: rds",
        "  region: eu-west-1",
        `  roleArn: ${DESTINATION_ROLE}`,
        "  sse: aws:kms",
        `  kmsKeyId: ${KEY}`,
        "  expectedBucketOwner: '444455556666'",
        "",
      ].join("\n"),
    );
    const result = await run([
      "iam-policy",
      "--config",
      config,
      "--github-repo",
      "octo-org/octo-repo",
      "--github-repo-ids",
      "123456/456789",
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as Record<string, Policy> & {
      attachTo: Record<string, string>;
      notes: string[];
    };
    expect(Object.keys(output)).toEqual([
      "sourcePolicy",
      "destinationPolicy",
      "trustPolicy",
      "destinationTrustPolicy",
      "bucketLifecycleConfiguration",
      "attachTo",
      "notes",
    ]);
    const sids = (policy: Policy | undefined) => policy?.Statement.map((s) => s.Sid);
    const find = (policy: Policy | undefined, sid: string) => policy?.Statement.find((s) => s.Sid === sid);

    expect(sids(output.sourcePolicy)).toEqual([
      "DescribeInstances",
      "DescribeClusters",
      "ReadLogFiles",
      "AssumeDestinationRole",
    ]);
    expect(find(output.sourcePolicy, "ReadLogFiles")?.Resource).toEqual([
      "arn:aws:rds:eu-west-1:111122223333:db:*",
      "arn:aws:rds:us-east-1:111122223333:db:billing-1",
    ]);
    expect(find(output.sourcePolicy, "ReadLogFiles")?.Action).toContain("rds:DownloadCompleteDBLogFile");

    expect(find(output.destinationPolicy, "ReadAndWriteArchiveObjects")?.Resource).toBe(
      "arn:aws:s3:::central-log-archive/rds/*",
    );
    expect(find(output.destinationPolicy, "ListArchivePrefix")?.Condition?.StringLike).toEqual({
      "s3:prefix": "rds/*",
    });
    expect(find(output.destinationPolicy, "EncryptWithArchiveKey")).toMatchObject({
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: KEY,
    });

    const oidc = find(output.trustPolicy, "GitHubActionsOidc");
    expect(oidc?.Principal).toEqual({
      Federated: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
    });
    expect(oidc?.Condition?.StringEquals?.["token.actions.githubusercontent.com:sub"]).toEqual([
      "repo:octo-org/octo-repo:ref:refs/heads/main",
      "repo:octo-org@123456/octo-repo@456789:ref:refs/heads/main",
    ]);
    expect(find(output.destinationTrustPolicy, "AssumeFromSourceRole")?.Principal).toEqual({
      AWS: SOURCE_ROLE,
    });
    expect(output.attachTo).toMatchObject({ sourcePolicy: SOURCE_ROLE, destinationPolicy: DESTINATION_ROLE });
    expect(output.notes.join("\n")).toContain("rds/_state/conditional-write-probe");
  });

  it("takes sync's flags, and says how to get the repository ids rather than guess them", async () => {
    const result = await run([
      "iam-policy",
      "--all",
      "--region",
      "us-east-1",
      "--dest",
      "s3://log-archive/rds/",
      "--github-repo",
      "octo-org/octo-repo",
      "--github-ref",
      "environment:prod",
      "--account-id",
      "111122223333",
    ]);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(
      output.trustPolicy.Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"],
    ).toBe("repo:octo-org/octo-repo:environment:prod");
    expect(result.stdout).not.toMatch(/@\*/);
    expect(output.notes.join("\n")).toContain(
      "gh api repos/octo-org/octo-repo/actions/oidc/customization/sub",
    );
    expect(output.sourcePolicy.Statement[0].Resource).toBe("arn:aws:rds:us-east-1:111122223333:db:*");
  });

  it("narrows the log reads to tagged instances with --tag: rds:db-tag conditions, all of them", async () => {
    const result = await run([
      "iam-policy",
      "--all",
      "--tag",
      "team=payments",
      "--tag",
      "env=prod",
      "--region",
      "us-east-1",
      "--dest",
      "s3://log-archive/rds/",
      "--account-id",
      "111122223333",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout) as { sourcePolicy: Policy; notes: string[] };
    const read = output.sourcePolicy.Statement.find((s) => s.Sid === "ReadTaggedLogFiles");
    expect(read?.Resource).toBe("arn:aws:rds:us-east-1:111122223333:db:*");
    expect(read?.Condition).toEqual({
      StringEquals: { "rds:db-tag/team": "payments", "rds:db-tag/env": "prod" },
    });
    expect(output.sourcePolicy.Statement.some((s) => s.Sid === "ReadLogFiles")).toBe(false);
    expect(output.notes.join("\n")).toContain("rds:db-tag/<key>");
    const bad = await run([
      "iam-policy",
      "--all",
      "--tag",
      "team",
      "--region",
      "us-east-1",
      "--dest",
      "s3://b-1/",
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toContain('--tag: "team" is not key=value');
  });

  it("exits 2 naming each flag at fault", async () => {
    const result = await run([
      "iam-policy",
      "--all",
      "--region",
      "us-east-1",
      "--dest",
      "s3://log-archive/rds/",
      "--github-repo",
      "octo-org/octo-repo",
      "--github-repo-ids",
      "octo/1",
    ]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("--github-repo-ids:");
    const noAccount = await run([
      "iam-policy",
      "--all",
      "--region",
      "us-east-1",
      "--dest",
      "s3://b-1/",
      "--github-repo",
      "o/r",
    ]);
    expect(noAccount.code).toBe(2);
    expect(noAccount.stderr).toContain("--account-id: is required for the trust policy");
    const unknown = await run(["iam-policy", "--all", "--dest", "s3://b-1/", "--since", "1h"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--since");
    const help = await run(["iam-policy", "--help"]);
    expect(help.stdout).toContain("--github-repo-ids");
  });

  it("prints Terraform or CloudFormation instead of JSON with --format", async () => {
    const args = ["iam-policy", "--all", "--region", "us-east-1", "--dest", "s3://log-archive/rds/"];
    const terraform = await run([...args, "--account-id", "111122223333", "--format", "terraform"]);
    expect(terraform.code, terraform.stderr).toBe(0);
    expect(terraform.stdout).toMatch(/^# rds-log-archive iam-policy --format terraform/);
    expect(terraform.stdout).toContain('resource "aws_iam_role_policy" "job_role_rds_log_archive_source"');
    expect(terraform.stdout).toContain("role   = var.job_role_name");
    const cloudformation = await run([...args, "--format", "cloudformation"]);
    expect(cloudformation.code, cloudformation.stderr).toBe(0);
    const template = parse(cloudformation.stdout);
    expect(Object.keys(template.Resources)).toEqual([
      "JobRdsLogArchiveSource",
      "JobRdsLogArchiveDestination",
    ]);
    const bad = await run([...args, "--format", "yaml"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format: "yaml" is not one of json, terraform, cloudformation');
  });
});
