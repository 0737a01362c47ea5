/**
 * The local-folder destination: the same keys as S3, as paths under a root folder.
 *
 * Never overwrite, without a race: the body goes to a temp file in this process's staging folder
 * (`{root}/.tmp-rds-log-archive-{pid}-…`, see run-staging.ts) and is fsynced; then
 * `link(temp, final)` publishes it, and link fails with EEXIST when the name exists. The metadata
 * sidecar (`final.meta.json`) is published the same way BEFORE the data file, so an object never
 * exists without its metadata. A sidecar without its data file (a run killed between the two
 * links, or a writer still in flight) is not an object: `head` and `list` ignore it, and the next
 * writer of that key accepts it if it holds the same metadata. Temp files never sit among the
 * objects, and a killed run's staging folder is swept by the next run. No symbolic link inside
 * the root is ever followed (folder-paths.ts).
 *
 * State documents are replaced by rename, under a compare-and-swap: the version of a document is
 * the SHA-256 of its text, and a write holds a lock file beside it (folder-lock.ts) while it
 * checks that the document is still the version the caller read. That is safe between processes
 * on one machine, and on a shared file system whose `O_EXCL` create is atomic.
 */
import { createHash } from "node:crypto";
import { link, lstat, rename, unlink } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
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
  type WrittenFile,
  writeBodyToFile,
} from "../destinations/object-store.js";
import { ArchiverError } from "../errors.js";
import {
  guard,
  localError,
  parseJsonObject,
  readFileNoFollow,
  syncFolder,
  walk,
  writeDurably,
} from "./folder-files.js";
import { withFolderLock } from "./folder-lock.js";
import {
  assertNoLinkOut,
  makeFoldersInside,
  openNoFollow,
  orUndefinedIfMissing,
  pathInside,
} from "./folder-paths.js";
import { createRunStaging, type RunStaging } from "./run-staging.js";

/** Where to archive on disk; see {@link createDirObjectStore}. */
export interface DirObjectStoreOptions {
  /** The root folder; created when missing. Nothing is ever written outside it. */
  dir: string;
  /** The archive's key prefix, as the key template uses it; keys must lie under it. */
  prefix: string;
}

/** Staging folders' names start with this; `.tmp-` keeps them apart from any key and any listing. */
export const DIR_STAGING_NAME = `${TEMP_PREFIX}rds-log-archive`;

/** An {@link ObjectStore} on a local folder; see the file header for the write protocol. */
export function createDirObjectStore(options: DirObjectStoreOptions): ObjectStore {
  const root = resolve(options.dir);
  const prefix = checkPrefix(options.prefix);
  // Folders this store has made or checked (folder-paths.ts); a run checks each one once.
  const knownFolders = new Set<string>();
  let staging: Promise<RunStaging> | undefined;
  const stagingFolder = () => {
    staging ??= guard(`create ${root}`, async () => {
      await makeFoldersInside(root, root, ".", knownFolders);
      return createRunStaging(root, DIR_STAGING_NAME);
    }).catch((error: unknown) => {
      staging = undefined;
      throw error;
    });
    return staging;
  };

  /** The path of `key` inside the root, with its folders created, none of them a link. */
  async function placeKey(key: string): Promise<string> {
    const path = pathInside(root, key);
    await guard(`create the folders of ${path}`, () =>
      makeFoldersInside(root, dirname(path), key, knownFolders),
    );
    return path;
  }

  /** The path of `key` for reading: undefined when its folder is missing, refused when a link leads out. */
  async function findKey(key: string): Promise<string> {
    const path = pathInside(root, key);
    await guard(
      `resolve ${dirname(path)}`,
      () => assertNoLinkOut(root, dirname(path), key),
      "DESTINATION_READ_FAILED",
    );
    return path;
  }

  /** Every file whose key starts with `keyPrefix`: the deepest folder it names in full, walked and filtered. */
  async function* walkUnder(keyPrefix: string): AsyncGenerator<{ key: string; size: number }> {
    assertSafeKey(keyPrefix, "prefix");
    const start = keyPrefix.includes("/") ? keyPrefix.slice(0, keyPrefix.lastIndexOf("/") + 1) : "";
    const folder = pathInside(root, start === "" ? "." : start);
    await guard(
      `resolve ${folder}`,
      () => assertNoLinkOut(root, folder, keyPrefix),
      "DESTINATION_READ_FAILED",
    );
    for await (const entry of walk(folder, start)) if (entry.key.startsWith(keyPrefix)) yield entry;
  }

  return {
    description: join(root, prefix),

    async putNew(key, body, putOptions) {
      let final: string;
      let stage: RunStaging;
      try {
        assertArchiveKey(key, prefix);
        [final, stage] = await Promise.all([placeKey(key), stagingFolder()]);
      } catch (error) {
        body.destroy();
        throw error;
      }
      const folder = dirname(final);
      const dataTemp = stage.tempPath("data");
      const metaTemp = `${dataTemp}${SIDECAR_SUFFIX}`;
      let written: WrittenFile | undefined;
      try {
        written = await writeBodyToFile(body, dataTemp);
        // The data's fsync runs while the caller re-checks the source; both end before any link.
        const [metadata] = await Promise.all([putOptions.metadata(), written.durable]);
        const record = renderMetadataRecord(metadata);
        const sidecar: Record<string, string> = { ...record, "content-type": putOptions.contentType };
        if (putOptions.contentEncoding !== undefined)
          sidecar["content-encoding"] = putOptions.contentEncoding;
        await writeDurably(metaTemp, `${JSON.stringify(sidecar, null, 1)}\n`);
        if (!(await publish(metaTemp, final + SIDECAR_SUFFIX))) {
          // A sidecar is there: the object exists, another writer is in flight, or a run died between links.
          if (await existsAsObject(final)) return { outcome: "exists", bytesWritten: 0 };
          await requireSameMetadata(final, record);
        }
        const created = await publish(dataTemp, final);
        await syncFolder(folder);
        if (!created && !(await existsAsObject(final))) throw notAnObject(final);
        return created
          ? { outcome: "created", bytesWritten: written.bytes }
          : { outcome: "exists", bytesWritten: 0 };
      } finally {
        await written?.durable.catch(() => {});
        await Promise.all([removeTemp(dataTemp), removeTemp(metaTemp)]);
      }
    },

    async head(key) {
      assertArchiveKey(key, prefix);
      // Nothing at the path, through a link or not, is nothing to read: only a file found there
      // needs its folders checked (a first run asks this of every file it archives).
      if (!(await existsAsObject(pathInside(root, key)))) return undefined;
      const path = await findKey(key);
      const metadata = parseMetadataRecord(await readSidecar(path));
      if (metadata !== undefined) return metadata;
      throw new ArchiverError("DESTINATION_INVALID", `${path} exists without valid archive metadata`, {
        hint: `something other than rds-log-archive wrote it, or its ${SIDECAR_SUFFIX} sidecar was edited; move it away`,
      });
    },

    async readObject(key) {
      assertArchiveKey(key, prefix);
      const path = await findKey(key);
      const handle = await guard(`open ${path}`, () => openNoFollow(path), "DESTINATION_READ_FAILED");
      if (handle === undefined) return undefined;
      const record = await readSidecar(path).catch(async (error: unknown) => {
        await handle.close();
        throw error;
      });
      return { body: handle.createReadStream(), metadata: stringRecord(record) };
    },

    async *list(keyPrefix) {
      for await (const entry of walkUnder(keyPrefix)) {
        if (!entry.key.startsWith(prefix + STATE_FOLDER)) yield entry;
      }
    },

    async *listState(keyPrefix) {
      if (!keyPrefix.startsWith(prefix + STATE_FOLDER)) return;
      for await (const entry of walkUnder(keyPrefix)) yield entry.key;
    },

    async readState(key) {
      assertStateKey(key, prefix);
      const path = await findKey(key);
      const body = await readFileNoFollow(path);
      return body === undefined ? undefined : { body, version: versionOf(body) };
    },

    async writeState(key, body, expected) {
      assertStateKey(key, prefix);
      const path = await placeKey(key);
      const folder = dirname(path);
      const stage = await stagingFolder();
      const temp = stage.tempPath("state");
      try {
        await writeDurably(temp, body);
        return await guard(`lock ${path}`, () =>
          withFolderLock(join(folder, `${TEMP_PREFIX}lock-${basename(path)}`), async () => {
            const current = await readFileNoFollow(path);
            if ((current === undefined ? null : versionOf(current)) !== expected) return false;
            await guard(`replace ${path}`, () => rename(temp, path));
            await syncFolder(folder);
            return true;
          }),
        );
      } finally {
        await removeTemp(temp);
      }
    },

    async close() {
      const stage = await staging?.catch(() => undefined);
      staging = undefined;
      await stage?.remove();
    },
  };
}

/** Removes a temp file, which may never have been written; one call, where `rm` makes two. */
async function removeTemp(temp: string): Promise<void> {
  await unlink(temp).catch(orUndefinedIfMissing);
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
  const existing = parseMetadataRecord(await readSidecar(final));
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

/** True when `path` is a regular file; a link or a folder at an object's path is not an object. */
async function existsAsObject(path: string): Promise<boolean> {
  const stats = await guard(
    `stat ${path}`,
    () => lstat(path).catch(orUndefinedIfMissing),
    "DESTINATION_READ_FAILED",
  );
  if (stats === undefined) return false;
  if (stats.isFile()) return true;
  throw notAnObject(path);
}

function notAnObject(path: string): ArchiverError {
  return new ArchiverError("DESTINATION_INVALID", `${path} is in the archive's place but is not a file`, {
    hint: "something other than rds-log-archive put a link or a folder there; move it away",
  });
}

/** The sidecar of the object at `path`, parsed; undefined when it is missing or not a JSON object. */
async function readSidecar(path: string): Promise<Record<string, unknown> | undefined> {
  const text = await readFileNoFollow(`${path}${SIDECAR_SUFFIX}`);
  return text === undefined ? undefined : parseJsonObject(text);
}

/** A state document's version: its content, hashed; equal text is the same version. */
function versionOf(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The string fields of a parsed sidecar: the metadata record as the store wrote it. */
function stringRecord(record: Record<string, unknown> | undefined): Record<string, string> | undefined {
  if (record === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(record).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}
