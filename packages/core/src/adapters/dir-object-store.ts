/**
 * The local-folder destination: the same keys as S3, as paths under a root folder.
 *
 * Never overwrite, without a race: the body goes to a `.tmp-*` file in the target folder and is
 * fsynced; then `link(temp, final)` publishes it, and link fails with EEXIST when the name exists.
 * The metadata sidecar (`final.meta.json`) is published the same way BEFORE the data file, so an
 * object never exists without its metadata. A sidecar without its data file (a run killed between
 * the two links, or a writer still in flight) is not an object: `head` and `list` ignore it, and
 * the next writer of that key accepts it if it holds the same metadata. Temp files never look like
 * objects, and each write sweeps those older than an hour (a killed run's) from its folder.
 * State documents are written to a temp file and renamed over the old one.
 */
import { randomUUID } from "node:crypto";
import {
  link,
  lstat,
  mkdir,
  open,
  opendir,
  readdir,
  readFile,
  realpath,
  rename,
  rm,
  writeFile,
} from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import {
  assertArchiveKey,
  assertSafeKey,
  assertStateKey,
  checkPrefix,
  type ObjectStore,
  parseMetadataRecord,
  renderMetadataRecord,
  SIDECAR_SUFFIX,
  STATE_FOLDER,
  TEMP_PREFIX,
  writeBodyToFile,
} from "../destinations/object-store.js";
import { ArchiverError, type ArchiverErrorCode, isArchiverError } from "../errors.js";

/** Where to archive on disk; see {@link createDirObjectStore}. */
export interface DirObjectStoreOptions {
  /** The root folder; created when missing. Nothing is ever written outside it. */
  dir: string;
  /** The archive's key prefix, as the key template uses it; keys must lie under it. */
  prefix: string;
}

/** Temp files older than this are a killed run's leftovers; younger ones may be a live writer's. */
const STALE_TEMP_MS = 60 * 60 * 1000;

/** An {@link ObjectStore} on a local folder; see the file header for the write protocol. */
export function createDirObjectStore(options: DirObjectStoreOptions): ObjectStore {
  const root = resolve(options.dir);
  const prefix = checkPrefix(options.prefix);

  /**
   * The path of `key` inside the root, with its folder created and checked to be inside the root
   * for real. Stale temp files are swept from a folder that already existed; one this call created
   * has none.
   */
  async function placeKey(key: string): Promise<string> {
    const path = pathInside(key);
    const folder = dirname(path);
    const created = await guard(`create ${folder}`, () => mkdir(folder, { recursive: true }));
    await assertReallyInside(key, folder);
    if (created === undefined) await sweepStaleTemps(folder);
    return path;
  }

  /** Refuses a folder that a symbolic link takes outside the root. */
  async function assertReallyInside(key: string, folder: string): Promise<void> {
    const [realRoot, realFolder] = await guard(
      `resolve ${folder}`,
      () => Promise.all([realpath(root), realpath(folder)]),
      "DESTINATION_READ_FAILED",
    );
    if (!isInside(realRoot, realFolder))
      throw unsafe(key, "its folder leads outside the root through a symbolic link");
  }

  function pathInside(key: string): string {
    const path = resolve(root, key);
    if (!isInside(root, path)) throw unsafe(key, "it resolves outside the root");
    return path;
  }

  return {
    description: join(root, prefix),

    async putNew(key, body, putOptions) {
      let final: string;
      try {
        assertArchiveKey(key, prefix);
        final = await placeKey(key);
      } catch (error) {
        body.destroy();
        throw error;
      }
      const folder = dirname(final);
      const dataTemp = join(folder, `${TEMP_PREFIX}${randomUUID()}`);
      const metaTemp = `${dataTemp}${SIDECAR_SUFFIX}`;
      try {
        const size = await writeBodyToFile(body, dataTemp);
        const record = renderMetadataRecord(putOptions.metadata());
        const sidecar: Record<string, string> = { ...record, "content-type": putOptions.contentType };
        if (putOptions.contentEncoding !== undefined)
          sidecar["content-encoding"] = putOptions.contentEncoding;
        await writeDurably(metaTemp, `${JSON.stringify(sidecar, null, 1)}\n`);
        if (!(await publish(metaTemp, final + SIDECAR_SUFFIX))) {
          // A sidecar is there: the object exists, another writer is in flight, or a run died between links.
          if (await exists(final)) return { outcome: "exists", bytesWritten: 0 };
          await requireSameMetadata(final, record);
        }
        const created = await publish(dataTemp, final);
        await syncFolder(folder);
        return created ? { outcome: "created", bytesWritten: size } : { outcome: "exists", bytesWritten: 0 };
      } finally {
        await Promise.all([rm(dataTemp, { force: true }), rm(metaTemp, { force: true })]);
      }
    },

    async head(key) {
      assertArchiveKey(key, prefix);
      const path = pathInside(key);
      if (!(await exists(path))) return undefined;
      const text = await guard(
        `read ${path}${SIDECAR_SUFFIX}`,
        () => readFile(path + SIDECAR_SUFFIX, "utf8").catch(orUndefinedIfMissing),
        "DESTINATION_READ_FAILED",
      );
      const metadata = text === undefined ? undefined : parseMetadataRecord(parseJsonObject(text));
      if (metadata !== undefined) return metadata;
      throw new ArchiverError("DESTINATION_INVALID", `${path} exists without valid archive metadata`, {
        hint: `something other than rds-log-archive wrote it, or its ${SIDECAR_SUFFIX} sidecar was edited; move it away`,
      });
    },

    async readObject(key) {
      assertArchiveKey(key, prefix);
      const path = pathInside(key);
      // Opened here, so that a missing object is undefined rather than a stream that fails later.
      const handle = await guard(
        `read ${path}`,
        () => open(path, "r").catch(orUndefinedIfMissing),
        "DESTINATION_READ_FAILED",
      );
      return handle?.createReadStream();
    },

    async *list(keyPrefix) {
      assertSafeKey(keyPrefix, "prefix");
      // Walk the deepest folder the prefix names in full, and filter by the rest.
      const start = keyPrefix.includes("/") ? keyPrefix.slice(0, keyPrefix.lastIndexOf("/") + 1) : "";
      const folder = pathInside(start === "" ? "." : start);
      if (!(await exists(folder))) return;
      await assertReallyInside(keyPrefix, folder);
      for await (const entry of walk(folder, start)) {
        if (entry.key.startsWith(keyPrefix) && !entry.key.startsWith(prefix + STATE_FOLDER)) yield entry;
      }
    },

    async readState(key) {
      assertStateKey(key, prefix);
      const path = pathInside(key);
      return guard(
        `read ${path}`,
        () => readFile(path, "utf8").catch(orUndefinedIfMissing),
        "DESTINATION_READ_FAILED",
      );
    },

    async writeState(key, body) {
      assertStateKey(key, prefix);
      const path = await placeKey(key);
      const folder = dirname(path);
      const temp = join(folder, `${TEMP_PREFIX}${randomUUID()}`);
      try {
        await writeDurably(temp, body);
        await guard(`replace ${path}`, () => rename(temp, path));
        await syncFolder(folder);
      } finally {
        await rm(temp, { force: true });
      }
    },
  };
}

/** Archived objects below `folder` (keys start with `keyBase`); temp files, sidecars and symlinks are not objects. */
async function* walk(folder: string, keyBase: string): AsyncGenerator<{ key: string; size: number }> {
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

/** Links `temp` to `final`; false when `final` exists (link never replaces a file). */
async function publish(temp: string, final: string): Promise<boolean> {
  try {
    await link(temp, final);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw localError(`link ${final}`, error);
  }
}

async function requireSameMetadata(final: string, record: Record<string, string>): Promise<void> {
  const text = await guard(
    `read ${final}${SIDECAR_SUFFIX}`,
    () => readFile(final + SIDECAR_SUFFIX, "utf8"),
    "DESTINATION_READ_FAILED",
  );
  const existing = parseMetadataRecord(parseJsonObject(text));
  if (existing !== undefined && JSON.stringify(renderMetadataRecord(existing)) === JSON.stringify(record))
    return;
  throw new ArchiverError(
    "DESTINATION_INVALID",
    `${final}${SIDECAR_SUFFIX} describes another source than the one being written, and ${final} does not exist`,
    {
      hint: "a key must identify one source version; check the key template, then remove the orphaned sidecar",
    },
  );
}

async function writeDurably(file: string, text: string): Promise<void> {
  await guard(`write ${file}`, () => writeFile(file, text, { flag: "wx", flush: true }));
}

/** Makes a new directory entry durable. */
async function syncFolder(folder: string): Promise<void> {
  await guard(`sync ${folder}`, async () => {
    const handle = await open(folder, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  });
}

/** Removes a killed run's temp files from `folder`; best effort, since a leftover is harmless. */
async function sweepStaleTemps(folder: string): Promise<void> {
  const cutoff = Date.now() - STALE_TEMP_MS;
  try {
    const dir = await opendir(folder);
    for await (const entry of dir) {
      if (!entry.name.startsWith(TEMP_PREFIX) || !entry.isFile()) continue;
      const path = join(folder, entry.name);
      const stats = await lstat(path).catch(orUndefinedIfMissing);
      if (stats !== undefined && stats.mtimeMs < cutoff) await rm(path, { force: true });
    }
  } catch {
    // Sweeping is housekeeping; the write that follows reports real problems with the folder.
  }
}

async function exists(path: string): Promise<boolean> {
  const stats = await guard(
    `stat ${path}`,
    () => lstat(path).catch(orUndefinedIfMissing),
    "DESTINATION_READ_FAILED",
  );
  return stats !== undefined;
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!isAbsolute(rel) && rel !== ".." && !rel.startsWith(`..${sep}`));
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function orUndefinedIfMissing(error: unknown): undefined {
  if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
  throw error;
}

/** Runs a file-system action, turning its failure into a coded error that names what failed. */
async function guard<T>(
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

function localError(
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

function unsafe(key: string, problem: string): ArchiverError {
  return new ArchiverError("UNSAFE_KEY", `refusing the key ${JSON.stringify(key)}: ${problem}`, {
    hint: "names from RDS can never leave the destination folder; check the key template and prefix",
  });
}
