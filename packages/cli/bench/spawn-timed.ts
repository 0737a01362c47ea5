/**
 * For the benches: runs a command under GNU time (`/usr/bin/time -f FORMAT`, which prints its
 * figures on stderr after the command's own), with only PATH and `env` in its environment, and
 * collects its output and wall time.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";

export interface TimedExit {
  code: number;
  /** From spawn to exit. */
  seconds: number;
  stdout: string;
  /** The command's stderr, then time's figures. */
  stderr: string;
}

/** Starts `args` under time; `pid` is time's own (the command is its one child). */
export function spawnTimed(
  format: string,
  args: string[],
  env: Record<string, string>,
): { pid: number | undefined; exited: Promise<TimedExit> } {
  const started = performance.now();
  const child = spawn("/usr/bin/time", ["-f", format, ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += d;
  });
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  const exited = (once(child, "exit") as Promise<[number]>).then(([code]) => ({
    code,
    seconds: (performance.now() - started) / 1000,
    stdout,
    stderr,
  }));
  return { pid: child.pid, exited };
}
