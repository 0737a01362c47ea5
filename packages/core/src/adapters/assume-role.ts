import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { AwsCredentialIdentityProvider } from "@smithy/types";

/**
 * Credentials for `roleArn` when one is configured: AssumeRole on top of the default credential
 * chain (env, profile, SSO, web identity), refreshed by the SDK before they expire. Without a
 * role, undefined: the client uses the default chain itself.
 */
export function assumeRoleCredentials(
  roleArn: string | undefined,
  region: string,
): AwsCredentialIdentityProvider | undefined {
  if (roleArn === undefined) return undefined;
  return fromTemporaryCredentials({
    params: { RoleArn: roleArn, RoleSessionName: "rds-log-archive" },
    clientConfig: { region },
  });
}
