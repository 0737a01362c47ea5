import type { RDSClient } from "@aws-sdk/client-rds";

/**
 * The endpoint the RDS client itself would call: an explicit `endpoint`, else what the SDK's
 * standard configuration names (`AWS_ENDPOINT_URL_RDS`, `AWS_ENDPOINT_URL`, the config file), else
 * the regional endpoint for the partition. The REST download must go to the same place.
 */
export async function resolveRdsEndpoint(rds: RDSClient): Promise<string> {
  const explicit = await rds.config.endpoint?.();
  if (explicit) {
    const port = explicit.port === undefined ? "" : `:${explicit.port}`;
    return `${explicit.protocol}//${explicit.hostname}${port}${explicit.path ?? ""}`;
  }
  const configured = await rds.config.serviceConfiguredEndpoint?.();
  if (configured) return configured;
  const region = await rds.config.region();
  const endpoint = rds.config.endpointProvider({
    Region: region,
    UseFIPS: await rds.config.useFipsEndpoint(),
    UseDualStack: await rds.config.useDualstackEndpoint(),
  });
  return endpoint.url.href;
}
