/**
 * Process and file plumbing shared by the real-engine log writers: running a program to the end,
 * running it as the engine's service user when we are root (initdb and mariadbd refuse to run as
 * root or want their own user), and placing a finished log file into a fleet folder with a chosen
 * mtime, which the RDS emulator serves as LastWritten.
 */
import { spawn } from "node:child_process";
import { copyFile, mkdir, mkdtemp, stat, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** A failure while running a real engine, with the output that explains it. */
export class EngineRunError extends Error {
  override name = "EngineRunError";

  readonly code: "EngineCommandFailed" | "EngineTimeout";
  readonly hint: string;

  constructor(code: EngineRunError["code"], message: string, hint: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
    this.hint = hint;
  }
}

/** One log file as laid out in the fleet folder, with the values the emulator will report. */
export interface FleetLogFile {
  /** The RDS log file name, such as `error/postgresql.log.2026-11-20-10`. */
  name: string;
  path: string;
  size: number;
  lastWritten: Date;
}

/** What a writer produced: the fleet files, and the temp dir the engine ran in (removed by then). */
export interface EngineLogs {
  files: FleetLogFile[];
  /** Lets a test check that no process of this run is left (its cwd or argv would name it). */
  engineDir: string;
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CommandOptions {
  /** Written to stdin, which is then closed. */
  input?: string;
  cwd?: string;
  env?: Record<string, string>;
  /** Resolve with the exit code instead of rejecting when it is not 0. */
  allowFailure?: boolean;
  timeoutMs?: number;
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** `argv` run as `user` via runuser when we are root; as ourselves otherwise. */
export function asServiceUser(user: string, argv: readonly string[]): string[] {
  return isRoot() ? ["runuser", "-u", user, "--", ...argv] : [...argv];
}

/** A fresh temp dir, owned by `user` when we are root so the engine can write in it. */
export async function createEngineDir(
  prefix: string,
  user: string,
  subdirs: readonly string[],
): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  for (const subdir of subdirs) await mkdir(path.join(dir, subdir), { recursive: true });
  if (isRoot()) await runCommand(["chown", "-R", `${user}:`, dir]);
  return dir;
}

/** Runs a program to completion and collects its output as UTF-8. */
export async function runCommand(
  argv: readonly string[],
  options: CommandOptions = {},
): Promise<CommandResult> {
  const [command, ...args] = argv;
  if (command === undefined) throw new TypeError("runCommand needs a program");
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
  // A client that exits early (a refused connection) closes stdin; that EPIPE is not the failure to report.
  child.stdin.on("error", () => {});
  child.stdin.end(options.input ?? "");
  const timeoutMs = options.timeoutMs ?? 60_000;
  const code = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new EngineRunError("EngineTimeout", `${argv.join(" ")} ran over ${timeoutMs} ms`, "see stderr"));
    }, timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(new EngineRunError("EngineCommandFailed", `cannot start ${command}`, "is it installed?", error));
    });
    child.once("close", (exitCode, signal) => {
      clearTimeout(timer);
      resolve(exitCode ?? (signal === null ? 1 : 128));
    });
  });
  const result = {
    code,
    stdout: Buffer.concat(stdout).toString("utf8"),
    stderr: Buffer.concat(stderr).toString("utf8"),
  };
  if (code !== 0 && options.allowFailure !== true) {
    throw new EngineRunError(
      "EngineCommandFailed",
      `${argv.join(" ")} exited with ${code}: ${result.stderr.trim() || result.stdout.trim()}`,
      "the engine's own log in its temp dir usually says why",
    );
  }
  return result;
}

/** Polls `check` every 50 ms until it returns true, or throws after `timeoutMs`. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new EngineRunError(
        "EngineTimeout",
        `timed out after ${timeoutMs} ms waiting for ${what}`,
        "is the engine up?",
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Copies a log file the engine wrote to `FLEETDIR/instances/<id>/<name>` and sets its mtime, which
 * the emulator serves as LastWritten.
 */
export async function placeLogFile(
  source: string,
  target: { fleetDir: string; instanceId: string; name: string; lastWritten: Date },
): Promise<FleetLogFile> {
  const destination = path.join(target.fleetDir, "instances", target.instanceId, ...target.name.split("/"));
  await mkdir(path.dirname(destination), { recursive: true });
  await copyFile(source, destination);
  await utimes(destination, target.lastWritten, target.lastWritten);
  const { size } = await stat(destination);
  return { name: target.name, path: destination, size, lastWritten: target.lastWritten };
}

/** The start of the hour `date` falls in, in UTC. */
export function startOfUtcHour(date: Date): Date {
  const hour = new Date(date);
  hour.setUTCMinutes(0, 0, 0);
  return hour;
}
