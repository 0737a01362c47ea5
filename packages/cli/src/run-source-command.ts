import {
  type ArchiveConfig,
  configFieldAt,
  type OtherSourceCommand,
  type RunReport,
  SOURCE_UNREAD_FIELDS,
} from "@rds-log-archive/core";
import type { CommandIo } from "./command-io.js";
import { EXIT } from "./exit-codes.js";
import { type Flags, parseFlags } from "./flags.js";
import { type LoadedConfig, loadConfig } from "./load-config.js";
import { writeRunFailure, writeRunOutcome } from "./write-run-outcome.js";

/** What sets one source's command (`events`, `activity-stream`) apart; the rest is sync's. */
export interface SourceCommand {
  name: OtherSourceCommand;
  help: string;
  /**
   * The source's own checks once the config is loaded: the run to make, or undefined when a
   * problem was written to stderr (the command then exits 2, having done nothing).
   */
  prepare(loaded: LoadedConfig, io: CommandIo): ((config: ArchiveConfig) => Promise<RunReport>) | undefined;
  renderSummary(report: RunReport): string;
}

/**
 * A source's command with sync's flags, config and output: the flags parsed (the refused ones
 * named), `--help`, the config loaded and checked, the run, then the outcome as sync writes it
 * (write-run-outcome.ts) and its exit code.
 */
export async function runSourceCommand(
  command: SourceCommand,
  argv: string[],
  io: CommandIo,
): Promise<number> {
  const { name } = command;
  const refusedFlags = selectRefusedFlags(name);
  let flags: Flags;
  try {
    flags = parseFlags(argv);
    const refused = Object.keys(refusedFlags).find((flag) => flags[flag] !== undefined);
    if (refused !== undefined)
      throw new Error(`--${refused} applies to ${refusedFlags[refused]}, not to ${name}`);
  } catch (error) {
    io.stderr.write(
      `rds-log-archive ${name}: ${(error as Error).message}\nsee \`rds-log-archive ${name} --help\`\n`,
    );
    return EXIT.usage;
  }
  if (flags.help) {
    io.stdout.write(command.help);
    return EXIT.ok;
  }
  const loaded = await loadConfig(name, flags, io);
  if (loaded === undefined) return EXIT.usage;
  const run = command.prepare(loaded, io);
  if (run === undefined) return EXIT.usage;
  let report: RunReport;
  try {
    report = await run(loaded.config);
  } catch (error) {
    return writeRunFailure(name, error, io);
  }
  return writeRunOutcome(name, report, loaded.config, flags, io, command.renderSummary);
}

/**
 * The flags of sync that mean nothing to the source, each with the commands it applies to: those
 * of the config fields the source does not read (core's SOURCE_UNREAD_FIELDS), and the matrix's.
 * Refused by name (exit 2) rather than silently ignored.
 */
function selectRefusedFlags(source: OtherSourceCommand): Readonly<Record<string, string>> {
  const fields = SOURCE_UNREAD_FIELDS[source].flatMap(({ path, appliesTo }) => {
    const flag = configFieldAt(path)?.flag;
    return flag === undefined ? [] : [[flag, appliesTo] as const];
  });
  return { ...Object.fromEntries(fields), matrix: "sync and plan", shards: "sync and plan" };
}
