/**
 * Everything `rds-log-archive iam-policy` prints for a config: the least-privilege policies of the
 * source and destination roles, their trust policies, and the bucket lifecycle rule, each labelled
 * with where it goes, plus notes on what cannot be expressed in the documents themselves.
 */
import type { ArchiveConfig, ConfigIssue } from "../config/parse-config.js";
import { type IamPolicyOptions, parseIamPolicyOptions } from "./parse-iam-policy-options.js";
import { type PolicyDocument, parseArn, partitionOfRegion } from "./policy-document.js";
import { renderDestinationPolicy, renderLifecycleConfiguration } from "./render-destination-policy.js";
import { renderIamNotes } from "./render-iam-notes.js";
import { renderSourcePolicy } from "./render-source-policy.js";
import { renderDestinationTrustPolicy, renderGithubTrustPolicy } from "./render-trust-policies.js";

/** The documents, keyed by what they are; absent when the config does not call for them. */
export interface IamPolicies {
  /** RDS read access: attach to the source role. */
  sourcePolicy: PolicyDocument;
  /** S3 (and KMS) access on the archive's prefix: attach to the destination role. */
  destinationPolicy?: PolicyDocument;
  /** With a GitHub repository: the source role's trust policy for GitHub's OIDC provider. */
  trustPolicy?: PolicyDocument;
  /** With a destination roleArn: that role's trust policy, for the source role. */
  destinationTrustPolicy?: PolicyDocument;
  /** For S3: the lifecycle rule that cleans up unfinished multipart uploads (guidance). */
  bucketLifecycleConfiguration?: ReturnType<typeof renderLifecycleConfiguration>;
  /** Which role each document belongs to. */
  attachTo: Record<string, string>;
  notes: string[];
}

/** Who runs the archive when no target names a role: the one identity every call is made with. */
export const JOB_ROLE =
  "the role the archive job runs as (the action's role-to-assume, or the AWS credentials the CLI runs with)";

/**
 * Renders the policies for `config`. Problems come back all at once, each at a path: a config
 * path for the targets (`["targets", 1, "roleArn"]`), an option name for the rest (`["accountId"]`).
 */
export function renderIamPolicies(
  config: Pick<ArchiveConfig, "targets" | "destination"> & Partial<Pick<ArchiveConfig, "notify">>,
  options: IamPolicyOptions,
): { ok: true; policies: IamPolicies } | { ok: false; issues: ConfigIssue[] } {
  const parsed = parseIamPolicyOptions(options);
  const issues: ConfigIssue[] = parsed.ok ? [] : [...parsed.issues];
  const roles = [...new Set(config.targets.flatMap((t) => (t.roleArn === undefined ? [] : [t.roleArn])))];
  if (roles.length > 1) {
    const index = config.targets.findIndex((t) => t.roleArn === roles[1]);
    issues.push({
      path: ["targets", index, "roleArn"],
      message: `iam-policy describes one source role, but the targets name ${roles.length} (${roles.join(", ")}); run it once per role, with a config holding that role's targets`,
    });
  }
  const sourceRoleArn = roles[0];
  const roleArn = sourceRoleArn === undefined ? undefined : parseArn(sourceRoleArn);
  const accountId = parsed.ok ? parsed.options.accountId : options.accountId;
  if (roleArn !== undefined && accountId !== undefined && roleArn.account !== accountId)
    issues.push({
      path: ["accountId"],
      message: `is ${accountId}, but the source role ${sourceRoleArn} is in account ${roleArn.account}`,
    });
  const account = roleArn?.account ?? accountId;
  const github = parsed.ok ? parsed.options.github : undefined;
  const { destination } = config;
  const destinationRoleArn = destination.kind === "s3" ? destination.roleArn : undefined;
  if (account === undefined && github !== undefined)
    issues.push({
      path: ["accountId"],
      message:
        "is required for the trust policy: the account of the role GitHub assumes, which holds GitHub's OIDC provider (no target names a roleArn)",
    });
  else if (account === undefined && destinationRoleArn !== undefined)
    issues.push({
      path: ["accountId"],
      message:
        "is required for the destination role's trust policy: the source role's account (no target names a roleArn)",
    });
  if (issues.length > 0) return { ok: false, issues };

  const partition = roleArn?.partition ?? partitionOfRegion(config.targets[0]?.region);
  // Built in the order a reader wants them printed: the documents, then where they go, then notes.
  const destinationPolicy = renderDestinationPolicy(destination, partition);
  const policies: IamPolicies = {
    sourcePolicy: renderSourcePolicy(config.targets, {
      partition,
      account: account ?? "*",
      events: options.events === true || config.notify !== undefined,
      activityStreams: options.activityStreams === true,
      ...(destinationRoleArn === undefined ? {} : { destinationRoleArn: destinationRoleArn }),
    }),
    ...(destinationPolicy === undefined ? {} : { destinationPolicy }),
    ...(github === undefined || account === undefined
      ? {}
      : {
          trustPolicy: renderGithubTrustPolicy({
            partition,
            account,
            subject: github,
            ...(sourceRoleArn === undefined ? {} : { chainedRoleArn: sourceRoleArn }),
          }),
        }),
    ...(destinationRoleArn === undefined || account === undefined
      ? {}
      : {
          destinationTrustPolicy: renderDestinationTrustPolicy(
            sourceRoleArn ?? `arn:${partition}:iam::${account}:root`,
          ),
        }),
    ...(destinationPolicy === undefined
      ? {}
      : { bucketLifecycleConfiguration: renderLifecycleConfiguration(destination.prefix) }),
    attachTo: { sourcePolicy: sourceRoleArn ?? JOB_ROLE },
    notes: renderIamNotes(config, {
      account,
      activityStreams: options.activityStreams === true,
      ...(sourceRoleArn === undefined ? {} : { sourceRoleArn }),
      ...(github === undefined ? {} : { github }),
    }),
  };
  // Without a destination role the job writes with its own credentials: the source role when the
  // targets name one (the documents take it to be the role-to-assume), the job's otherwise.
  if (policies.destinationPolicy !== undefined)
    policies.attachTo.destinationPolicy = destinationRoleArn ?? sourceRoleArn ?? JOB_ROLE;
  if (policies.trustPolicy !== undefined)
    policies.attachTo.trustPolicy = `the trust policy of ${sourceRoleArn ?? JOB_ROLE}`;
  if (policies.destinationTrustPolicy !== undefined)
    policies.attachTo.destinationTrustPolicy = `the trust policy of ${destinationRoleArn}`;
  return { ok: true, policies };
}
