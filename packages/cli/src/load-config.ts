import {
  type ArchiveConfig,
  type ConfigIssue,
  type ConfigOverrides,
  describeConfigIssuePath,
  loadConfig as loadFromSources,
  readAwsProfileProblem,
} from "@rds-log-archive/core";
import type { CommandIo } from "./command-io.js";
import { flagOverrides } from "./flag-overrides.js";
import { FLAG_FOR_PATH, type Flags, textFlag } from "./flags.js";
import { readReportPathProblem } from "./save-report.js";

/** A validated config, and how to name one of its paths in the words the user typed. */
export interface LoadedConfig {
  config: ArchiveConfig;
  describe: (path: readonly (string | number)[]) => string;
}

/** A problem with a flag that sets no config field, already named. */
interface FlagProblem {
  name: string;
  message: string;
}

/**
 * The config file (if any) merged with the flags (and the command's own `overrides`, such as
 * plan's dry run) and validated, after the CLI's own flags are checked: `--profile` must name a
 * profile (it then selects it as AWS_PROFILE does, before the SDK reads anything), and `--report`
 * a file the run can write. Every problem is written to stderr at once, each named by its flag or
 * its field in the file, and the result is undefined: the caller exits 2 having done nothing.
 */
export async function loadConfig(
  command: string,
  flags: Flags,
  io: CommandIo,
  overrides: ConfigOverrides = {},
): Promise<LoadedConfig | undefined> {
  const problems: FlagProblem[] = [];
  const profile = textFlag(flags, "profile");
  if (profile !== undefined) {
    const problem = await readAwsProfileProblem(profile);
    if (problem === undefined) io.env.AWS_PROFILE = profile;
    else problems.push({ name: "--profile", message: problem });
  }
  const report = textFlag(flags, "report");
  if (report !== undefined) {
    const problem = await readReportPathProblem(report);
    if (problem !== undefined) problems.push({ name: "--report", message: problem });
  }
  const configFile = textFlag(flags, "config");
  let loaded: Awaited<ReturnType<typeof loadFromSources>>;
  try {
    loaded = await loadFromSources({
      overrides: { ...flagOverrides(flags), ...overrides },
      configFile,
      env: io.env,
      now: io.now(),
    });
  } catch (error) {
    io.stderr.write(`rds-log-archive ${command}: ${(error as Error).message}\n`);
    return undefined;
  }
  const { overridden } = loaded;
  const describe = (path: readonly (string | number)[]) =>
    describeConfigIssuePath(path, { names: FLAG_FOR_PATH, overridden, configFile });
  const issues = loaded.ok ? [] : loaded.issues;
  if (!loaded.ok || problems.length > 0) {
    reportIssues(command, [...problems, ...issues.map((issue) => named(issue, describe))], io);
    return undefined;
  }
  return { config: loaded.config, describe };
}

const named = (issue: ConfigIssue, describe: LoadedConfig["describe"]): FlagProblem => ({
  name: describe(issue.path),
  message: issue.message,
});

/** Writes config or flag problems the one way every command does. */
export function reportIssues(command: string, problems: readonly FlagProblem[], io: CommandIo): void {
  io.stderr.write(
    `rds-log-archive ${command}: the configuration has ${problems.length} problem(s); nothing was done:\n`,
  );
  for (const problem of problems) io.stderr.write(`  ${problem.name}: ${problem.message}\n`);
}
