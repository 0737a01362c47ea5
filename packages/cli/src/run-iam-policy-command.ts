import { renderIamCloudFormation, renderIamPolicies, renderIamTerraform } from "@rds-log-archive/core";
import type { CommandIo } from "./command-io.js";
import { EXIT } from "./exit-codes.js";
import { CLI_OPTIONS, FIELD_FLAGS, FLAG_OPTIONS, type Flags, parseFlags, textFlag } from "./flags.js";
import { loadConfig, reportIssues } from "./load-config.js";
import { IAM_POLICY_HELP } from "./usage.js";

/** The target and destination flags of sync (core's field table), and the trust policy's own. */
const OPTIONS = {
  ...Object.fromEntries(
    Object.entries(FLAG_OPTIONS).filter(([flag]) => {
      const field = FIELD_FLAGS.find((f) => f.flag === flag);
      return field !== undefined && /^(?:targets|destination)\b/.test(field.path);
    }),
  ),
  config: CLI_OPTIONS.config,
  profile: CLI_OPTIONS.profile,
  "github-repo": { type: "string" },
  "github-repo-ids": { type: "string" },
  "github-ref": { type: "string" },
  "account-id": { type: "string" },
  events: { type: "boolean" },
  "activity-streams": { type: "boolean" },
  format: { type: "string" },
  help: CLI_OPTIONS.help,
} as const;

const FORMATS = ["json", "terraform", "cloudformation"] as const;

/** The flag that sets each option of core's `renderIamPolicies`. */
const FLAG_FOR_OPTION: Record<string, string> = {
  githubRepo: "--github-repo",
  githubRepoIds: "--github-repo-ids",
  githubRef: "--github-ref",
  accountId: "--account-id",
};

/**
 * `iam-policy`: the policies a config needs, on stdout as one JSON object (sourcePolicy,
 * destinationPolicy, trustPolicy, destinationTrustPolicy, bucketLifecycleConfiguration, attachTo,
 * notes), or with `--format` as Terraform resources or CloudFormation templates. Reads the config
 * exactly as sync does; exit 2 names the flag or field at fault.
 */
export async function runIamPolicyCommand(argv: string[], io: CommandIo): Promise<number> {
  let flags: Flags;
  try {
    flags = parseFlags(argv, OPTIONS);
    const format = textFlag(flags, "format");
    if (format !== undefined && !(FORMATS as readonly string[]).includes(format))
      throw new Error(`--format: "${format}" is not one of ${FORMATS.join(", ")}`);
  } catch (error) {
    io.stderr.write(
      `rds-log-archive iam-policy: ${(error as Error).message}\nsee \`rds-log-archive iam-policy --help\`\n`,
    );
    return EXIT.usage;
  }
  if (flags.help) {
    io.stdout.write(IAM_POLICY_HELP);
    return EXIT.ok;
  }
  // iam-policy writes nothing, so the destination need not be writable here.
  const loaded = await loadConfig("iam-policy", flags, io, { dryRun: true });
  if (loaded === undefined) return EXIT.usage;
  const option = (name: string) => textFlag(flags, name);
  const result = renderIamPolicies(loaded.config, {
    ...(option("github-repo") === undefined ? {} : { githubRepo: option("github-repo") as string }),
    ...(option("github-repo-ids") === undefined
      ? {}
      : { githubRepoIds: option("github-repo-ids") as string }),
    ...(option("github-ref") === undefined ? {} : { githubRef: option("github-ref") as string }),
    ...(option("account-id") === undefined ? {} : { accountId: option("account-id") as string }),
    ...(flags.events === true ? { events: true } : {}),
    ...(flags["activity-streams"] === true ? { activityStreams: true } : {}),
  });
  if (!result.ok) {
    const name = (path: readonly (string | number)[]) =>
      FLAG_FOR_OPTION[String(path[0])] ?? loaded.describe(path);
    reportIssues(
      "iam-policy",
      result.issues.map((issue) => ({ name: name(issue.path), message: issue.message })),
      io,
    );
    return EXIT.usage;
  }
  const account = option("account-id");
  const format = textFlag(flags, "format") ?? "json";
  if (format === "terraform") io.stdout.write(renderIamTerraform(result.policies, loaded.config, account));
  else if (format === "cloudformation")
    io.stdout.write(await renderIamCloudFormation(result.policies, loaded.config, account));
  else io.stdout.write(`${JSON.stringify(result.policies, null, 2)}\n`);
  return EXIT.ok;
}
