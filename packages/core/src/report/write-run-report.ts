import { rename, rm, writeFile } from "node:fs/promises";
import type { RunReport } from "./run-report.js";

/** Writes a run report whole or not at all: a reader never sees half a report, nor a temp file. */
export async function writeRunReport(path: string, report: RunReport): Promise<void> {
  const temp = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(temp, `${JSON.stringify(report, null, 2)}\n`);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
