import { type ArchiveConfig, type ConfigIssue, parseConfig, readConfigFile } from "@rds-log-archive/core";
import { buildConfigInput } from "./build-config-input.js";
import type { CommandIo } from "./command-io.js";
import { describeIssuePath, type Flags } from "./flags.js";

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
  let fileConfig: Record<string, unknown> | undefined;
  if (flags.config !== undefined) {
    try {
      fileConfig = await readConfigFile(flags.config);
    } catch (error) {
      io.stderr.write(`rds-log-archive ${command}: ${(error as Error).message}\n`);
      return undefined;
    }
  }
  const { input, fromFlags, issues } = buildConfigInput(flags, fileConfig, io.env);
  const describe = (path: readonly (string | number)[]) => describeIssuePath(path, fromFlags, flags.config);
  const parsed = parseConfig(input, io.now());
  const allIssues: ConfigIssue[] = [...issues, ...(parsed.ok ? [] : parsed.issues)];
  if (!parsed.ok || allIssues.length > 0) {
    reportIssues(command, allIssues, describe, io);
    return undefined;
  }
  return { config: parsed.config, describe };
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
