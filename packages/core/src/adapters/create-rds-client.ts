import { RDSClient } from "@aws-sdk/client-rds";
import type { RequestPacer } from "../rds/adaptive-rate-limiter.js";
import { assumeRoleCredentials, type RoleSession } from "./assume-role.js";
import { isThrottlingError } from "./aws-errors.js";
import { createTimedRequestHandler, type NetworkTimeouts } from "./network-timeouts.js";

/**
 * An RDS client on the SDK's default credential chain and endpoint resolution, so that
 * `AWS_PROFILE`, web identity and `AWS_ENDPOINT_URL_RDS` all work, with adaptive retries that
 * slow down under throttling. With `roleArn`, that chain assumes the role first, as `session` says.
 * With `pacer`, every attempt (retries too) waits for its turn there, and tells it how RDS
 * answered: the SDK's own adaptive limiter is per client, and RDS's limit is per account and
 * region, which several clients and the REST downloads share.
 */
export function createRdsClient(options: {
  region: string;
  roleArn?: string;
  session?: RoleSession;
  maxAttempts?: number;
  timeouts?: NetworkTimeouts;
  pacer?: RequestPacer;
}): RDSClient {
  const credentials = assumeRoleCredentials(
    options.roleArn,
    options.region,
    options.session,
    options.timeouts,
  );
  const client = new RDSClient({
    region: options.region,
    retryMode: "adaptive",
    maxAttempts: options.maxAttempts ?? 8,
    requestHandler: createTimedRequestHandler(options.timeouts),
    ...(credentials === undefined ? {} : { credentials }),
  });
  const { pacer } = options;
  if (pacer !== undefined) {
    // After the retry middleware (finalizeRequest, high priority), so that each attempt is paced.
    client.middlewareStack.add(
      (next) => async (args) => {
        await pacer.take();
        try {
          const output = await next(args);
          pacer.answered();
          return output;
        } catch (error) {
          if (isThrottlingError(error)) pacer.throttled();
          else pacer.answered();
          throw error;
        }
      },
      { step: "finalizeRequest", priority: "low", name: "rdsLogArchivePacing" },
    );
  }
  return client;
}
