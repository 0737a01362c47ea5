/**
 * Where the archive goes: an S3 bucket (AWS or S3-compatible) or a local folder. The input is one
 * object, so that every problem can be reported at once and named by its field; the output is a
 * tagged union (`kind: "s3" | "dir"`), so a folder destination has no bucket-only field to forget
 * and the code that acts on it dispatches once, on `kind`.
 */
import { z } from "zod";
import {
  DEFAULT_KEY_TEMPLATE,
  expandKeyTemplate,
  KEY_PLACEHOLDERS,
  KEY_TEMPLATE_PRESETS,
  keyTemplateProblems,
  REQUIRED_KEY_PLACEHOLDERS,
  renderPlaceholderList,
} from "../keys/key-placeholders.js";
import { bucketNameProblem, ROLE_ARN, ROLE_ARN_MESSAGE, regionProblem } from "./aws-names.js";
import { booleanInput, ruledString } from "./schema-inputs.js";

/** Why a prefix is unsafe as a folder under the destination's root, or undefined. */
function prefixProblem(prefix: string): string | undefined {
  if (prefix === "") return undefined;
  if (prefix.startsWith("/")) return "must be relative: a folder under the bucket or the destination folder";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\u0000-\u001f\u007f\\]/.test(prefix)) return "must not contain control characters or a backslash";
  const segments = (prefix.endsWith("/") ? prefix.slice(0, -1) : prefix).split("/");
  if (segments.some((segment) => segment === "" || segment === "." || segment === ".."))
    return "must not have an empty, '.' or '..' folder: the archive stays under its root";
  return undefined;
}

const fields = z.strictObject({
  bucket: ruledString(bucketNameProblem)
    .optional()
    .describe("S3 bucket to archive into. Give either bucket or dir."),
  dir: z
    .string()
    .min(1, "a directory is required")
    .optional()
    .describe("Local directory to archive into, with the same layout as in S3. Give either bucket or dir."),
  prefix: ruledString(prefixProblem)
    .prefault("")
    // A prefix is a folder; "logs" and "logs/" mean the same, so normalise rather than reject.
    .transform((prefix) => (prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`))
    .describe('Key prefix (folder) for every object, e.g. "rds-logs/"; a trailing "/" is added if missing.'),
  region: z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe(
      "Region of the bucket; by default the bucket is asked (HeadBucket), so it rarely needs setting.",
    ),
  roleArn: z
    .string()
    .regex(ROLE_ARN, ROLE_ARN_MESSAGE)
    .optional()
    .describe(
      "IAM role to assume (chained) for writing to the bucket, e.g. in a central log-archive account.",
    ),
  sse: z
    .enum(["AES256", "aws:kms"])
    .optional()
    .describe('Server-side encryption: "AES256" (SSE-S3) or "aws:kms" (SSE-KMS).'),
  kmsKeyId: z
    .string()
    .min(1)
    .optional()
    .describe('KMS key id, alias or ARN for sse "aws:kms"; by default the account\'s aws/s3 key.'),
  expectedBucketOwner: z
    .string()
    .regex(/^\d{12}$/, "must be a 12-digit AWS account id")
    .optional()
    .describe("AWS account id that must own the bucket; sent as ExpectedBucketOwner on every S3 call."),
  storageClass: z
    .enum([
      "STANDARD",
      "INTELLIGENT_TIERING",
      "STANDARD_IA",
      "ONEZONE_IA",
      "GLACIER_IR",
      "GLACIER",
      "DEEP_ARCHIVE",
    ])
    .optional()
    .describe(
      "S3 storage class of the archived objects (the state stays in the bucket's default): STANDARD_IA or " +
        "GLACIER_IR suit an archive read rarely; GLACIER and DEEP_ARCHIVE objects must be restored before verify can read them.",
    ),
  keyTemplate: z
    .string()
    .default(DEFAULT_KEY_TEMPLATE)
    .transform(expandKeyTemplate)
    .superRefine((template, ctx) => {
      for (const message of keyTemplateProblems(template))
        ctx.addIssue({ code: "custom", message, input: template });
    })
    .describe(
      `Object key layout, or a preset name: ${Object.keys(KEY_TEMPLATE_PRESETS).join(", ")} ` +
        `(hive: ${KEY_TEMPLATE_PRESETS.hive}). ` +
        `Placeholders: ${KEY_PLACEHOLDERS.map((name) => `{${name}}`).join(" ")}; ` +
        `${renderPlaceholderList(REQUIRED_KEY_PLACEHOLDERS)} are required.`,
    ),
  endpoint: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
    .optional()
    .describe("Custom S3 endpoint URL for S3-compatible stores."),
  forcePathStyle: booleanInput()
    .optional()
    .describe("Use path-style addressing (bucket in the path), as most S3-compatible stores need."),
});

type DestinationFields = z.output<typeof fields>;

/** The fields a folder has too; every other field applies only to a bucket. */
const SHARED = ["prefix", "keyTemplate"] as const;
const BUCKET_ONLY = Object.keys(fields.shape).filter(
  (field) => field !== "bucket" && field !== "dir" && !(SHARED as readonly string[]).includes(field),
) as (keyof DestinationFields)[];

/** An S3 bucket, in AWS or an S3-compatible store: every field of the schema but `dir`. */
export type S3Destination = { kind: "s3"; bucket: string } & Omit<DestinationFields, "bucket" | "dir">;

/** A local folder, laid out as the bucket would be. */
export type DirDestination = { kind: "dir"; dir: string } & Pick<DestinationFields, (typeof SHARED)[number]>;

/** The write-to part of a config, with `prefix` empty or ending in "/". */
export type ArchiveDestination = S3Destination | DirDestination;

/** Rules across fields. `when` runs them even after a type error elsewhere, so the values are read defensively. */
function checkDestination(destination: DestinationFields, ctx: z.RefinementCtx): void {
  // Runs even when the destination is missing; that is reported as required.
  if (typeof destination !== "object" || destination === null) return;
  const isSet = (value: unknown) => value !== undefined;
  const issue = (path: string | undefined, message: string) =>
    ctx.addIssue({ code: "custom", message, ...(path === undefined ? {} : { path: [path] }) });
  if (isSet(destination.bucket) && isSet(destination.dir))
    issue("dir", "give either bucket or dir, not both");
  else if (!isSet(destination.bucket) && !isSet(destination.dir))
    issue(undefined, "give a bucket (S3) or a dir (local directory)");
  if (isSet(destination.kmsKeyId) && destination.sse !== "aws:kms")
    issue("kmsKeyId", 'kmsKeyId needs sse: "aws:kms"');
  if (!isSet(destination.bucket) && isSet(destination.dir)) {
    for (const field of BUCKET_ONLY)
      if (isSet(destination[field])) issue(field, `${field} applies only to an S3 bucket, not a dir`);
  }
  // An S3-compatible store names its regions as it likes ("auto", "default"); AWS has a syntax.
  if (typeof destination.region === "string" && destination.endpoint === undefined) {
    const problem = regionProblem(destination.region);
    if (problem !== undefined) issue("region", problem);
  }
  const { prefix, keyTemplate } = destination;
  if (typeof prefix === "string" && prefix !== "" && typeof keyTemplate === "string")
    if (!keyTemplate.includes("{prefix}"))
      issue("keyTemplate", "a prefix is set but keyTemplate has no {prefix}, so the prefix would be ignored");
}

/** The tagged union for a valid destination; only called once {@link checkDestination} found nothing. */
function toArchiveDestination(destination: DestinationFields): ArchiveDestination {
  const { bucket, dir, ...rest } = destination;
  if (dir !== undefined) return { kind: "dir", dir, prefix: rest.prefix, keyTemplate: rest.keyTemplate };
  const defined = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
  return { kind: "s3", bucket: bucket as string, ...(defined as Omit<S3Destination, "kind" | "bucket">) };
}

export const destinationSchema = fields
  .superRefine(checkDestination, { when: () => true })
  .meta({
    description: "Where to write the archive: an S3 bucket or a local directory.",
    // For editors: exactly one of the two. The schema's own rule says so in words.
    oneOf: [{ required: ["bucket"] }, { required: ["dir"] }],
  })
  .transform(toArchiveDestination);
