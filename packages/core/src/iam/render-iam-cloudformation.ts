/**
 * `iam-policy --format cloudformation`: the documents as CloudFormation templates (YAML), one per
 * account, since a stack creates resources in its own account only. A role whose trust policy was
 * printed is created (`AWS::IAM::Role` with its inline policies); any other role gets them as
 * `AWS::IAM::RolePolicy`. The job role, when no target names it, is a parameter. The bucket's
 * lifecycle rule stays a comment: a stack cannot change a bucket it did not create.
 */
import type { ArchiveConfig } from "../config/parse-config.js";
import type { IamPolicies } from "./render-iam-policies.js";
import { type IamRoleDocuments, selectIamRoles } from "./select-iam-roles.js";

/** A logical id: letters and digits, each word capitalised (`rds-log-reader` → `RdsLogReader`). */
const logicalId = (...words: string[]) =>
  words
    .flatMap((word) => word.split(/[^A-Za-z0-9]+/))
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");

function resourcesOf(role: IamRoleDocuments): Record<string, unknown> {
  const roleName = role.name ?? { Ref: "JobRoleName" };
  const id = logicalId(role.name ?? "job");
  if (role.trust !== undefined)
    return {
      [`${id}Role`]: {
        Type: "AWS::IAM::Role",
        Properties: {
          RoleName: roleName,
          ...(role.path !== undefined && role.path !== "/" ? { Path: role.path } : {}),
          AssumeRolePolicyDocument: role.trust,
          Policies: role.policies.map((policy) => ({
            PolicyName: policy.name,
            PolicyDocument: policy.document,
          })),
        },
      },
    };
  return Object.fromEntries(
    role.policies.map((policy) => [
      logicalId(id, policy.name),
      {
        Type: "AWS::IAM::RolePolicy",
        Properties: { RoleName: roleName, PolicyName: policy.name, PolicyDocument: policy.document },
      },
    ]),
  );
}

export async function renderIamCloudFormation(
  policies: IamPolicies,
  config: Pick<ArchiveConfig, "targets" | "destination">,
  account: string | undefined,
): Promise<string> {
  // Imported on the call, as for a YAML config file: a CLI start that needs no YAML does not load it.
  const { stringify } = await import("yaml");
  const byAccount = new Map<string, IamRoleDocuments[]>();
  for (const role of selectIamRoles(policies, config, account)) {
    const key = role.account ?? "";
    byAccount.set(key, [...(byAccount.get(key) ?? []), role]);
  }
  const templates = [...byAccount].map(([inAccount, roles]) => {
    const template = {
      AWSTemplateFormatVersion: "2010-09-09",
      Description:
        "rds-log-archive: the roles and policies the archive needs (iam-policy --format cloudformation)",
      ...(roles.some((role) => role.name === undefined)
        ? {
            Parameters: {
              JobRoleName: {
                Type: "String",
                Description: "Name of the role the archive job runs as (the action's role-to-assume).",
              },
            },
          }
        : {}),
      Resources: Object.assign({}, ...roles.map(resourcesOf)),
    };
    const where = inAccount === "" ? "the source account" : `account ${inAccount}`;
    return `# Deploy this template in ${where}.\n${stringify(template, { lineWidth: 0, version: "1.1" })}`;
  });
  const lifecycle = policies.bucketLifecycleConfiguration;
  const note =
    lifecycle === undefined
      ? ""
      : `# Give the bucket this lifecycle rule for unfinished multipart uploads (merged into its own rules):\n${stringify(
          lifecycle,
          { lineWidth: 0, version: "1.1" },
        )
          .trimEnd()
          .split("\n")
          .map((line) => `#   ${line}`)
          .join("\n")}\n`;
  return `${templates.join("---\n")}${note}`;
}
