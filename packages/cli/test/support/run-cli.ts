import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const CLI = fileURLToPath(new URL("../../bundle/index.js", import.meta.url));

/** What a finished process left: its exit code and everything it printed. */
export interface ProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `command` to its end with exactly the environment given, collecting what it prints. */
export function runProcess(
  command: string,
  args: string[],
  options: { env: Record<string, string>; cwd?: string },
): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, options);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/**
 * Runs the built CLI the way a user does, with only PATH and the given variables in its
 * environment (and in `cwd`, when given): a test points it at local servers with the SDK's own
 * AWS_* variables.
 */
export function runCli(
  args: string[],
  env: Record<string, string>,
  options: { cwd?: string } = {},
): Promise<ProcessRun> {
  return runProcess(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
}
