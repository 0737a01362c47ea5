/**
 * One Swift s3api per package test run, shared by its test files, instead of one per file: a
 * Swift start costs several seconds of Python start-up on each of five processes (half a minute
 * or more on a loaded machine), and one started per file inside a `beforeAll` had to finish
 * within the hook timeout whatever the load.
 *
 * The package's vitest `globalSetup` runs a small broker on loopback and hands its address to
 * the test files through `provide`. The first test file that connects makes the broker start
 * Swift (once; later files wait for the same start), so a run without Swift tests starts none.
 * The start has its own readiness deadline and, when Swift does not come up, every waiting file
 * fails with the servers' own last output lines. Each test file works in buckets of its own.
 * Tests that need a Swift of their own (other tempauth accounts, stopping it) call `startSwiftS3`.
 */
import { randomBytes } from "node:crypto";
import { createServer, get } from "node:http";
import type { AddressInfo } from "node:net";
import { text } from "node:stream/consumers";
// Type-only, erased from the build: it lets the declaration below extend vitest's ProvidedContext.
import type {} from "vitest";
import { serviceAvailability } from "./require-service.js";
import {
  createSwiftBucket,
  SWIFT_SERVICE_PATHS,
  type SwiftCredentials,
  type SwiftS3,
  SwiftS3Error,
  startSwiftS3,
} from "./swift-s3.js";

/** What the global setup hands to test files, as `inject("sharedSwift")`. */
export type SharedSwiftInfo = { available: true; broker: string } | { available: false; reason: string };

declare module "vitest" {
  export interface ProvidedContext {
    sharedSwift: SharedSwiftInfo;
  }
}

/** The shared Swift as a test file uses it. */
export interface SharedSwift {
  readonly endpoint: string;
  readonly region: "us-east-1";
  /** test:tester / testing */
  readonly credentials: SwiftCredentials;
  /** Creates a bucket named `prefix-<random>`, which no other test file uses, and returns its name. */
  createBucket(prefix: string): Promise<string>;
}

/** A loaded machine can take minutes to start five Python servers; the default 60 s is for private starts. */
const SHARED_READY_TIMEOUT_MS = 240_000;

/**
 * The timeout for the hook that calls {@link connectSharedSwift}: longer than Swift's own start
 * deadline, so that a slow start fails with Swift's output rather than a bare hook timeout.
 */
export const SHARED_SWIFT_HOOK_TIMEOUT_MS = 600_000;

/**
 * A vitest `globalSetup` (export it as `setup` from the package's setup file): provides
 * `sharedSwift` and returns the teardown that stops Swift if a test file started it. Without
 * Swift installed it provides `{ available: false, reason }` so tests skip, except under CI=true,
 * where that is an error.
 */
export async function setupSharedSwift(project: {
  provide(key: "sharedSwift", value: SharedSwiftInfo): void;
}): Promise<() => Promise<void>> {
  const availability = serviceAvailability("Swift s3api", SWIFT_SERVICE_PATHS);
  if (!availability.available) {
    project.provide("sharedSwift", { available: false, reason: availability.reason });
    return async () => {};
  }
  let starting: Promise<SwiftS3> | undefined;
  const broker = createServer((_request, response) => {
    starting ??= startSwiftS3({ readyTimeoutMs: SHARED_READY_TIMEOUT_MS });
    starting.then(
      ({ endpoint, region, credentials }) => {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ endpoint, region, credentials }));
      },
      (error: Error) => {
        const hint = error instanceof SwiftS3Error ? `\nhint: ${error.hint}` : "";
        response.writeHead(500, { "content-type": "text/plain" });
        response.end(
          `the shared Swift s3api for this package's tests did not start: ${error.message}${hint}`,
        );
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    broker.once("error", reject);
    broker.listen(0, "127.0.0.1", resolve);
  });
  const { port } = broker.address() as AddressInfo;
  project.provide("sharedSwift", { available: true, broker: `http://127.0.0.1:${port}` });
  return async () => {
    broker.closeAllConnections();
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    await starting?.then(
      (swift) => swift.stop(),
      () => undefined,
    );
  };
}

/**
 * The shared Swift for a test file, started on the first call of the run. Call it only where
 * `info.available` (skip the tests otherwise), in a hook given {@link SHARED_SWIFT_HOOK_TIMEOUT_MS}.
 */
export async function connectSharedSwift(info: SharedSwiftInfo): Promise<SharedSwift> {
  if (!info.available) throw new Error(`the shared Swift is not available: ${info.reason}`);
  // node:http rather than fetch, whose 300 s header timeout a slow start could outlast.
  const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    get(`${info.broker}/swift`, (response) => {
      text(response).then((body) => resolve({ status: response.statusCode ?? 0, body }), reject);
    }).once("error", reject);
  });
  if (status !== 200) throw new Error(body);
  const { endpoint, credentials } = JSON.parse(body) as { endpoint: string; credentials: SwiftCredentials };
  return {
    endpoint,
    region: "us-east-1",
    credentials,
    async createBucket(prefix) {
      const name = `${prefix}-${randomBytes(4).toString("hex")}`;
      await createSwiftBucket(endpoint, credentials, name);
      return name;
    },
  };
}
