import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createRequire } from "node:module";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { findFreePort } from "../services/free-port.js";
import { createKinesisClient, type KinesisStandIn, STAND_IN_CREDENTIALS } from "./kinesis-stand-in.js";

export interface KinesisLocalOptions {
  /** Milliseconds a stream stays CREATING, UPDATING (split, merge, shard count) or DELETING; default 100. */
  transitionMs?: number;
  /** The account streams live in (their ARNs); default 123456789012, the emulator's. */
  accountId?: string;
  region?: string;
  shardLimit?: number;
}

// Always the built preload: from src/ (under vitest) and from dist/ alike, this is the package's dist.
const PRELOAD = fileURLToPath(new URL("../../dist/kinesis/loopback-preload.js", import.meta.url));
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;

/**
 * kinesis-local (the npm build of kinesis-mock) as a child process on free loopback ports: the
 * faithful Kinesis for resharding, `ChildShards`, `ListShards` filters and paging, and `StreamARN`.
 * It takes 1–5 s to start and is about ten times slower than kinesalite, so keep volumes small.
 * `stop()` ends only the process this call spawned; it also exits by itself if this process dies.
 */
export async function startKinesisLocal(options: KinesisLocalOptions = {}): Promise<KinesisStandIn> {
  const main = createRequire(import.meta.url).resolve("kinesis-local");
  const plainPort = await findFreePort();
  let tlsPort = await findFreePort();
  while (tlsPort === plainPort) tlsPort = await findFreePort();
  const region = options.region ?? "us-east-1";
  const duration = `${options.transitionMs ?? 100}ms`;
  const child = spawn(process.execPath, ["--import", PRELOAD, main], {
    // Only what it needs: none of this process's AWS settings leak into the stand-in.
    env: {
      PATH: process.env.PATH ?? "",
      KINESIS_MOCK_CERT_PATH: path.join(path.dirname(main), "server.json"),
      KINESIS_MOCK_PLAIN_PORT: String(plainPort),
      KINESIS_MOCK_TLS_PORT: String(tlsPort),
      AWS_ACCOUNT_ID: options.accountId ?? "123456789012",
      AWS_REGION: region,
      SHARD_LIMIT: String(options.shardLimit ?? 50),
      LOG_LEVEL: "WARN",
      ...Object.fromEntries(
        ["CREATE_STREAM", "DELETE_STREAM", "MERGE_SHARDS", "SPLIT_SHARD", "UPDATE_SHARD_COUNT"].map(
          (name) => [`${name}_DURATION`, duration],
        ),
      ),
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString("utf8"));
    if (output.length > 50) output.shift();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const endpoint = `http://127.0.0.1:${plainPort}`;
  try {
    await waitUntilReady(endpoint, child, output);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  let stopping: Promise<void> | undefined;
  const standIn: KinesisStandIn = {
    kind: "kinesis-local",
    endpoint,
    region,
    pid: child.pid,
    credentials: STAND_IN_CREDENTIALS,
    client: () => createKinesisClient(standIn),
    stop() {
      stopping ??= stopChild(child);
      return stopping;
    },
  };
  return standIn;
}

async function waitUntilReady(endpoint: string, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `kinesis-local exited (${child.exitCode ?? child.signalCode}) before it listened:\n${output.join("")}`,
      );
    }
    const ready = await fetch(`${endpoint}/healthcheck`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await sleep(100);
  }
  throw new Error(`kinesis-local did not answer ${endpoint}/healthcheck within 60 s:\n${output.join("")}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}
