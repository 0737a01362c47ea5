import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { ArchiveTarget, S3Destination } from "../config/parse-config.js";
import { renderIamCloudFormation } from "./render-iam-cloudformation.js";
import { type IamPolicies, renderIamPolicies } from "./render-iam-policies.js";
import { renderIamTerraform } from "./render-iam-terraform.js";

const SOURCE_ROLE = "arn:aws:iam::111122223333:role/ops/rds-log-reader";
const DESTINATION_ROLE = "arn:aws:iam::444455556666:role/log-archive-writer";
const target: ArchiveTarget = {
  region: "eu-west-1",
  clusters: ["orders"],
  instances: [],
  all: false,
  engines: [],
  tags: {},
  logTypes: [],
};
const destination: S3Destination = {
  kind: "s3",
  bucket: "central-logs",
  prefix: "rds/",
  keyTemplate: "{prefix}{instance}/{logType}/{file}",
};

function setup(fields: { roleArn?: string; destinationRoleArn?: string; github?: boolean }) {
  const config = {
    targets: [{ ...target, ...(fields.roleArn === undefined ? {} : { roleArn: fields.roleArn }) }],
    destination: {
      ...destination,
      ...(fields.destinationRoleArn === undefined ? {} : { roleArn: fields.destinationRoleArn }),
    },
  };
  const result = renderIamPolicies(config, {
    ...(fields.github ? { githubRepo: "octo-org/octo-repo" } : {}),
    ...(fields.roleArn === undefined ? { accountId: "111122223333" } : {}),
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return { config, policies: result.policies as IamPolicies };
}

/** Each `jsonencode(…)` of a Terraform text, parsed back. */
const encoded = (terraform: string) =>
  [...terraform.matchAll(/jsonencode\((\{[\s\S]*?\n {2}\})\)/g)].map((match) =>
    JSON.parse(match[1] as string),
  );

describe("renderIamTerraform", () => {
  it("creates the roles whose trust it prints, puts each policy on its role, and marks another account's provider", () => {
    const { config, policies } = setup({
      roleArn: SOURCE_ROLE,
      destinationRoleArn: DESTINATION_ROLE,
      github: true,
    });
    const terraform = renderIamTerraform(policies, config, undefined);
    const resources = [...terraform.matchAll(/^resource "([\w]+)" "([\w]+)"/gm)].map(
      (m) => `${m[1]}.${m[2]}`,
    );
    expect(resources).toEqual([
      "aws_iam_role.rds_log_reader",
      "aws_iam_role_policy.rds_log_reader_rds_log_archive_source",
      "aws_iam_role.log_archive_writer",
      "aws_iam_role_policy.log_archive_writer_rds_log_archive_destination",
    ]);
    expect(terraform).toContain('  path               = "/ops/"');
    expect(terraform).toContain("  role   = aws_iam_role.rds_log_reader.name");
    expect(terraform).toContain("  provider = aws.account_444455556666");
    expect(encoded(terraform)).toEqual([
      policies.trustPolicy,
      policies.sourcePolicy,
      policies.destinationTrustPolicy,
      policies.destinationPolicy,
    ]);
    // The lifecycle rule is a comment: applied as a resource it would replace the bucket's rules.
    expect(terraform).not.toMatch(/^resource "aws_s3_bucket_lifecycle_configuration"/m);
    expect(terraform).toContain("#     abort_incomplete_multipart_upload { days_after_initiation = 1 }");
  });

  it("names the job role with a variable when no target names a role, and escapes HCL templates", () => {
    const { config, policies } = setup({});
    const withTemplate = {
      ...policies,
      sourcePolicy: {
        ...policies.sourcePolicy,
        // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, which HCL must not read
        Statement: [{ ...policies.sourcePolicy.Statement[0], Resource: "arn:aws:s3:::b/${aws:username}/*" }],
      },
    } as IamPolicies;
    const terraform = renderIamTerraform(withTemplate, config, "111122223333");
    expect(terraform).toContain('variable "job_role_name"');
    expect(terraform).toContain("  role   = var.job_role_name");
    expect(terraform).toContain("$${aws:username}");
    expect(terraform).not.toContain("provider =");
  });
});

describe("renderIamCloudFormation", () => {
  it("writes one template per account, each role with its trust and inline policies", async () => {
    const { config, policies } = setup({
      roleArn: SOURCE_ROLE,
      destinationRoleArn: DESTINATION_ROLE,
      github: true,
    });
    const text = await renderIamCloudFormation(policies, config, undefined);
    const [source, target] = text.split(/^---$/m).map((part) => parse(part));
    expect(text).toMatch(/^# Deploy this template in account 111122223333\./);
    expect(text).toContain("# Deploy this template in account 444455556666.");
    // Quoted, as CloudFormation's YAML 1.1 would read a bare 2010-09-09 as a date.
    expect(text).toContain('AWSTemplateFormatVersion: "2010-09-09"');
    expect(source.Resources.RdsLogReaderRole).toEqual({
      Type: "AWS::IAM::Role",
      Properties: {
        RoleName: "rds-log-reader",
        Path: "/ops/",
        AssumeRolePolicyDocument: policies.trustPolicy,
        Policies: [{ PolicyName: "rds-log-archive-source", PolicyDocument: policies.sourcePolicy }],
      },
    });
    expect(target.Resources.LogArchiveWriterRole.Properties.AssumeRolePolicyDocument).toEqual(
      policies.destinationTrustPolicy,
    );
    expect(target.Resources.LogArchiveWriterRole.Properties.Policies).toEqual([
      { PolicyName: "rds-log-archive-destination", PolicyDocument: policies.destinationPolicy },
    ]);
  });

  it("attaches policies to roles it does not create, the job role by a parameter", async () => {
    const { config, policies } = setup({});
    const template = parse(await renderIamCloudFormation(policies, config, "111122223333"));
    expect(template.Parameters).toHaveProperty("JobRoleName");
    expect(template.Resources.JobRdsLogArchiveSource).toEqual({
      Type: "AWS::IAM::RolePolicy",
      Properties: {
        RoleName: { Ref: "JobRoleName" },
        PolicyName: "rds-log-archive-source",
        PolicyDocument: policies.sourcePolicy,
      },
    });
    expect(template.Resources.JobRdsLogArchiveDestination.Properties.PolicyDocument).toEqual(
      policies.destinationPolicy,
    );
  });
});
