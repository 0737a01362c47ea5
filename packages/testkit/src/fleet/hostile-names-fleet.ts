import type { FleetSpec } from "../emulator/fleet.js";
import { type LogFileFixture, writeFleet } from "./write-fleet.js";

/**
 * Log file names that attack whatever prints them: a newline followed by a GitHub workflow
 * command (which the runner would obey at the start of a line), a terminal escape that turns the
 * rest of the screen red, and a bidirectional override. Linux allows all of them in a file name,
 * and the emulator lists and serves them as RDS would any name.
 */
export const HOSTILE_LOG_NAMES = [
  "error/mysql-error.log\n::set-output name=x::y",
  "error/\u001b[31mred.log",
  "error/right\u202eto-left.log",
] as const;

/** A standalone MySQL instance, `hostile`, whose settled log files have {@link HOSTILE_LOG_NAMES}. */
export function hostileNamesFleet(now: Date): {
  spec: Partial<FleetSpec>;
  logs: Record<string, LogFileFixture[]>;
} {
  const lastWritten = new Date(now.getTime() - 60 * 60_000);
  return {
    spec: { instances: [{ id: "hostile", engine: "mysql" }] },
    logs: {
      hostile: HOSTILE_LOG_NAMES.map((name) => ({
        name,
        content: `a line of ${JSON.stringify(name)}\n`,
        lastWritten,
      })),
    },
  };
}

/** Writes {@link hostileNamesFleet} to a new temp folder. */
export async function writeHostileNamesFleet(now: Date): Promise<string> {
  const { spec, logs } = hostileNamesFleet(now);
  return writeFleet(spec, logs);
}
