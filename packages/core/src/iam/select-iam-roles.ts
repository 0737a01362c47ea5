/**
 * The documents of `iam-policy`, grouped by the role they belong to, for the renderers that write
 * infrastructure code (Terraform, CloudFormation): each role with its trust policy (when one was
 * printed) and its inline policies, and the account it lives in when known. The grouping follows
 * `attachTo`: the source role (or the job's), the destination role, the job role.
 */
import type { ArchiveConfig } from "../config/parse-config.js";
import { type PolicyDocument, parseArn } from "./policy-document.js";
import type { IamPolicies } from "./render-iam-policies.js";

/** A role and what to give it. */
export interface IamRoleDocuments {
  /** Its ARN; undefined for the job role when no target names it (its name is then an input). */
  arn?: string;
  /** The role's name and path, from its ARN. */
  name?: string;
  path?: string;
  account?: string;
  /** Set only when the role's trust policy was printed (a role the code then creates). */
  trust?: PolicyDocument;
  policies: { name: string; document: PolicyDocument }[];
}

/** Policy names as they appear on the roles. */
const POLICY_NAMES = {
  sourcePolicy: "rds-log-archive-source",
  destinationPolicy: "rds-log-archive-destination",
} as const;

export function selectIamRoles(
  policies: IamPolicies,
  config: Pick<ArchiveConfig, "targets" | "destination">,
  account: string | undefined,
): IamRoleDocuments[] {
  const sourceRoleArn = config.targets.find((target) => target.roleArn !== undefined)?.roleArn;
  const destinationRoleArn = config.destination.kind === "s3" ? config.destination.roleArn : undefined;
  const roles = new Map<string, IamRoleDocuments>();
  const roleOf = (arn: string | undefined): IamRoleDocuments => {
    const key = arn ?? "job";
    const known = roles.get(key);
    if (known) return known;
    const parsed = arn === undefined ? undefined : parseArn(arn);
    const resource = parsed?.resource.replace(/^role/, "") ?? "";
    const name = resource.slice(resource.lastIndexOf("/") + 1);
    const inAccount = parsed?.account ?? account;
    const role: IamRoleDocuments = {
      ...(arn === undefined
        ? {}
        : { arn, name, path: resource.slice(0, resource.lastIndexOf("/") + 1) || "/" }),
      ...(inAccount === undefined ? {} : { account: inAccount }),
      policies: [],
    };
    roles.set(key, role);
    return role;
  };
  roleOf(sourceRoleArn).policies.push({ name: POLICY_NAMES.sourcePolicy, document: policies.sourcePolicy });
  if (policies.destinationPolicy !== undefined)
    roleOf(destinationRoleArn ?? sourceRoleArn).policies.push({
      name: POLICY_NAMES.destinationPolicy,
      document: policies.destinationPolicy,
    });
  if (policies.trustPolicy !== undefined) roleOf(sourceRoleArn).trust = policies.trustPolicy;
  if (policies.destinationTrustPolicy !== undefined)
    roleOf(destinationRoleArn).trust = policies.destinationTrustPolicy;
  return [...roles.values()];
}
