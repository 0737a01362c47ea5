import { execFile } from "node:child_process";
import { readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { DEMO_FLEET_SOURCE, LAST_WRITTEN_MANIFEST, materializeDemoFleet } from "../src/demo/demo-fleet.js";

it("materializes the sample fleet with the captured LastWritten times", async () => {
  const dir = await materializeDemoFleet();
  try {
    const manifest = JSON.parse(
      await readFile(path.join(DEMO_FLEET_SOURCE, LAST_WRITTEN_MANIFEST), "utf8"),
    ) as Record<string, string>;
    expect(Object.keys(manifest).length).toBeGreaterThanOrEqual(15);
    for (const [relative, lastWritten] of Object.entries(manifest)) {
      const { mtimeMs } = await stat(path.join(dir, relative));
      expect(Math.floor(mtimeMs), relative).toBe(Date.parse(lastWritten));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

it("runs the README's demo: the emulator serves the sample fleet and discovery lists it", async () => {
  const demo = fileURLToPath(new URL("../dist/demo/run-demo.js", import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, [demo], {
    env: { ...process.env, AWS_PROFILE: "" },
  });
  expect(stdout).toMatch(/^orders-writer\s+orders\s+aurora-postgresql\s+3\s/m);
  expect(stdout).toMatch(/^shop-mariadb\s+-\s+mariadb\s+5\s/m);
  expect(stdout).not.toContain("graph-1");
  expect(stdout).toContain("4 instances, 1 Neptune/DocumentDB skipped");
}, 60_000);
