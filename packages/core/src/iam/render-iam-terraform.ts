/**
 * `iam-policy --format terraform`: the documents as Terraform (AWS provider) resources. A role
 * whose trust policy was printed is created (`aws_iam_role`); any other role is named and gets
 * inline policies (`aws_iam_role_policy`). The job role, when no target names it, is a variable.
 * A role in another account than the source's takes a provider alias, which the reader declares
 * with credentials for that account. Policies are written with `jsonencode()` of the documents in
 * JSON, which HCL reads as its own object syntax.
 */
import type { ArchiveConfig } from "../config/parse-config.js";
import type { PolicyDocument } from "./policy-document.js";
import type { IamPolicies } from "./render-iam-policies.js";
import { selectIamRoles } from "./select-iam-roles.js";

/** A Terraform identifier from any name: letters, digits and underscores. */
const identifier = (name: string) => name.replace(/[^A-Za-z0-9_]/g, "_").replace(/^(?=\d)/, "_");

/** `jsonencode({…})`, indented under its attribute, with HCL's template sequences escaped. */
function jsonencode(document: unknown, indent: string): string {
  const json = JSON.stringify(document, null, 2)
    .replace(/([$%])\{/g, (_, sign: string) => `${sign}${sign}{`)
    .replace(/\n/g, `\n${indent}`);
  return `jsonencode(${json})`;
}

export function renderIamTerraform(
  policies: IamPolicies,
  config: Pick<ArchiveConfig, "targets" | "destination">,
  account: string | undefined,
): string {
  const roles = selectIamRoles(policies, config, account);
  const home = roles[0]?.account;
  const lines = [
    "# rds-log-archive iam-policy --format terraform: the roles and policies the config needs.",
    "# Review before applying; the notes of --format json explain each statement.",
    "",
  ];
  if (roles.some((role) => role.arn === undefined))
    lines.push(
      'variable "job_role_name" {',
      '  description = "Name of the role the archive job runs as (the action\'s role-to-assume)."',
      "  type        = string",
      "}",
      "",
    );
  const providers = new Map<string, string>();
  for (const role of roles) {
    const id = identifier(role.name ?? "job_role");
    const elsewhere = role.account !== undefined && home !== undefined && role.account !== home;
    const provider = elsewhere ? `aws.account_${role.account}` : undefined;
    if (provider !== undefined && !providers.has(provider)) {
      providers.set(provider, role.account as string);
      lines.push(
        `# ${role.arn} is in account ${role.account}: declare a provider "aws" with alias "account_${role.account}"`,
        "# and credentials for that account, or apply this part with that account's provider.",
      );
    }
    const providerLine = provider === undefined ? [] : [`  provider = ${provider}`];
    let roleRef = role.name === undefined ? "var.job_role_name" : JSON.stringify(role.name);
    if (role.trust !== undefined) {
      lines.push(
        `resource "aws_iam_role" "${id}" {`,
        ...providerLine,
        `  name               = ${JSON.stringify(role.name ?? "rds-log-archive")}`,
        ...(role.path !== undefined && role.path !== "/"
          ? [`  path               = ${JSON.stringify(role.path)}`]
          : []),
        `  assume_role_policy = ${jsonencode(role.trust as PolicyDocument, "  ")}`,
        "}",
        "",
      );
      roleRef = `aws_iam_role.${id}.name`;
    }
    for (const policy of role.policies) {
      lines.push(
        `resource "aws_iam_role_policy" "${id}_${identifier(policy.name)}" {`,
        ...providerLine,
        `  name   = ${JSON.stringify(policy.name)}`,
        `  role   = ${roleRef}`,
        `  policy = ${jsonencode(policy.document, "  ")}`,
        "}",
        "",
      );
    }
  }
  if (policies.bucketLifecycleConfiguration !== undefined && config.destination.kind === "s3") {
    const rule = policies.bucketLifecycleConfiguration.Rules[0];
    lines.push(
      "# The bucket's lifecycle rule for unfinished multipart uploads. aws_s3_bucket_lifecycle_configuration",
      "# replaces every rule of the bucket, so add this rule to the bucket's own configuration instead:",
      "#   rule {",
      `#     id     = ${JSON.stringify(rule?.ID)}`,
      '#     status = "Enabled"',
      `#     filter { prefix = ${JSON.stringify(rule?.Filter.Prefix)} }`,
      `#     abort_incomplete_multipart_upload { days_after_initiation = ${rule?.AbortIncompleteMultipartUpload.DaysAfterInitiation} }`,
      "#   }",
      "",
    );
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
