import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { createTimedRequestHandler, type NetworkTimeouts } from "./network-timeouts.js";

/** How the run names and proves its chained role sessions. */
export interface RoleSession {
  /** RoleSessionName, as CloudTrail shows it; {@link DEFAULT_ROLE_SESSION_NAME} by default. */
  sessionName?: string | undefined;
  /** ExternalId, for a role whose trust policy requires `sts:ExternalId`. */
  externalId?: string | undefined;
}

/** The session name of a chained role when the surface gives none. */
export const DEFAULT_ROLE_SESSION_NAME = "rds-log-archive";

type CredentialsListener = (credentials: AwsCredentialIdentity) => void;
const listeners = new Set<CredentialsListener>();

/**
 * Calls `listener` with every set of temporary credentials a chained role yields (each refresh
 * too), before any client uses them: the Action masks them in the runner's log, which is one per
 * process, as these credentials are made deep inside the SDK clients of a run. Returns the
 * function that stops the calls.
 */
export function watchAssumedCredentials(listener: CredentialsListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Credentials for `roleArn` when one is configured: AssumeRole on top of the default credential
 * chain (env, profile, SSO, web identity), with the run's session name and external id, refreshed
 * by the SDK before they expire. Without a role, undefined: the client uses the default chain
 * itself. The provider package (and the STS client under it) is imported on the first call, so a
 * run without roles never loads it.
 */
export function assumeRoleCredentials(
  roleArn: string | undefined,
  region: string,
  session: RoleSession = {},
  timeouts?: NetworkTimeouts,
): AwsCredentialIdentityProvider | undefined {
  if (roleArn === undefined) return undefined;
  let assumed: AwsCredentialIdentityProvider | undefined;
  let last: AwsCredentialIdentity | undefined;
  return async (options) => {
    if (assumed === undefined) {
      const { fromTemporaryCredentials } = await import("@aws-sdk/credential-providers");
      assumed = fromTemporaryCredentials({
        params: {
          RoleArn: roleArn,
          RoleSessionName: session.sessionName ?? DEFAULT_ROLE_SESSION_NAME,
          ...(session.externalId === undefined ? {} : { ExternalId: session.externalId }),
        },
        clientConfig: { region, requestHandler: createTimedRequestHandler(timeouts) },
      });
    }
    const credentials = await assumed(options);
    if (credentials !== last) {
      last = credentials;
      for (const listener of listeners) listener(credentials);
    }
    return credentials;
  };
}
