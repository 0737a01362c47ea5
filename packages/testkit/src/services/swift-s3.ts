/**
 * A real OpenStack Swift with the s3api middleware on loopback, for integration tests and the
 * demo. Swift verifies SigV4 (403 SignatureDoesNotMatch for a wrong secret), does real multipart
 * (ETags with the `-N` suffix) and refuses aws-chunked bodies with 501 rather than storing the
 * framing, which the npm stand-in s3rver does not. Each call gets its own temp dir, ports and
 * processes, and `stop()` ends exactly the PIDs this call spawned.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import {
  renderMemcachedArgs,
  SWIFT_STORAGE_SERVERS,
  type SwiftLayout,
  type TempauthUser,
  writeSwiftConfig,
} from "./swift-config.js";

/** S3 keys of one Swift account (`account:user` and the tempauth key). */
export interface SwiftCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/**
 * Another tempauth account beside test:tester, such as the log-archive account of a
 * cross-account setup. Each account has its own buckets, which the others cannot reach.
 */
export interface SwiftAccountOptions extends TempauthUser {
  /** Created with this account's keys once Swift is up. */
  readonly buckets?: readonly string[];
}

export interface SwiftS3Options {
  /** Created with the default account's keys (test:tester). */
  buckets?: string[];
  otherAccounts?: SwiftAccountOptions[];
}

/** A running Swift s3api; see {@link startSwiftS3}. */
export interface SwiftS3 {
  /** http://127.0.0.1:PORT of the s3api proxy; use as AWS_ENDPOINT_URL_S3 */
  readonly endpoint: string;
  readonly region: "us-east-1";
  /** tempauth user test:tester / testing (the same default pair the RDS emulator accepts) */
  readonly credentials: SwiftCredentials;
  /** Keys of `options.otherAccounts`, in the same order. */
  readonly otherAccounts: readonly SwiftCredentials[];
  /** PIDs of memcached and the four Swift servers this instance spawned, so tests can check they are gone */
  readonly pids: readonly number[];
  /** the temp dir holding configs, rings and object data; removed by `stop()` */
  readonly dir: string;
  /** Creates a bucket through the S3 API, as a client of the store would; in the default account unless told. */
  createBucket(name: string, credentials?: SwiftCredentials): Promise<void>;
  /** Stops the processes this instance started and removes its temp dir; safe to call twice. */
  stop(): Promise<void>;
}

/** Why Swift could not be started; `hint` says what to look at. */
export class SwiftS3Error extends Error {
  override name = "SwiftS3Error";
  readonly code: "SWIFT_SETUP_FAILED" | "SWIFT_EXITED" | "SWIFT_NOT_READY";
  readonly hint: string;

  constructor(code: SwiftS3Error["code"], message: string, hint: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.hint = hint;
  }
}

const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 3_000;
const TAIL_LINES = 30;
const TEMPAUTH = { account: "test", user: "tester", key: "testing" } as const;

interface ManagedChild {
  readonly name: string;
  readonly child: ChildProcess;
  /** settles when the process has exited or could not be spawned at all */
  readonly exited: Promise<void>;
  readonly tail: string[];
}

/**
 * Starts memcached and Swift's account, container, object and proxy servers on free loopback
 * ports, waits until the proxy answers `/healthcheck`, then creates `options.buckets`.
 */
export async function startSwiftS3(options: SwiftS3Options = {}): Promise<SwiftS3> {
  const otherAccounts = options.otherAccounts ?? [];
  const users: TempauthUser[] = [TEMPAUTH, ...otherAccounts];
  const dir = await mkdtemp(join(tmpdir(), "swift-s3-"));
  const children: ManagedChild[] = [];
  const unhook = onProcessEnd(() => {
    for (const { child } of children) if (isRunning(child)) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });
  const stopAll = async () => {
    unhook();
    await Promise.all(children.map(stopChild));
    await rm(dir, { recursive: true, force: true });
  };

  let layout: SwiftLayout;
  try {
    layout = await prepareSetup(dir, users);
    children.push(spawnManaged("memcached", "memcached", renderMemcachedArgs(layout)));
    for (const server of [...SWIFT_STORAGE_SERVERS, "proxy"] as const) {
      const conf = join(layout.configDir, `${server}-server.conf`);
      // -v logs to stdout, which is what we keep for the error message.
      children.push(spawnManaged(server, `swift-${server}-server`, [conf, "-v"]));
    }
    await waitUntilReady(layout, children);
  } catch (error) {
    await stopAll();
    throw error;
  }

  const endpoint = `http://127.0.0.1:${layout.ports.proxy}`;
  const keysOf = ({ account, user, key }: TempauthUser) => ({
    accessKeyId: `${account}:${user}`,
    secretAccessKey: key,
  });
  const credentials = keysOf(TEMPAUTH);
  const clientFor = (keys: SwiftCredentials) =>
    new S3Client({
      endpoint,
      region: "us-east-1",
      credentials: keys,
      forcePathStyle: true,
      // Swift rejects aws-chunked bodies with trailing checksums (501), so only send checksums when required.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  let stopping: Promise<void> | undefined;
  const swift: SwiftS3 = {
    endpoint,
    region: "us-east-1",
    credentials,
    otherAccounts: otherAccounts.map(keysOf),
    pids: children.flatMap(({ child }) => (child.pid === undefined ? [] : [child.pid])),
    dir,
    async createBucket(name, keys = credentials) {
      const client = clientFor(keys);
      try {
        await client.send(new CreateBucketCommand({ Bucket: name }));
      } finally {
        client.destroy();
      }
    },
    stop() {
      stopping ??= stopAll();
      return stopping;
    },
  };
  try {
    for (const bucket of options.buckets ?? []) await swift.createBucket(bucket);
    for (const account of otherAccounts) {
      for (const bucket of account.buckets ?? []) await swift.createBucket(bucket, keysOf(account));
    }
  } catch (error) {
    await swift.stop();
    throw error;
  }
  return swift;
}

/**
 * Runs `cleanup` (sync only) if the process ends without `stop()`. "exit" alone is not enough:
 * vitest ends its fork workers with SIGTERM, which skips "exit", and the servers call setsid(),
 * so a Ctrl-C never reaches them. Returns the function that removes the hooks again.
 */
function onProcessEnd(cleanup: () => void): () => void {
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

async function prepareSetup(dir: string, users: readonly TempauthUser[]): Promise<SwiftLayout> {
  try {
    return await writeSwiftConfig(dir, users);
  } catch (error) {
    throw new SwiftS3Error(
      "SWIFT_SETUP_FAILED",
      `could not prepare Swift's config and rings in ${dir}`,
      "are swift-ring-builder and the swift packages installed? run `bash scripts/ensure-system-packages.sh` as root",
      { cause: error },
    );
  }
}

function spawnManaged(name: string, program: string, args: string[]): ManagedChild {
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

function isRunning(child: ChildProcess): boolean {
  return child.pid !== undefined && child.exitCode === null && child.signalCode === null;
}

async function stopChild({ child, exited }: ManagedChild): Promise<void> {
  if (!isRunning(child)) return;
  child.kill("SIGTERM");
  const escalate = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
  await exited;
  clearTimeout(escalate);
}

async function waitUntilReady(layout: SwiftLayout, children: readonly ManagedChild[]): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
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
        `Swift s3api did not answer /healthcheck on 127.0.0.1:${layout.ports.proxy} within ${READY_TIMEOUT_MS / 1000} s\n${renderTails(children, layout.tempauth)}`,
        "check the servers' output above; a slow machine may need a longer timeout",
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
