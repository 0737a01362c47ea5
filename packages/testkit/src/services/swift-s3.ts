/**
 * A real OpenStack Swift with the s3api middleware on loopback, for integration tests and the
 * demo. Swift verifies SigV4 (403 SignatureDoesNotMatch for a wrong secret), does real multipart
 * (ETags with the `-N` suffix) and refuses aws-chunked bodies with 501 rather than storing the
 * framing, which the npm stand-in s3rver does not. Each call gets its own temp dir, ports and
 * processes, and `stop()` ends exactly the PIDs this call spawned.
 */
import { rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
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
import {
  isRunning,
  type ManagedChild,
  onProcessEnd,
  spawnManaged,
  stopChild,
  waitUntilReady,
} from "./swift-processes.js";
import { SwiftS3Error } from "./swift-s3-error.js";

export { SwiftS3Error };

/** What a test needs installed for Swift s3api, for `serviceAvailability`. */
export const SWIFT_SERVICE_PATHS: readonly string[] = [
  "/usr/bin/swift-proxy-server",
  "/usr/bin/swift-account-server",
  "/usr/bin/swift-container-server",
  "/usr/bin/swift-object-server",
  "/usr/bin/swift-ring-builder",
  "/usr/bin/memcached",
];

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
  /** How long the servers may take to serve once spawned; default 60 s. */
  readyTimeoutMs?: number;
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

const READY_TIMEOUT_MS = 60_000;
const TEMPAUTH = { account: "test", user: "tester", key: "testing" } as const;
/** What a server says when another process took its port between our probe and its bind. */
const PORT_TAKEN = /Address already in use|EADDRINUSE|Errno 98/;

/**
 * Starts memcached and Swift's account, container, object and proxy servers on free loopback
 * ports, waits until the proxy answers `/healthcheck`, then creates `options.buckets`. Ports are
 * probed before the servers bind them, so a busy machine can hand one to another process in
 * between: that start is retried once on fresh ports.
 */
export async function startSwiftS3(options: SwiftS3Options = {}): Promise<SwiftS3> {
  try {
    return await startOnce(options);
  } catch (error) {
    if (!(error instanceof SwiftS3Error && error.code === "SWIFT_EXITED" && PORT_TAKEN.test(error.message))) {
      throw error;
    }
    return startOnce(options);
  }
}

async function startOnce(options: SwiftS3Options): Promise<SwiftS3> {
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
    await waitUntilReady(layout, children, options.readyTimeoutMs ?? READY_TIMEOUT_MS);
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
  let stopping: Promise<void> | undefined;
  const swift: SwiftS3 = {
    endpoint,
    region: "us-east-1",
    credentials,
    otherAccounts: otherAccounts.map(keysOf),
    pids: children.flatMap(({ child }) => (child.pid === undefined ? [] : [child.pid])),
    dir,
    createBucket: (name, keys = credentials) => createSwiftBucket(endpoint, keys, name),
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

/** Creates a bucket through the S3 API with `keys`, as a client of the store would. */
export async function createSwiftBucket(
  endpoint: string,
  keys: SwiftCredentials,
  name: string,
): Promise<void> {
  const client = new S3Client({
    endpoint,
    region: "us-east-1",
    credentials: keys,
    forcePathStyle: true,
    // Swift rejects aws-chunked bodies with trailing checksums (501), so only send checksums when required.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  try {
    await client.send(new CreateBucketCommand({ Bucket: name }));
  } finally {
    client.destroy();
  }
}
