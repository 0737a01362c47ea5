import {
  type ArchiveConfig,
  archive,
  createDestinationStore,
  destinationStoreOptionsFor,
  type RunReport,
  renderTagFilter,
} from "@rds-log-archive/core";
import type { CommandIo } from "./command-io.js";
import { EXIT } from "./exit-codes.js";
import { type Flags, parseFlags, textFlag } from "./flags.js";
import { loadConfig } from "./load-config.js";
import { createProgressView } from "./progress.js";
import { renderSummary, renderText } from "./render-summary.js";
import { parseShardCount, runPlanMatrix } from "./run-plan-matrix.js";
import { SYNC_HELP } from "./usage.js";
import { writeRunFailure, writeRunOutcome } from "./write-run-outcome.js";

/** The commands that read the config's targets: archive, plan, or split into a matrix. */
export type ArchiveCommand = "sync" | "plan" | "matrix";

/**
 * `sync`, `plan` (a dry run) and `matrix` (`plan --matrix`, its alias): flags and the config file
 * in, one validated config, the engine, then the report out as a summary, `--json` and `--report
 * FILE`, and an exit code: 0 all well, 1 a file or target failed or a gap was found, 2 a usage or
 * config error (nothing was written). `matrix` prints the shard matrix instead (run-plan-matrix.ts).
 */
export async function runArchiveCommand(
  command: ArchiveCommand,
  argv: string[],
  io: CommandIo,
): Promise<number> {
  let flags: Flags;
  let shards: number | undefined;
  let name: string = command;
  try {
    flags = parseFlags(argv);
    if (flags["max-duration"] !== undefined)
      throw new Error(`--max-duration applies to activity-stream, not to ${command}`);
    if (command === "plan" && flags.matrix) name = "plan --matrix";
    shards = checkMatrixFlags(command === "plan" && flags.matrix ? "matrix" : command, flags);
  } catch (error) {
    io.stderr.write(
      `rds-log-archive ${name}: ${(error as Error).message}\nsee \`rds-log-archive ${command} --help\`\n`,
    );
    return EXIT.usage;
  }
  if (flags.help) {
    io.stdout.write(SYNC_HELP);
    return EXIT.ok;
  }
  // A plan and a matrix write nothing, so they need no writable destination.
  const planOnly = shards !== undefined || command === "plan";
  const loaded = await loadConfig(name, flags, io, planOnly ? { dryRun: true } : {});
  if (loaded === undefined) return EXIT.usage;
  if (shards !== undefined) return runPlanMatrix(loaded.config, shards, flags, io);
  const { config } = loaded;

  const view = createProgressView({
    stream: io.stderr,
    quiet: flags.quiet === true,
    verbose: flags.verbose === true,
  });
  let report: RunReport | undefined;
  try {
    const store = await createDestinationStore(config.destination, destinationStoreOptionsFor(config));
    if (flags.verbose) for (const line of renderSettings(config, store.description)) view.log(line);
    report = await archive(config, { store, onProgress: (event) => view.onProgress(event), now: io.now });
  } catch (error) {
    return writeRunFailure(name, error, io);
  } finally {
    view.stop(report);
  }
  // A plan says which tags narrowed it, since the instances they left out are not listed.
  const summary = (done: RunReport) =>
    renderSummary(done) +
    (done.dryRun
      ? renderTagFilters(config)
          .map((line) => `${line}\n`)
          .join("")
      : "");
  return writeRunOutcome(name, report, config, flags, io, summary);
}

/** What --verbose prints before the run: the settings as resolved, regions and all. */
function renderSettings(config: ArchiveConfig, destination: string): string[] {
  const list = (values: readonly string[]) => values.map(renderText).join(",");
  const lines = config.targets.map((target) => {
    const what = [
      target.all ? "all instances" : "",
      target.clusters.length > 0 ? `clusters ${list(target.clusters)}` : "",
      target.instances.length > 0 ? `instances ${list(target.instances)}` : "",
      target.engines.length > 0 ? `engines ${list(target.engines)}` : "",
      Object.keys(target.tags).length > 0 ? `tags ${renderText(renderTagFilter(target.tags))}` : "",
      target.logTypes.length > 0 ? `log types ${list(target.logTypes)}` : "",
      target.roleArn === undefined ? "" : `as ${target.roleArn}`,
    ].filter((part) => part !== "");
    return `target ${target.region}: ${what.join("; ")}`;
  });
  const window = [
    config.since === undefined ? "" : `since ${config.since.toISOString()}`,
    config.until === undefined ? "" : `until ${config.until.toISOString()}`,
  ].filter((part) => part !== "");
  return [
    ...lines,
    `destination: ${renderText(destination)} (key template ${renderText(config.destination.keyTemplate)})`,
    `settle ${config.settle / 1000} s${config.includeActive ? ", active files included" : ""}${window.length > 0 ? `, ${window.join(", ")}` : ""}; concurrency ${config.concurrency}${config.dryRun ? "; dry run" : ""}`,
  ];
}

/** One line per target whose tags narrow it: `only instances tagged team=payments in us-east-1`. */
function renderTagFilters(config: ArchiveConfig): string[] {
  return config.targets.flatMap((target) =>
    Object.keys(target.tags).length === 0
      ? []
      : [`only instances tagged ${renderText(renderTagFilter(target.tags))} in ${renderText(target.region)}`],
  );
}

/**
 * The shard count when this is `matrix`, undefined otherwise; throws, naming the flag, when the
 * matrix flags do not fit the command.
 */
function checkMatrixFlags(command: ArchiveCommand, flags: Flags): number | undefined {
  if (command !== "matrix") {
    if (flags.shards !== undefined) throw new Error("--shards applies only to rds-log-archive matrix");
    if (flags.matrix) throw new Error("--matrix applies to plan only: rds-log-archive matrix");
    return undefined;
  }
  if (flags.json || flags.report !== undefined)
    throw new Error("--json and --report do not apply to matrix, which prints the matrix on stdout");
  return parseShardCount(textFlag(flags, "shards"));
}
