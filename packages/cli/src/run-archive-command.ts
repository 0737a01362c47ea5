import { rename, writeFile } from "node:fs/promises";
import {
  archive,
  type ConfigIssue,
  isArchiverError,
  parseConfig,
  type RunReport,
  readConfigFile,
} from "@rds-log-archive/core";
import { buildConfigInput } from "./build-config-input.js";
import { EXIT } from "./exit-codes.js";
import { describeIssuePath, type Flags, parseFlags } from "./flags.js";
import { createProgressView } from "./progress.js";
import { renderSummary } from "./render-summary.js";
import { SYNC_HELP } from "./usage.js";

export interface CommandIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: Record<string, string | undefined>;
  now: () => Date;
}

/**
 * `sync` and `plan` (a dry run): flags and the config file in, one validated config, the engine,
 * then the report out as a summary, `--json` and `--report FILE`, and an exit code: 0 all well,
 * 1 a file or target failed or a gap was found, 2 a usage or config error (nothing was written).
 */
export async function runArchiveCommand(
  command: "sync" | "plan",
  argv: string[],
  io: CommandIo,
): Promise<number> {
  let flags: Flags;
  try {
    flags = parseFlags(argv);
  } catch (error) {
    io.stderr.write(
      `rds-log-archive ${command}: ${(error as Error).message}\nsee \`rds-log-archive ${command} --help\`\n`,
    );
    return EXIT.usage;
  }
  if (flags.help) {
    io.stdout.write(SYNC_HELP);
    return EXIT.ok;
  }
  let fileConfig: Record<string, unknown> | undefined;
  if (flags.config !== undefined) {
    try {
      fileConfig = await readConfigFile(flags.config);
    } catch (error) {
      io.stderr.write(`rds-log-archive ${command}: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
  }
  const { input, fromFlags, issues } = buildConfigInput(flags, fileConfig, io.env);
  const parsed = parseConfig(input, io.now());
  const allIssues: ConfigIssue[] = [...issues, ...(parsed.ok ? [] : parsed.issues)];
  if (!parsed.ok || allIssues.length > 0) {
    io.stderr.write(
      `rds-log-archive ${command}: the configuration has ${allIssues.length} problem(s); nothing was done:\n`,
    );
    for (const issue of allIssues)
      io.stderr.write(`  ${describeIssuePath(issue.path, fromFlags, flags.config)}: ${issue.message}\n`);
    return EXIT.usage;
  }
  const config = { ...parsed.config, dryRun: parsed.config.dryRun || command === "plan" };

  const view = createProgressView({
    stream: io.stderr,
    quiet: flags.quiet === true,
    verbose: flags.verbose === true,
  });
  let report: RunReport;
  try {
    report = await archive(config, { onEvent: (event) => view.onEvent(event), now: io.now });
  } catch (error) {
    const hint = isArchiverError(error) && error.hint ? `\n  hint: ${error.hint}` : "";
    io.stderr.write(`rds-log-archive ${command}: ${(error as Error).message}${hint}\n`);
    return EXIT.failed;
  } finally {
    view.stop();
  }

  if (flags.report !== undefined) {
    // Written whole or not at all: a reader never sees half a report.
    const temp = `${flags.report}.tmp-${process.pid}`;
    await writeFile(temp, `${JSON.stringify(report, null, 2)}\n`);
    await rename(temp, flags.report);
  }
  if (flags.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (!flags.quiet || report.totals.failed > 0 || report.totals.gaps > 0) {
    (flags.json ? io.stderr : io.stdout).write(renderSummary(report, command));
  }
  const failed = report.totals.failed > 0 || report.targets.some((t) => t.error);
  const gapsFail = report.totals.gaps > 0 && config.failOnGap;
  return failed || gapsFail ? EXIT.failed : EXIT.ok;
}
