import { RDSClient } from "@aws-sdk/client-rds";

/**
 * An RDS client on the SDK's default credential chain and endpoint resolution, so that
 * `AWS_PROFILE`, web identity and `AWS_ENDPOINT_URL_RDS` all work, with adaptive retries that
 * slow down under throttling.
 */
export function createRdsClient(options: { region: string; maxAttempts?: number }): RDSClient {
  return new RDSClient({
    region: options.region,
    retryMode: "adaptive",
    maxAttempts: options.maxAttempts ?? 8,
  });
}
