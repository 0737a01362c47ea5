/**
 * When Swift does not come up, the error carries the servers' own last output lines, so a failed
 * start on a loaded machine says why. Real child processes stand in for the servers here: one
 * that dies printing its complaint, one that never listens.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { SwiftLayout } from "../src/services/swift-config.js";
import {
  type ManagedChild,
  spawnManaged,
  stopChild,
  waitUntilReady,
} from "../src/services/swift-processes.js";
import { SwiftS3Error } from "../src/services/swift-s3-error.js";

/** Ports nothing listens on (1 is privileged and unused on loopback here), so Swift is never "ready". */
const layout: SwiftLayout = {
  configDir: "/nonexistent",
  devicesDir: "/nonexistent",
  user: "nobody",
  memcachedUser: undefined,
  ports: { memcached: 1, account: 1, container: 1, object: 1, proxy: 1 },
  tempauth: [{ account: "test", user: "tester", key: "s3cr3t-key" }],
};

const children: ManagedChild[] = [];
const spawnNode = (name: string, script: string) => {
  const child = spawnManaged(name, process.execPath, ["-e", script]);
  children.push(child);
  return child;
};

afterEach(async () => {
  await Promise.all(children.splice(0).map(stopChild));
});

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable("Swift was reported ready"),
    (error: unknown) => error as SwiftS3Error,
  );

describe("waitUntilReady", () => {
  it("fails with the exiting server's name, exit code and last output lines, keys masked", async () => {
    const dying = spawnNode(
      "proxy",
      "console.log('loading proxy-server.conf with key s3cr3t-key'); console.error('OSError: [Errno 98] Address already in use'); process.exit(3)",
    );
    await dying.exited;
    const error = await failureOf(waitUntilReady(layout, children, 60_000));
    expect(error).toBeInstanceOf(SwiftS3Error);
    expect(error.code).toBe("SWIFT_EXITED");
    expect(error.message).toContain("proxy exited during startup (3)");
    expect(error.message).toContain("--- proxy ---");
    expect(error.message).toContain("OSError: [Errno 98] Address already in use");
    expect(error.message).toContain("with key ***");
    expect(error.message).not.toContain("s3cr3t-key");
  });

  it("fails after its timeout with every server's output when they run but never serve", async () => {
    const silent = spawnNode(
      "object",
      "console.log('object-server: started, not listening'); setInterval(() => {}, 1000)",
    );
    await new Promise<void>((resolve) => silent.child.stdout?.once("data", () => resolve()));
    const error = await failureOf(waitUntilReady(layout, children, 200));
    expect(error.code).toBe("SWIFT_NOT_READY");
    expect(error.message).toContain("did not answer /healthcheck on 127.0.0.1:1 within 0.2 s");
    expect(error.message).toContain("object-server: started, not listening");
    expect(error.hint).toContain("readyTimeoutMs");
  });
});
