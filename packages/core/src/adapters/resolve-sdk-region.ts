import { loadConfig, NODE_REGION_CONFIG_FILE_OPTIONS, NODE_REGION_CONFIG_OPTIONS } from "@smithy/core/config";

/**
 * The region the AWS tools would use when none is given, in the AWS CLI's order: `AWS_REGION`,
 * `AWS_DEFAULT_REGION` (which the CLI reads and the SDK does not), then the SDK's own loaders:
 * the `region` of the profile (`AWS_PROFILE`, `AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`)
 * and, with `instanceMetadata`, the EC2 instance's region (up to a second's wait off EC2, so only
 * where a region is otherwise missing). Undefined when none of them names one.
 */
export async function resolveSdkRegion(
  env: Record<string, string | undefined>,
  options: { instanceMetadata?: boolean } = {},
): Promise<string | undefined> {
  const fromEnv = env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim();
  if (fromEnv) return fromEnv;
  const load = loadConfig<string | undefined>(
    {
      ...NODE_REGION_CONFIG_OPTIONS,
      ...(options.instanceMetadata ? {} : { default: async () => undefined }),
    },
    NODE_REGION_CONFIG_FILE_OPTIONS,
  );
  try {
    return (await load()) || undefined;
  } catch {
    return undefined;
  }
}
