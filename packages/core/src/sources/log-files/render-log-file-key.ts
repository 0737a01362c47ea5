/**
 * The key of one log file version. A key is a pure function of the version (instance, name, size,
 * LastWritten), so:
 * - the same version always renders the same key: re-runs and overlapping runs collide on purpose,
 *   and the no-overwrite write detects it;
 * - two different versions never share a key: a file that grew, a `mysql-slowquery.log.7` name
 *   repeating the next day, a name reused after rotation;
 * - a renamed copy of content already archived (`server_audit.log.1` becoming `.2`) renders the key
 *   it already has, because the name's part of the key is its rename family.
 * `{file}` carries this: the family's base name, `_`, then a version discriminator built from
 * LastWritten (UTC, to the millisecond) and the size: `postgresql.log.2026-11-20-10_20261120T105959000Z_6278`.
 * A source that is already gzip loses its `.gz` there, so a template ending in `.gz` never renders
 * `.gz.gz`; its bytes are stored as they are. With zstd compression the template's `.gz` becomes
 * `.zst` (compression.ts). The hour folders are the hour the name embeds, or
 * else the hour of LastWritten.
 */
import { ArchiverError } from "../../errors.js";
import { renderKey } from "../../keys/render-key.js";
import { COMPRESSION_FORMATS, type CompressionAlgorithm } from "./compression.js";
import { parseLogName } from "./parse-log-name.js";

/** One log file version and where it comes from: everything its key depends on. */
export interface LogFileKeyInput {
  /** The configured key prefix, inserted as written (it may contain `/`). */
  prefix: string;
  /** The DB cluster id, or the instance id for a standalone instance. */
  cluster: string;
  instance: string;
  region: string;
  engine: string;
  /** The log file name as `DescribeDBLogFiles` lists it, e.g. `error/postgresql.log.2026-11-20-10`. */
  logFileName: string;
  /** Size in bytes as listed. */
  size: number;
  /** LastWritten as listed, epoch milliseconds. */
  lastWritten: number;
  /** How the engine compresses (gzip by default); zstd turns the template's `.gz` into `.zst`. */
  compression?: CompressionAlgorithm;
}

/** Years 1970 through 9999, so the discriminator always has the same shape. */
const MAX_EPOCH_MS = 253_402_300_799_999;

/** The key of one log file version under `template`; see the file header. */
export function renderLogFileKey(template: string, input: LogFileKeyInput): string {
  const { size, lastWritten } = input;
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new ArchiverError(
      "INTERNAL",
      `cannot render a key for ${input.logFileName}: size ${size} is not a byte count`,
    );
  }
  if (!Number.isSafeInteger(lastWritten) || lastWritten < 0 || lastWritten > MAX_EPOCH_MS) {
    throw new ArchiverError(
      "INTERNAL",
      `cannot render a key for ${input.logFileName}: LastWritten ${lastWritten} is not an epoch time in milliseconds`,
    );
  }
  const parsed = parseLogName(input.logFileName, lastWritten);
  // The name below the log type folder: the base name for every RDS name (one folder deep), and
  // the deeper path, encoded into this one segment, for anything deeper, so it stays distinct.
  let stem = parsed.logType === "" ? parsed.family : parsed.family.slice(parsed.logType.length + 1);
  if (parsed.compressed) stem = stem.slice(0, -".gz".length);
  const version = `${new Date(lastWritten).toISOString().replace(/[-:.]/g, "")}_${size}`;
  const key = renderKey(template, {
    prefix: input.prefix,
    cluster: input.cluster,
    instance: input.instance,
    region: input.region,
    engine: input.engine,
    logType: parsed.logType,
    file: `${stem}_${version}`,
    hour: parsed.contentHour,
  });
  // A source already gzip is stored as it is, so only what the engine compresses changes name.
  const stored = parsed.compressed ? "gzip" : (input.compression ?? "gzip");
  const { extension } = COMPRESSION_FORMATS[stored];
  return key.endsWith(".gz") ? key.slice(0, -".gz".length) + extension : key;
}
