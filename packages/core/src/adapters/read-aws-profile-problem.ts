import { loadSharedConfigFiles } from "@smithy/core/config";

/**
 * Why the AWS profile `name` cannot be used, or undefined when the shared config or credentials
 * file (`AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`, ~/.aws/…) defines it, read by the SDK's
 * own loader. Checked before any work, so a misspelt `--profile` is a usage error, not a run of
 * failed calls.
 */
export async function readAwsProfileProblem(name: string): Promise<string | undefined> {
  if (name.trim() === "") return "is empty";
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true });
  if (configFile[name] !== undefined || credentialsFile[name] !== undefined) return undefined;
  const known = [...new Set([...Object.keys(configFile), ...Object.keys(credentialsFile)])]
    .filter((profile) => !/^(?:sso-session|services)\./.test(profile)) // not profiles
    .sort();
  return `no profile "${name}" in the AWS config or credentials file${known.length === 0 ? "" : ` (profiles: ${known.join(", ")})`}`;
}
