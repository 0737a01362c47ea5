import { archive, isArchiverError, judgeRun, type RunReport } from "@rds-log-archive/core";
import type { CommandIo } from "./command-io.js";
import { EXIT } from "./exit-codes.js";
import { type Flags, parseFlags } from "./flags.js";
import { loadConfig } from "./load-config.js";
import { createProgressView } from "./progress.js";
import { renderSummary } from "./render-summary.js";
import { parseShardCount, runPlanMatrix } from "./run-plan-matrix.js";
import { saveReport } from "./save-report.js";
import { SYNC_HELP } from "./usage.js";

/**
 * `sync` and `plan` (a dry run): flags and the config file in, one validated config, the engine,
 * then the report out as a summary, `--json` and `--report FILE`, and an exit code: 0 all well,
 * 1 a file or target failed or a gap was found, 2 a usage or config error (nothing was written).
 * `plan --matrix` prints the shard matrix instead (run-plan-matrix.ts).
 */
export async function runArchiveCommand(
  command: "sync" | "plan",
  argv: string[],
  io: CommandIo,
): Promise<number> {
  let flags: Flags;
  let shards: number | undefined;
  try {
    flags = parseFlags(argv);
    if (flags["max-duration"] !== undefined)
      throw new Error(`--max-duration applies to activity-stream, not to ${command}`);
    shards = checkMatrixFlags(command, flags);
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
  const loaded = await loadConfig(command, flags, io);
  if (loaded === undefined) return EXIT.usage;
  if (shards !== undefined) return runPlanMatrix(loaded.config, shards, flags, io);
  const config = { ...loaded.config, dryRun: loaded.config.dryRun || command === "plan" };

  const view = createProgressView({
    stream: io.stderr,
    quiet: flags.quiet === true,
    verbose: flags.verbose === true,
  });
  let report: RunReport;
  try {
    report = await archive(config, { onProgress: (event) => view.onProgress(event), now: io.now });
  } catch (error) {
    const hint = isArchiverError(error) && error.hint ? `\n  hint: ${error.hint}` : "";
    io.stderr.write(`rds-log-archive ${command}: ${(error as Error).message}${hint}\n`);
    return EXIT.failed;
  } finally {
    view.stop();
  }

  const verdict = judgeRun(report, config);
  if (flags.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (!flags.quiet || verdict.failures > 0 || verdict.gaps > 0) {
    (flags.json ? io.stderr : io.stdout).write(renderSummary(report, command));
  }
  if (flags.report !== undefined && !(await saveReport(command, flags.report, report, io)))
    return EXIT.failed;
  return verdict.failed ? EXIT.failed : EXIT.ok;
}

/**
 * The shard count when this is `plan --matrix`, undefined otherwise; throws, naming the flag, when
 * the matrix flags do not fit the command.
 */
function checkMatrixFlags(command: "sync" | "plan", flags: Flags): number | undefined {
  if (!flags.matrix) {
    if (flags.shards !== undefined) throw new Error("--shards applies only with plan --matrix");
    return undefined;
  }
  if (command !== "plan") throw new Error("--matrix applies to plan only: rds-log-archive plan --matrix");
  if (flags.json || flags.report !== undefined)
    throw new Error("--json and --report do not apply with --matrix, which prints the matrix on stdout");
  return parseShardCount(flags.shards);
}
