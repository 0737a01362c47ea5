import type { ArchiveConfig } from "../config/parse-config.js";
import { hasTagFilter } from "../config/tag-filter.js";
import { type GithubSubject, renderGithubSubjects } from "./render-trust-policies.js";

/**
 * What a reader of the policies needs to know that the documents cannot say: why a permission is
 * there, what to check elsewhere (key policies, bucket lifecycle), and how to finish the GitHub
 * trust when the repository's immutable ids are not known yet.
 */
export function renderIamNotes(
  config: Pick<ArchiveConfig, "targets" | "destination">,
  context: {
    account: string | undefined;
    sourceRoleArn?: string;
    github?: GithubSubject;
    activityStreams?: boolean;
  },
): string[] {
  const { destination } = config;
  const { targets } = config;
  const all = targets.filter((target) => target.all).map((target) => target.region);
  const clusters = targets.some((target) => target.clusters.length > 0);
  const notes = [
    `rds:DescribeDBInstances${clusters ? ", rds:DescribeDBClusters" : ""} and rds:DescribeDBLogFiles take resource-level permissions, so no statement needs "Resource": "*".` +
      (all.length > 0
        ? ` The target${all.length > 1 ? "s" : ""} with all: true list${all.length > 1 ? "" : "s"} every instance of ${[...new Set(all)].join(", ")}, which RDS authorizes against db:* there.`
        : "") +
      (clusters ? " A cluster's members change, so their logs are read under db:* in its region." : ""),
    "rds:DownloadCompleteDBLogFile authorizes the REST download the archiver uses; rds:DownloadDBLogFilePortion covers the portion API, its documented fallback.",
  ];
  if (targets.some((target) => hasTagFilter(target.tags)))
    notes.push(
      "The targets with tags read logs only from instances that carry those tags on the instance itself (condition keys rds:db-tag/<key>), the tags the archiver selects by; a tag set only on a cluster does not count. The Describe calls carry no tag condition: listing is how the archiver reads the tags.",
    );
  if (context.activityStreams)
    notes.push(
      "Activity streams: RDS names each Kinesis stream aws-rds-das-<resource id> and encrypts each record's data key under the stream's KMS key with the encryption context aws:rds:dbc-id = the cluster's DbClusterResourceId (Aurora) or aws:rds:db-id = the instance's DbiResourceId (RDS for Oracle, SQL Server). The statements take prefixes because those ids are not in the config; pin them to the ids DescribeDBClusters / DescribeDBInstances report, and key/* to the stream's key (ActivityStreamKmsKeyId). The key's policy must also let this role decrypt.",
    );
  if (context.sourceRoleArn !== undefined)
    notes.push(
      `These documents take the workflow's role-to-assume (or the CLI's credentials) to be ${context.sourceRoleArn}, the targets' roleArn: it reads RDS, and ${destination.kind === "s3" && destination.roleArn !== undefined ? `assumes ${destination.roleArn} to write` : "writes to the destination itself"}. If the job runs as another role J, give J sourcePolicy's AssumeDestinationRole${destination.kind === "s3" && destination.roleArn === undefined ? " and destinationPolicy" : ""} and sts:AssumeRole on ${context.sourceRoleArn}, and trust J in ${context.sourceRoleArn}'s trust policy.`,
    );
  if (context.account === undefined)
    notes.push(
      "The RDS ARNs name any account (*); a role only reaches its own account's databases, but --account-id pins them.",
    );
  if (destination.kind === "dir") {
    notes.push(`The destination is the local folder ${destination.dir}: there is no destination policy.`);
  } else {
    const prefix = destination.prefix;
    notes.push(
      `The archive's state lives under ${prefix}_state/ in the same bucket, including the conditional-write probe ${prefix}_state/conditional-write-probe; the object statement covers it, and it is the only part the archiver ever overwrites. s3:DeleteObject is granted on ${prefix}_state/uploads/ only, where a log file too large for one part is streamed before it is copied to its key; no archived object is ever deleted.`,
      "bucketLifecycleConfiguration is guidance: it frees the parts of multipart uploads left unfinished for a day (a job killed mid-upload). put-bucket-lifecycle-configuration replaces a bucket's whole configuration, so merge this rule into any rules the bucket already has.",
    );
    if (destination.sse === "aws:kms" && destination.kmsKeyId !== undefined)
      notes.push(
        "kms:Decrypt is needed besides kms:GenerateDataKey: S3 decrypts the parts of an SSE-KMS multipart upload to complete it, and the state documents are read back. The key's own key policy must also let the destination role use it (the default key policy delegates to IAM in the key's account).",
      );
    else if (destination.sse === "aws:kms")
      notes.push(
        "sse aws:kms without kmsKeyId uses the bucket account's AWS managed key aws/s3, whose key policy already lets that account's principals use it through S3; it cannot serve a writer from another account.",
      );
    else
      notes.push(
        "If the bucket's default encryption is SSE-KMS with a customer managed key, also allow kms:GenerateDataKey and kms:Decrypt on that key.",
      );
    if (destination.endpoint !== undefined)
      notes.push(
        `The destination is an S3-compatible store at ${destination.endpoint}, which may not evaluate IAM policies: grant the same access in its own terms.`,
      );
  }
  if (context.github !== undefined) notes.push(...githubNotes(context.github));
  if (context.github !== undefined && context.sourceRoleArn !== undefined)
    notes.push(
      `The targets name ${context.sourceRoleArn} as roleArn, and the archiver assumes it even when the job already runs as it, which AWS allows only when the role's trust policy names itself: hence ChainIntoItself. If the job runs as another role, trust that role there instead.`,
    );
  if (destination.kind === "s3" && destination.roleArn !== undefined && context.sourceRoleArn === undefined)
    notes.push(
      `destinationTrustPolicy trusts account ${context.account ?? ""}: any role there whose own policy allows sts:AssumeRole on ${destination.roleArn}, as sourcePolicy's AssumeDestinationRole does. Give the targets the source role as roleArn to trust that role alone.`,
    );
  return notes;
}

function githubNotes(github: GithubSubject): string[] {
  const [classic] = renderGithubSubjects(github);
  const notes = [
    `The subject is narrowed to ${github.ref === "*" ? "any ref, environment or event" : github.ref} (${classic}). Scheduled and workflow_dispatch runs start on the default branch; a job with an environment presents environment:NAME instead of its ref (--github-ref environment:NAME).`,
  ];
  if (github.ids === undefined)
    notes.push(
      `Only the classic subject repo:${github.repo}:… is trusted. Repositories created after 2026-07-15, or renamed, transferred or opted in to immutable subject claims, present repo:ORG@OWNER_ID/REPO@REPO_ID:… instead, which this policy does not match. See which form yours uses with \`gh api repos/${github.repo}/actions/oidc/customization/sub\`, get the ids with \`gh api repos/${github.repo} --jq '"\\(.owner.id)/\\(.id)"'\`, and run again with --github-repo-ids OWNER_ID/REPO_ID. No wildcard stands in for the ids: it would also match a repository that someone else creates under the same names after this one is deleted.`,
    );
  else
    notes.push(
      `Both subject forms are trusted. Once \`gh api repos/${github.repo}/actions/oidc/customization/sub\` shows the repository uses the immutable form, the classic subject can be dropped.`,
    );
  return notes;
}
