import { mkdir, mkdtemp, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FleetSpec } from "../emulator/fleet.js";

/** A log file to lay out for an instance: its RDS name, bytes and LastWritten. */
export interface LogFileFixture {
  name: string;
  content: string | Uint8Array;
  lastWritten: Date;
}

/**
 * Writes an emulator fleet folder: `fleet.json` plus `instances/<id>/<name>` for each file, with
 * the file's mtime set to its LastWritten. Creates a temp folder when `dir` is not given.
 */
export async function writeFleet(
  spec: Partial<FleetSpec>,
  logs: Record<string, LogFileFixture[]> = {},
  dir?: string,
): Promise<string> {
  const fleetDir = dir ?? (await mkdtemp(path.join(tmpdir(), "rds-fleet-")));
  await mkdir(fleetDir, { recursive: true });
  // Sections the caller left out stay out, so fleets written before they existed read the same.
  const fleet: Partial<FleetSpec> = {
    ...spec,
    clusters: spec.clusters ?? [],
    instances: spec.instances ?? [],
    events: spec.events ?? [],
  };
  await writeFile(path.join(fleetDir, "fleet.json"), `${JSON.stringify(fleet, null, 2)}\n`);
  for (const [instance, files] of Object.entries(logs)) {
    for (const file of files) await writeLogFile(fleetDir, instance, file);
  }
  return fleetDir;
}

/** Writes (or rewrites) one log file of an instance and sets its LastWritten. */
export async function writeLogFile(
  fleetDir: string,
  instance: string,
  file: LogFileFixture,
): Promise<string> {
  const target = path.join(fleetDir, "instances", instance, ...file.name.split("/"));
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, file.content);
  await utimes(target, file.lastWritten, file.lastWritten);
  return target;
}
