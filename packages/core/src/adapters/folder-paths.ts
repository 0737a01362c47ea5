/**
 * Paths inside a folder destination that no symbolic link can lead out of. Keys are checked
 * before they get here (no `..`, no absolute path), but a link planted inside the root (`root/a`
 * pointing at `/etc`) would still carry `mkdir -p` and every write below it outside. So folders
 * are created one component at a time, each checked with `lstat` (which does not follow links)
 * and refused when it is a link or not a folder, and a file is opened with `O_NOFOLLOW`. The root
 * itself may be a link: that is where the user chose to put the archive.
 */
import { constants } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { lstat, mkdir, open, realpath } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { ArchiverError } from "../errors.js";

/** The path of `key` under `root`; throws when it would resolve outside (keys are checked before, so this is a fence). */
export function pathInside(root: string, key: string): string {
  const path = resolve(root, key);
  if (!isInside(root, path)) throw unsafe(key, "it resolves outside the root");
  return path;
}

/**
 * Creates the folders from `root` down to `folder` (a path inside it), refusing any component
 * that is a symbolic link or not a folder. A folder `mkdir` creates is new, so only one that
 * was there already is checked with `lstat`. `known` holds the folders a store has created or
 * checked before (it adds those it does), which are not checked again: a folder destination
 * writes many files into the same few folders, and each check is a file-system call in libuv's
 * thread pool, which the compressors share. A known `folder` costs one `lstat`; when a known
 * folder has gone since (someone removed it), every folder is checked again.
 */
export async function makeFoldersInside(
  root: string,
  folder: string,
  key: string,
  known: Set<string>,
): Promise<void> {
  if (known.has(folder)) {
    if ((await lstat(folder).catch(orUndefinedIfMissing))?.isDirectory()) return;
    known.clear();
  }
  try {
    await makeEachFolder(root, folder, key, known);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT" || known.size === 0) throw error;
    known.clear();
    await makeEachFolder(root, folder, key, known);
  }
}

async function makeEachFolder(root: string, folder: string, key: string, known: Set<string>): Promise<void> {
  if (!known.has(root)) {
    await mkdir(root, { recursive: true });
    known.add(root);
  }
  let current = root;
  for (const part of relative(root, folder)
    .split(sep)
    .filter((p) => p !== "")) {
    current = join(current, part);
    if (known.has(current)) continue;
    try {
      await mkdir(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      // mkdir never follows a link in the last component: EEXIST for a link, which lstat shows.
      const stats = await lstat(current);
      if (stats.isSymbolicLink())
        throw unsafe(key, `${current} is a symbolic link; links inside the archive are never followed`);
      if (!stats.isDirectory()) throw unsafe(key, `${current} exists and is not a folder`);
    }
    known.add(current);
  }
}

/**
 * Refuses a path whose folders lead outside the root through a link (for reads, where nothing is
 * created): the real path of the deepest folder of it that exists must lie inside the real root.
 */
export async function assertNoLinkOut(root: string, folder: string, key: string): Promise<void> {
  const realRoot = await realpath(root).catch(orUndefinedIfMissing);
  if (realRoot === undefined) return; // no archive yet, so nothing to read either
  for (let current = folder; isInside(root, current); current = dirname(current)) {
    const real = await realpath(current).catch(orUndefinedIfMissing);
    if (real === undefined) continue;
    if (!isInside(realRoot, real))
      throw unsafe(key, "its folder leads outside the root through a symbolic link");
    return;
  }
}

/** Opens an existing file for reading without following a link in its last component; undefined when missing. */
export async function openNoFollow(path: string): Promise<FileHandle | undefined> {
  try {
    return await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code === "ELOOP")
      throw unsafe(path, "it is a symbolic link; links inside the archive are never followed");
    throw error;
  }
}

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!isAbsolute(rel) && rel !== ".." && !rel.startsWith(`..${sep}`));
}

export function orUndefinedIfMissing(error: unknown): undefined {
  if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
  throw error;
}

export function unsafe(key: string, problem: string): ArchiverError {
  return new ArchiverError("UNSAFE_KEY", `refusing the key ${JSON.stringify(key)}: ${problem}`, {
    hint: "names from RDS can never leave the destination folder; remove the link, or check the key template and prefix",
  });
}
