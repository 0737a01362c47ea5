import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import {
  hourlyGeneratedFleet,
  type RdsEmulator,
  sha256OfGeneratedLog,
  startEmulator,
  writeFleet,
} from "@rds-log-archive/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { createDirObjectStore } from "../src/adapters/dir-object-store.js";
import { parseConfig } from "../src/config/parse-config.js";
import { archive } from "../src/sources/log-files/archive-log-files.js";

process.env.AWS_ACCESS_KEY_ID = "test:tester";
process.env.AWS_SECRET_ACCESS_KEY = "testing";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fleet of generated files: `instances` instances with `files` hourly logs of `size` bytes each. */
async function generatedFleet(instances: number, files: number, size: number) {
  const spec = hourlyGeneratedFleet({ instances, files, size });
  const fleetDir = await writeFleet({ instances: spec });
  const archiveDir = await mkdtemp(path.join(tmpdir(), "resilience-"));
  cleanups.push(
    () => rm(fleetDir, { recursive: true, force: true }),
    () => rm(archiveDir, { recursive: true, force: true }),
  );
  return { spec, fleetDir, archiveDir };
}

describe("resilience", () => {
  it("completes a correct archive within two runs under 30% throttling, 5% download errors and mid-body resets", async () => {
    const { spec, fleetDir, archiveDir } = await generatedFleet(4, 3, 512 * 1024);
    const emulator: RdsEmulator = await startEmulator({
      fleetDir,
      faults: {
        throttleRate: 0.3,
        downloadErrorRate: 0.05,
        resetMidBodyRate: 0.05,
        shortBodyRate: 0.02,
        seed: 11,
      },
    });
    cleanups.push(() => emulator.close());
    process.env.AWS_ENDPOINT_URL_RDS = emulator.endpoint;
    const parsed = parseConfig(
      { targets: [{ region: "us-east-1", all: true }], destination: { dir: archiveDir }, concurrency: 4 },
      new Date(),
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const store = createDirObjectStore({ dir: archiveDir, prefix: "" });

    let runs = 0;
    let archived = 0;
    for (; runs < 2; ) {
      runs++;
      const report = await archive(parsed.config, { store });
      archived += report.totals.archived;
      if (report.totals.failed === 0 && report.targets.every((t) => !t.error)) break;
    }
    expect(archived).toBe(12);
    const counts = emulator.requests.counts();
    const faults = emulator.requests.requests.filter((r) => r.errorCode !== undefined || r.status >= 500);
    expect(faults.length, `faults injected: ${JSON.stringify(counts)}`).toBeGreaterThan(5);

    for (const instance of spec) {
      for (const log of instance.generatedLogs) {
        const objects = [];
        for await (const object of store.list(""))
          if (object.key.includes(`/${instance.id}/`) && object.key.includes(log.name.slice(6)))
            objects.push(object.key);
        expect(objects, `${instance.id} ${log.name}`).toHaveLength(1);
        const stored = await readFile(path.join(archiveDir, objects[0] as string));
        const digest = createHash("sha256").update(gunzipSync(stored)).digest("hex");
        expect(digest).toBe(await sha256OfGeneratedLog(log.seed, log.size));
      }
    }
  }, 240_000);
});
