import { RDSClient } from "@aws-sdk/client-rds";
import { assumeRoleCredentials, type RoleSession } from "./assume-role.js";
import { createTimedRequestHandler, type NetworkTimeouts } from "./network-timeouts.js";

/**
 * An RDS client on the SDK's default credential chain and endpoint resolution, so that
 * `AWS_PROFILE`, web identity and `AWS_ENDPOINT_URL_RDS` all work, with adaptive retries that
 * slow down under throttling. With `roleArn`, that chain assumes the role first, as `session` says.
 */
export function createRdsClient(options: {
  region: string;
  roleArn?: string;
  session?: RoleSession;
  maxAttempts?: number;
  timeouts?: NetworkTimeouts;
}): RDSClient {
  const credentials = assumeRoleCredentials(
    options.roleArn,
    options.region,
    options.session,
    options.timeouts,
  );
  return new RDSClient({
    region: options.region,
    retryMode: "adaptive",
    maxAttempts: options.maxAttempts ?? 8,
    requestHandler: createTimedRequestHandler(options.timeouts),
    ...(credentials === undefined ? {} : { credentials }),
  });
}
