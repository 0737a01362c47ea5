/**
 * Reads back what an activity-stream run archived in a folder destination: every batch object's
 * NDJSON lines, parsed, and the raw bytes, for exactly-once and fidelity checks.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";

export interface ArchivedActivity {
  /** Keys of the batch objects, relative to the folder, sorted. */
  keys: string[];
  /** Every NDJSON line of every batch, in key order. */
  lines: string[];
  events: Record<string, unknown>[];
}

export async function readActivityArchive(dir: string): Promise<ArchivedActivity> {
  const keys = (await readdir(dir, { recursive: true }))
    .filter((name) => name.endsWith(".ndjson.gz") && name.includes(`${path.sep}activity${path.sep}`))
    .map((name) => name.split(path.sep).join("/"))
    .sort();
  const lines: string[] = [];
  for (const key of keys) {
    const text = gunzipSync(await readFile(path.join(dir, key))).toString("utf8");
    if (!text.endsWith("\n")) throw new Error(`${key} does not end with a newline`);
    lines.push(...text.slice(0, -1).split("\n"));
  }
  return { keys, lines, events: lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}
