import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
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

it("runs the README's demo: the real CLI archives the sample fleet, then a second run archives nothing", async () => {
  const demo = fileURLToPath(new URL("../dist/demo/run-demo.js", import.meta.url));
  const cwd = await mkdtemp(path.join(tmpdir(), "demo-run-"));
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [demo], { cwd });
    expect(stdout).toMatch(/rds-log-archive sync: 15 archived .* 0 failed, 0 gaps; 4 instances/);
    expect(stdout).toMatch(/rds-log-archive sync: 0 archived .* 15 skipped, 0 failed, 0 gaps/);
    expect(stdout).toContain("山田太郎");
    const objects = (await readdir(path.join(cwd, "demo-archive"), { recursive: true })).filter((f) =>
      f.endsWith(".gz"),
    );
    expect(objects).toHaveLength(15);
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}, 60_000);
