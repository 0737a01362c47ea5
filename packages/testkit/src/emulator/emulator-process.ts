import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

/** A standalone `rds-log-archive-emulator` process, as users and end-to-end tests run it. */
export interface EmulatorProcess {
  readonly endpoint: string;
  readonly pid: number;
  /** Sends SIGTERM and waits for the process to exit. */
  stop(): Promise<void>;
}

// Always the built command: from src/ (under vitest) and from dist/ alike, this is the package's dist.
const CLI = fileURLToPath(new URL("../../dist/emulator/emulator-cli.js", import.meta.url));

/**
 * Starts the built emulator command with `args` (at least `--fleet DIR`) and resolves once it
 * prints its endpoint. Fails with the command's own output if it exits first.
 */
export async function startEmulatorProcess(args: readonly string[]): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const endpoint = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const match = /^endpoint: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("error", reject);
    child.once("exit", (code) =>
      reject(new Error(`rds-log-archive-emulator exited with ${code}:\n${output}`)),
    );
  });
  return { endpoint, pid: child.pid ?? -1, stop: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  await exited;
}
