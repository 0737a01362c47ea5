import { defineConfig } from "vitest/config";

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
