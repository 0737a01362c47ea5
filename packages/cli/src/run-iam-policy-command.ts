import { parseArgs } from "node:util";
import { renderIamPolicies } from "@rds-log-archive/core";
import type { CommandIo } from "./command-io.js";
import { EXIT } from "./exit-codes.js";
import { FLAG_OPTIONS } from "./flags.js";
import { loadConfig, reportIssues } from "./load-config.js";
import { IAM_POLICY_HELP } from "./usage.js";

/** The target and destination flags of sync, and the trust policy's own. */
const OPTIONS = {
  config: FLAG_OPTIONS.config,
  region: FLAG_OPTIONS.region,
  cluster: FLAG_OPTIONS.cluster,
  instance: FLAG_OPTIONS.instance,
  all: FLAG_OPTIONS.all,
  engine: FLAG_OPTIONS.engine,
  "log-types": FLAG_OPTIONS["log-types"],
  dest: FLAG_OPTIONS.dest,
  sse: FLAG_OPTIONS.sse,
  "kms-key-id": FLAG_OPTIONS["kms-key-id"],
  "expected-bucket-owner": FLAG_OPTIONS["expected-bucket-owner"],
  "key-template": FLAG_OPTIONS["key-template"],
  "github-repo": { type: "string" },
  "github-repo-ids": { type: "string" },
  "github-ref": { type: "string" },
  "account-id": { type: "string" },
  events: { type: "boolean" },
  "activity-streams": { type: "boolean" },
  help: FLAG_OPTIONS.help,
} as const;

/** The flag that sets each option of core's `renderIamPolicies`. */
const FLAG_FOR_OPTION: Record<string, string> = {
  githubRepo: "--github-repo",
  githubRepoIds: "--github-repo-ids",
  githubRef: "--github-ref",
  accountId: "--account-id",
};

/**
 * `iam-policy`: the policies a config needs, as one JSON object on stdout (sourcePolicy,
 * destinationPolicy, trustPolicy, destinationTrustPolicy, bucketLifecycleConfiguration, attachTo,
 * notes). Reads the config exactly as sync does; exit 2 names the flag or field at fault.
 */
export async function runIamPolicyCommand(argv: string[], io: CommandIo): Promise<number> {
  let flags: ReturnType<typeof parseIamPolicyArgs>;
  try {
    flags = parseIamPolicyArgs(argv);
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
  const loaded = await loadConfig("iam-policy", flags, io);
  if (loaded === undefined) return EXIT.usage;
  const result = renderIamPolicies(loaded.config, {
    ...(flags["github-repo"] === undefined ? {} : { githubRepo: flags["github-repo"] }),
    ...(flags["github-repo-ids"] === undefined ? {} : { githubRepoIds: flags["github-repo-ids"] }),
    ...(flags["github-ref"] === undefined ? {} : { githubRef: flags["github-ref"] }),
    ...(flags["account-id"] === undefined ? {} : { accountId: flags["account-id"] }),
    ...(flags.events === undefined ? {} : { events: flags.events }),
    ...(flags["activity-streams"] === undefined ? {} : { activityStreams: flags["activity-streams"] }),
  });
  if (!result.ok) {
    const describe = (path: readonly (string | number)[]) =>
      FLAG_FOR_OPTION[String(path[0])] ?? loaded.describe(path);
    reportIssues("iam-policy", result.issues, describe, io);
    return EXIT.usage;
  }
  io.stdout.write(`${JSON.stringify(result.policies, null, 2)}\n`);
  return EXIT.ok;
}

function parseIamPolicyArgs(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
}
