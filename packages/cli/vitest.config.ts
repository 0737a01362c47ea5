import { defineConfig } from "vitest/config";

// Node 20 is still our floor, and the SDK warns on it that its releases from 2027 need Node 22.
// The CLI silences that for its users (packages/cli/src/cli.ts); the tests, which make SDK clients of their
// own in the workers and in the global setup, silence it here, where both inherit it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["test/swift.global-setup.ts"],
    // Generous: the tests start real servers and processes on a 2-core machine that other work
    // shares; at a load of 25 a Swift start or an npm install took over a minute.
    testTimeout: 180_000,
    hookTimeout: 300_000,
    clearMocks: true,
    restoreMocks: true,
  },
});
