/**
 * The processes behind a Swift s3api: spawning them with their output kept for error messages,
 * waiting until they serve, and stopping exactly the PIDs spawned, even if the test process ends
 * without a `stop()`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { connect, type Socket } from "node:net";
import { SWIFT_STORAGE_SERVERS, type SwiftLayout, type TempauthUser } from "./swift-config.js";
import { SwiftS3Error } from "./swift-s3-error.js";

const STOP_GRACE_MS = 3_000;
const TAIL_LINES = 30;

export interface ManagedChild {
  readonly name: string;
  readonly child: ChildProcess;
  /** settles when the process has exited or could not be spawned at all */
  readonly exited: Promise<void>;
  readonly tail: string[];
}

/**
 * Runs `cleanup` (sync only) if the process ends without `stop()`. "exit" alone is not enough:
 * vitest ends its fork workers with SIGTERM, which skips "exit", and the servers call setsid(),
 * so a Ctrl-C never reaches them. Returns the function that removes the hooks again.
 */
export function onProcessEnd(cleanup: () => void): () => void {
  const signals = ["SIGTERM", "SIGINT", "SIGHUP"] as const;
  const onSignal = (signal: NodeJS.Signals) => {
    cleanup();
    unhook();
    // Re-raise so the default action (ending the process) still happens if nobody else listens.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const unhook = () => {
    process.off("exit", cleanup);
    for (const signal of signals) process.off(signal, onSignal);
  };
  process.once("exit", cleanup);
  for (const signal of signals) process.on(signal, onSignal);
  return unhook;
}

export function spawnManaged(name: string, program: string, args: string[]): ManagedChild {
  const child = spawn(program, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PYTHONUNBUFFERED: "1" },
  });
  const tail: string[] = [];
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.once("error", (error) => {
      tail.push(`spawn failed: ${error.message}`);
      resolve();
    });
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      tail.push(...chunk.split("\n").filter((line) => line.length > 0));
      tail.splice(0, Math.max(0, tail.length - TAIL_LINES));
    });
    // Do not let a forgotten stop() hold the test process open; the exit hook kills the servers.
    (stream as Socket | null)?.unref();
  }
  child.unref();
  return { name, child, exited, tail };
}

export function isRunning(child: ChildProcess): boolean {
  return child.pid !== undefined && child.exitCode === null && child.signalCode === null;
}

export async function stopChild({ child, exited }: ManagedChild): Promise<void> {
  if (!isRunning(child)) return;
  child.kill("SIGTERM");
  const escalate = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
  await exited;
  clearTimeout(escalate);
}

/**
 * Waits until memcached and the storage servers accept connections and the proxy answers
 * `/healthcheck`; fails with every server's last output lines when one exits or time runs out.
 */
export async function waitUntilReady(
  layout: SwiftLayout,
  children: readonly ManagedChild[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const backendPorts = [
    layout.ports.memcached,
    ...SWIFT_STORAGE_SERVERS.map((server) => layout.ports[server]),
  ];
  for (;;) {
    const dead = children.find(({ child }) => !isRunning(child));
    if (dead !== undefined) {
      throw new SwiftS3Error(
        "SWIFT_EXITED",
        `${dead.name} exited during startup (${dead.child.exitCode ?? dead.child.signalCode ?? "not spawned"})\n${renderTails(children, layout.tempauth)}`,
        "the output above usually names the bad config line or the port in use",
      );
    }
    // The proxy answers /healthcheck before the storage servers listen, so probe those too.
    const backendsUp = (await Promise.all(backendPorts.map(canConnect))).every(Boolean);
    if (backendsUp && (await answersHealthcheck(layout.ports.proxy))) return;
    if (Date.now() > deadline) {
      throw new SwiftS3Error(
        "SWIFT_NOT_READY",
        `Swift s3api did not answer /healthcheck on 127.0.0.1:${layout.ports.proxy} within ${timeoutMs / 1000} s\n${renderTails(children, layout.tempauth)}`,
        "check the servers' output above; on a loaded machine pass a longer readyTimeoutMs",
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function answersHealthcheck(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/healthcheck`, {
      signal: AbortSignal.timeout(1_000),
    });
    return response.ok && (await response.text()) === "OK";
  } catch {
    return false;
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.setTimeout(1_000);
    const settle = (connected: boolean) => {
      resolve(connected);
      socket.destroy();
    };
    socket.once("connect", () => settle(true));
    socket.once("error", () => settle(false));
    socket.once("timeout", () => settle(false));
  });
}

/** The last lines of each server's output, with the tempauth keys masked in case Swift echoes its config. */
function renderTails(children: readonly ManagedChild[], users: readonly TempauthUser[]): string {
  const text = children.map(({ name, tail }) => `--- ${name} ---\n${tail.join("\n")}`).join("\n");
  return users.reduce((masked, { key }) => masked.replaceAll(key, "***"), text);
}
