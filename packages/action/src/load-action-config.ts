import {
  type ArchiveConfig,
  type ConfigIssue,
  mergeConfigSources,
  parseConfig,
  readConfigFile,
} from "@rds-log-archive/core";
import { ActionInputError } from "./action-input-error.js";
import { type ActionInputs, describeIssueSource } from "./inputs.js";

/** A config that did not validate: every issue, each named by its input or config-file field. */
export class ActionConfigError extends Error {
  readonly issues: readonly string[];

  constructor(issues: readonly string[]) {
    super(
      `the configuration has ${issues.length} problem(s); nothing was done:\n${issues.map((i) => `  ${i}`).join("\n")}`,
    );
    this.name = "ActionConfigError";
    this.issues = issues;
  }
}

/** The config file (if any) with the inputs over it, validated by core's one schema. */
export async function loadActionConfig(
  inputs: ActionInputs,
  env: Record<string, string | undefined>,
  now: Date,
): Promise<ArchiveConfig> {
  let fileConfig: Record<string, unknown> | undefined;
  if (inputs.configFile !== undefined) {
    try {
      fileConfig = await readConfigFile(inputs.configFile);
    } catch (error) {
      throw new ActionInputError("config", (error as Error).message);
    }
  }
  const { input, overridden, issues } = mergeConfigSources(inputs.overrides, fileConfig, env);
  const parsed = parseConfig(input, now);
  const all: ConfigIssue[] = [...issues, ...(parsed.ok ? [] : parsed.issues)];
  if (!parsed.ok || all.length > 0) {
    throw new ActionConfigError(
      all.map(
        (issue) => `${describeIssueSource(issue.path, overridden, inputs.configFile)}: ${issue.message}`,
      ),
    );
  }
  return parsed.config;
}
