/**
 * File-system steps of the folder destination, each failure turned into a coded error that names
 * what failed: durable writes, folder syncs, reads that never follow a link, and the walk that
 * lists objects (temp files, sidecars and links are not objects).
 */
import { lstat, open, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { SIDECAR_SUFFIX, TEMP_PREFIX } from "../destinations/object-store.js";
import { ArchiverError, type ArchiverErrorCode, isArchiverError } from "../errors.js";
import { openNoFollow, orUndefinedIfMissing } from "./folder-paths.js";

/** Archived objects below `folder` (keys start with `keyBase`); temp files, sidecars and symlinks are not objects. */
export async function* walk(folder: string, keyBase: string): AsyncGenerator<{ key: string; size: number }> {
  const entries = await guard(
    `list ${folder}`,
    () => readdir(folder, { withFileTypes: true }).catch(orUndefinedIfMissing),
    "DESTINATION_READ_FAILED",
  );
  for (const entry of (entries ?? []).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith(TEMP_PREFIX)) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      yield* walk(path, `${keyBase}${entry.name}/`);
    } else if (entry.isFile() && !entry.name.endsWith(SIDECAR_SUFFIX)) {
      const stats = await lstat(path).catch(orUndefinedIfMissing);
      if (stats !== undefined) yield { key: keyBase + entry.name, size: stats.size };
    }
  }
}

/** Writes a new file (never an existing one) and fsyncs it. */
export async function writeDurably(file: string, text: string): Promise<void> {
  await guard(`write ${file}`, () => writeFile(file, text, { flag: "wx", flush: true }));
}

/** Makes a new directory entry durable. */
export async function syncFolder(folder: string): Promise<void> {
  await guard(`sync ${folder}`, async () => {
    const handle = await open(folder, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  });
}

/** A file's text, read without following a link in its last component; undefined when it is missing. */
export async function readFileNoFollow(path: string): Promise<string | undefined> {
  const handle = await guard(`open ${path}`, () => openNoFollow(path), "DESTINATION_READ_FAILED");
  if (handle === undefined) return undefined;
  try {
    return await guard(`read ${path}`, () => handle.readFile("utf8"), "DESTINATION_READ_FAILED");
  } finally {
    await handle.close();
  }
}

/** The JSON object `text` holds, or undefined when it holds none. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Runs a file-system action, turning its failure into a coded error that names what failed. */
export async function guard<T>(
  what: string,
  action: () => Promise<T>,
  code: ArchiverErrorCode = "DESTINATION_WRITE_FAILED",
): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw isArchiverError(error) ? error : localError(what, error, code);
  }
}

/** A coded error for a failed file-system step, with the system's reason. */
export function localError(
  what: string,
  cause: unknown,
  code: ArchiverErrorCode = "DESTINATION_WRITE_FAILED",
): ArchiverError {
  const reason = (cause as NodeJS.ErrnoException).code ?? String(cause);
  return new ArchiverError(code, `could not ${what} (${reason})`, {
    cause,
    hint: "check that the destination folder exists, is writable and has free space",
  });
}
