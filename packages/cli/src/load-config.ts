import {
  type ArchiveConfig,
  type ConfigIssue,
  describeConfigIssuePath,
  loadConfig as loadFromSources,
} from "@rds-log-archive/core";
import type { CommandIo } from "./command-io.js";
import { flagOverrides } from "./flag-overrides.js";
import { FLAG_FOR_PATH, type Flags } from "./flags.js";

/** A validated config, and how to name one of its paths in the words the user typed. */
export interface LoadedConfig {
  config: ArchiveConfig;
  describe: (path: readonly (string | number)[]) => string;
}

/**
 * The config file (if any) merged with the flags and validated. Every problem is written to
 * stderr at once, each named by its flag or its field in the file, and the result is undefined:
 * the caller exits 2 having done nothing.
 */
export async function loadConfig(
  command: string,
  flags: Flags,
  io: CommandIo,
): Promise<LoadedConfig | undefined> {
  let loaded: Awaited<ReturnType<typeof loadFromSources>>;
  try {
    loaded = await loadFromSources({
      overrides: flagOverrides(flags),
      configFile: flags.config,
      env: io.env,
      now: io.now(),
    });
  } catch (error) {
    io.stderr.write(`rds-log-archive ${command}: ${(error as Error).message}\n`);
    return undefined;
  }
  const { overridden } = loaded;
  const describe = (path: readonly (string | number)[]) =>
    describeConfigIssuePath(path, { names: FLAG_FOR_PATH, overridden, configFile: flags.config });
  if (!loaded.ok) {
    reportIssues(command, loaded.issues, describe, io);
    return undefined;
  }
  return { config: loaded.config, describe };
}

/** Writes config or flag problems the one way every command does. */
export function reportIssues(
  command: string,
  issues: readonly ConfigIssue[],
  describe: (path: readonly (string | number)[]) => string,
  io: CommandIo,
): void {
  io.stderr.write(
    `rds-log-archive ${command}: the configuration has ${issues.length} problem(s); nothing was done:\n`,
  );
  for (const issue of issues) io.stderr.write(`  ${describe(issue.path)}: ${issue.message}\n`);
}
