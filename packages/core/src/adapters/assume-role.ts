import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { createTimedRequestHandler, type NetworkTimeouts } from "./network-timeouts.js";

/**
 * Credentials for `roleArn` when one is configured: AssumeRole on top of the default credential
 * chain (env, profile, SSO, web identity), refreshed by the SDK before they expire. Without a
 * role, undefined: the client uses the default chain itself. The provider package (and the STS
 * client under it) is imported on the first call, so a run without roles never loads it.
 */
export function assumeRoleCredentials(
  roleArn: string | undefined,
  region: string,
  timeouts?: NetworkTimeouts,
): AwsCredentialIdentityProvider | undefined {
  if (roleArn === undefined) return undefined;
  let assumed: AwsCredentialIdentityProvider | undefined;
  return async (options) => {
    if (assumed === undefined) {
      const { fromTemporaryCredentials } = await import("@aws-sdk/credential-providers");
      assumed = fromTemporaryCredentials({
        params: { RoleArn: roleArn, RoleSessionName: "rds-log-archive" },
        clientConfig: { region, requestHandler: createTimedRequestHandler(timeouts) },
      });
    }
    return assumed(options);
  };
}
