import {
  type ArchiveConfig,
  ArchiverError,
  describeConfigIssuePath,
  loadConfig,
} from "@rds-log-archive/core";
import { ActionInputError } from "./action-input-error.js";
import { type ActionInputs, INPUT_FOR_FIELD } from "./inputs.js";

/**
 * The config file (if any) with the inputs over it, validated by core's one schema. Every role
 * session the run opens is named after the run unless an input or the config names it, so
 * CloudTrail tells runs apart.
 *
 * @throws {ArchiverError} `CONFIG_INVALID` listing every problem, each named by its input or by
 *   its field in the config file.
 * @throws {ActionInputError} naming `config` when the config file cannot be read.
 */
export async function loadActionConfig(
  inputs: ActionInputs,
  env: Record<string, string | undefined>,
  now: Date,
): Promise<ArchiveConfig> {
  let loaded: Awaited<ReturnType<typeof loadConfig>>;
  try {
    loaded = await loadConfig({ overrides: inputs.overrides, configFile: inputs.configFile, env, now });
  } catch (error) {
    throw new ActionInputError("config", (error as Error).message);
  }
  if (loaded.ok)
    return { ...loaded.config, roleSessionName: loaded.config.roleSessionName ?? inputs.defaultSessionName };
  const context = { names: INPUT_FOR_FIELD, overridden: loaded.overridden, configFile: inputs.configFile };
  const lines = loaded.issues.map(
    (issue) => `  ${describeConfigIssuePath(issue.path, context)}: ${issue.message}`,
  );
  throw new ArchiverError(
    "CONFIG_INVALID",
    `the configuration has ${lines.length} problem(s); nothing was done:\n${lines.join("\n")}`,
    { hint: "fix the inputs or the config file named above" },
  );
}
