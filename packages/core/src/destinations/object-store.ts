/**
 * The port every destination implements (S3, S3-compatible, a local folder), and the key rules
 * they share so that the same keys give the same layout everywhere.
 *
 * Keys are full keys from the bucket (or folder) root, prefix included, as the key template
 * renders them. The store's prefix fences them: archive keys must lie under `{prefix}` but not
 * under `{prefix}_state/`, and state documents, the only keys ever overwritten, must lie under
 * `{prefix}_state/`.
 */
import { close, createWriteStream, fsync } from "node:fs";
import { rm } from "node:fs/promises";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import { ArchiverError, isArchiverError } from "../errors.js";

/** Metadata every archived object carries, so that the archive describes itself without any state file. */
export interface ArchivedObjectMetadata {
  /** The source DB instance id. */
  instance: string;
  /** The RDS log file name, e.g. `error/postgresql.log.2026-11-20-10`. */
  logFileName: string;
  /** Bytes of the source file as downloaded (before compression). */
  sourceSize: number;
  /** LastWritten of the source file, epoch milliseconds. */
  lastWritten: number;
  /** Lowercase hex SHA-256 of the source bytes (before compression). */
  sourceSha256: string;
  /** The DB cluster id, when the instance belongs to one. */
  cluster?: string;
  /** The AWS region of the source. */
  region: string;
  /** How the stored bytes are compressed; objects written before the setting existed are gzip. */
  compression?: "gzip" | "zstd";
}

/** What {@link ObjectStore.putNew} did: wrote the object, or found one already at the key. */
export interface PutResult {
  outcome: "created" | "exists";
  /** Bytes of the stored body that this call consumed (the compressed size for a `.gz`). */
  bytesWritten: number;
}

/** How to store a body; `metadata` is called once, after the body has ended. */
export interface PutOptions {
  contentType: string;
  contentEncoding?: string;
  /**
   * The object's metadata. The SHA-256 of the source is only known once the body has been
   * consumed, so the store calls this after the body ended and before the object becomes visible.
   * It may also refuse: a caller that finds the body was not what it meant to store (another
   * version of the source, say) throws here, and the store writes nothing.
   */
  metadata: () => ArchivedObjectMetadata | Promise<ArchivedObjectMetadata>;
}

/** A state document as read, with the version a conditional write of it must name. */
export interface StateDocument {
  body: string;
  /** Opaque: an ETag in S3, a content hash in a folder. */
  version: string;
}

/** One stored object as {@link ObjectStore.readObject} hands it over. */
export interface StoredObject {
  /** The stored bytes, as written (a `.gz` stays compressed). */
  body: Readable;
  /** The object's metadata record (see {@link renderMetadataRecord}); undefined when it has none. */
  metadata: Record<string, string> | undefined;
}

/** A destination: writes each object at most once and never overwrites or deletes one. */
export interface ObjectStore {
  /** `s3://bucket/prefix` or the folder path, for messages. */
  readonly description: string;
  /**
   * Stores `body` at `key` unless an object is already there; never overwrites. The body is always
   * consumed to its end (or destroyed on failure). A body that errors never becomes an object.
   */
  putNew(key: string, body: Readable, options: PutOptions): Promise<PutResult>;
  /** The metadata of the archived object at `key`, or undefined when there is none. */
  head(key: string): Promise<ArchivedObjectMetadata | undefined>;
  /** Every archived object whose key starts with `keyPrefix` (a full key prefix), state documents excluded. */
  list(keyPrefix: string): AsyncIterable<{ key: string; size: number }>;
  /**
   * The archived object at `key`: its stored bytes as a stream (gzip for a `.gz` object) and its
   * metadata record; undefined when there is none.
   */
  readObject(key: string): Promise<StoredObject | undefined>;
  /** The keys of the state documents under `keyPrefix` (a full key prefix under `{prefix}_state/`). */
  listState(keyPrefix: string): AsyncIterable<string>;
  /** The state document at `key` (under `{prefix}_state/`), or undefined when there is none. */
  readState(key: string): Promise<StateDocument | undefined>;
  /**
   * Writes the state document at `key` (under `{prefix}_state/`) if it is still the version the
   * caller read, `expected` (null: there must be none yet). False when another writer changed it
   * first: the caller reads again, merges, and retries (see `state/update-state.ts`). A store
   * that cannot make the write conditional writes anyway and returns true; each store says when.
   */
  writeState(key: string, body: string, expected: string | null): Promise<boolean>;
  /** Releases what the store holds for this process (its staging folder); the store is not used after. */
  close(): Promise<void>;
}

/** The folder, under the store's prefix, that holds state documents. */
export const STATE_FOLDER = "_state/";

/** The folder, under the store's prefix, where S3 streams a body longer than one part before copying it to its key. */
export const UPLOADS_FOLDER = `${STATE_FOLDER}uploads/`;

/** Suffix of the metadata sidecar next to each object in a folder store. */
export const SIDECAR_SUFFIX = ".meta.json";

/** Prefix of in-progress files in a folder store; never an object. */
export const TEMP_PREFIX = ".tmp-";

const MAX_KEY_BYTES = 1024;

/**
 * Rejects an archive key that could escape the root, collide with another key on disk, reach a
 * reserved name (temp files, sidecars) or leave the store's prefix, or that points into the
 * state folder. Every store applies the same rules so that both layouts stay identical.
 */
export function assertArchiveKey(key: string, prefix: string): void {
  assertSafeKey(key, "key");
  if (!key.startsWith(prefix)) refuse(key, "key", `it is not under the prefix ${JSON.stringify(prefix)}`);
  if (key.startsWith(prefix + STATE_FOLDER))
    refuse(key, "key", `${prefix}${STATE_FOLDER} is reserved for state`);
}

/** Rejects a state key that is unsafe (see {@link assertArchiveKey}) or not under `{prefix}_state/`. */
export function assertStateKey(key: string, prefix: string): void {
  assertSafeKey(key, "state key");
  if (!key.startsWith(prefix + STATE_FOLDER)) {
    refuse(key, "state key", `state documents live under ${JSON.stringify(prefix + STATE_FOLDER)}`);
  }
}

/** Rejects keys (or prefixes, which may be empty or end with `/`) that are unsafe on any store. */
export function assertSafeKey(key: string, kind: "key" | "state key" | "prefix"): void {
  const problem = findKeyProblem(key, kind);
  if (problem !== undefined) refuse(key, kind, problem);
}

function refuse(key: string, kind: string, problem: string): never {
  throw new ArchiverError("UNSAFE_KEY", `refusing the ${kind} ${JSON.stringify(key)}: ${problem}`, {
    hint: "keys come from the key template, the prefix and RDS file names; check them for '..' or a leading '/'",
  });
}

function findKeyProblem(key: string, kind: "key" | "state key" | "prefix"): string | undefined {
  if (key === "") return kind === "prefix" ? undefined : "it is empty";
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) return `it is longer than ${MAX_KEY_BYTES} bytes`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\u0000-\u001f\u007f\\]/.test(key)) return "it contains a control character or a backslash";
  if (key.startsWith("/")) return "it is absolute";
  const segments = (kind === "prefix" && key.endsWith("/") ? key.slice(0, -1) : key).split("/");
  for (const segment of segments) {
    if (segment === "" || segment === "." || segment === "..") return "it has an empty, '.' or '..' segment";
    if (segment.startsWith(TEMP_PREFIX))
      return `a segment starts with ${TEMP_PREFIX}, reserved for temp files`;
  }
  if (kind !== "prefix" && key.endsWith(SIDECAR_SUFFIX))
    return `it ends with ${SIDECAR_SUFFIX}, reserved for metadata`;
  return undefined;
}

/** The store's prefix, checked; taken as written, like the key template does (normally empty or ending with `/`). */
export function checkPrefix(prefix: string): string {
  assertSafeKey(prefix, "prefix");
  return prefix;
}

/**
 * Metadata as the flat string record both stores write: `x-amz-meta-*` headers in S3 and the
 * sidecar JSON on disk. Names are lowercase, LastWritten is ISO 8601.
 */
export function renderMetadataRecord(metadata: ArchivedObjectMetadata): Record<string, string> {
  return {
    instance: metadata.instance,
    "log-file-name": metadata.logFileName,
    "source-size": String(metadata.sourceSize),
    "last-written": new Date(metadata.lastWritten).toISOString(),
    "source-sha256": metadata.sourceSha256,
    region: metadata.region,
    ...(metadata.cluster === undefined ? {} : { cluster: metadata.cluster }),
    ...(metadata.compression === undefined ? {} : { compression: metadata.compression }),
  };
}

/** The metadata in a record from {@link renderMetadataRecord}, or undefined when it is not one. */
export function parseMetadataRecord(
  record: Readonly<Record<string, unknown>> | undefined,
): ArchivedObjectMetadata | undefined {
  const text = (name: string) => (typeof record?.[name] === "string" ? record[name] : undefined);
  const instance = text("instance");
  const logFileName = text("log-file-name");
  const sourceSize = Number(text("source-size") ?? Number.NaN);
  const lastWritten = Date.parse(text("last-written") ?? "");
  const sourceSha256 = text("source-sha256");
  const region = text("region");
  const cluster = text("cluster");
  const compression = text("compression");
  if (
    instance === undefined ||
    logFileName === undefined ||
    sourceSha256 === undefined ||
    region === undefined
  ) {
    return undefined;
  }
  if (!Number.isSafeInteger(sourceSize) || sourceSize < 0 || Number.isNaN(lastWritten)) return undefined;
  return {
    instance,
    logFileName,
    sourceSize,
    lastWritten,
    sourceSha256,
    region,
    ...(cluster === undefined ? {} : { cluster }),
    ...(compression === "gzip" || compression === "zstd" ? { compression } : {}),
  };
}

/** A body written to a file by {@link writeBodyToFile}, its fsync under way. */
export interface WrittenFile {
  /** Bytes written. */
  bytes: number;
  /**
   * Settles once the file's bytes are on disk (fsync, on the descriptor that wrote them) and the
   * file is closed; rejects with a coded error. The caller goes on meanwhile (a folder store
   * re-checks the source while the disk syncs), and waits for it before the file is linked or
   * removed.
   */
  durable: Promise<void>;
}

/**
 * Streams `body` into a new file (never an existing one) and starts its fsync. The body is
 * consumed, or destroyed on failure, and the file is removed on failure. A failure of the body
 * (the caller's download) passes through unchanged; a local I/O failure becomes a coded error.
 */
export async function writeBodyToFile(body: Readable, file: string, mode = 0o666): Promise<WrittenFile> {
  // The descriptor stays open after the last write, for the fsync, and this function closes it
  // then; a failed pipeline destroys the stream, which closes it itself.
  const out = createWriteStream(file, { flags: "wx", mode, autoClose: false });
  let fd: number | undefined;
  out.once("open", (opened: number) => {
    fd = opened;
  });
  // pipeline() hands a body's error to the file stream too, so note who failed first.
  let bodyError: unknown;
  let localError: unknown;
  body.once("error", (error) => {
    bodyError ??= error;
  });
  out.once("error", (error) => {
    localError = error;
  });
  try {
    await pipeline(body, out);
  } catch (error) {
    body.destroy();
    await rm(file, { force: true });
    // A body may fail before this call even attaches its listeners (a small body flows through
    // its pipeline at once): its error is then only in `body.errored`. The engine's own errors
    // are always the body's; the file stream's are never ArchiverErrors.
    if (error === bodyError || error === body.errored || isArchiverError(error) || error !== localError)
      throw error;
    throw localWriteError(file, error);
  }
  const written = fd as number; // a stream that finished has opened its file
  const durable = syncFile(written).then(
    () => closeFile(written),
    async (error: unknown) => {
      await closeFile(written).catch(() => {});
      throw localWriteError(file, error);
    },
  );
  // A caller that fails first (its metadata refused the body) only waits for this to settle.
  durable.catch(() => {});
  return { bytes: out.bytesWritten, durable };
}

const syncFile = promisify(fsync);
const closeFile = promisify(close);

function localWriteError(file: string, cause: unknown): ArchiverError {
  const reason = (cause as { code?: string } | null)?.code ?? String(cause);
  return new ArchiverError("DESTINATION_WRITE_FAILED", `could not write ${file} (${reason})`, {
    cause,
    hint: "check free space and permissions of that folder",
  });
}
