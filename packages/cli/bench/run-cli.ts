/**
 * The benches' way of running a process: `node` under `/usr/bin/time`, with only PATH and the
 * given variables in its environment, timed from spawn to exit, with the CPU seconds and peak
 * RSS the kernel accounted to it.
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { spawnTimed } from "./spawn-timed.js";

/** The command as a user starts it: the bin, which sizes libuv's thread pool, then loads the bundle. */
export const CLI = fileURLToPath(new URL("../bin/rds-log-archive.cjs", import.meta.url));

/** The flag the bin's launcher starts the program's node with. */
export const PROGRAM_HEAP_FLAG: string = createRequire(import.meta.url)(
  "../bin/launch-with-heap-floor.cjs",
).HEAP_FLAG;

/** One finished process, as the kernel accounted it. */
export interface ProcessRun {
  seconds: number;
  /** User plus system CPU seconds of the process. */
  cpuSeconds: number;
  peakRssMiB: number;
  exitCode: number;
  stdout: string;
}

/** Runs the CLI with `args`; see {@link runNode}. */
export function runCli(args: string[], env: Record<string, string>, maxExitCode = 0): Promise<ProcessRun> {
  return runNode([CLI, ...args], env, maxExitCode);
}

/** Runs `node ARGS`; throws with its stderr when it exits with a code above `maxExitCode`. */
export async function runNode(
  args: string[],
  env: Record<string, string>,
  maxExitCode = 0,
): Promise<ProcessRun> {
  const {
    code: exitCode,
    seconds,
    stdout,
    stderr,
  } = await spawnTimed("maxrss_kb=%M cpu=%U+%S", [process.execPath, ...args], env).exited;
  if (exitCode > maxExitCode) throw new Error(`node ${args.join(" ")} exited ${exitCode}:\n${stderr}`);
  const peakKb = Number(/maxrss_kb=(\d+)/.exec(stderr)?.[1]);
  const [, user = "0", system = "0"] = /cpu=([\d.]+)\+([\d.]+)/.exec(stderr) ?? [];
  return { seconds, cpuSeconds: Number(user) + Number(system), peakRssMiB: peakKb / 1024, exitCode, stdout };
}
