/**
 * How one listed version of a log file relates to a later one, from the listing alone. RDS lists
 * a name, a size and a LastWritten, nothing about content, so these rules are the whole evidence
 * for "grew" (nothing lost) versus "replaced" (the earlier version is gone):
 *
 * - a log grows by appending: a later version of the same file is larger and written no earlier
 *   (one written later at the same size was rewritten);
 * - a rotated copy in a rename family (`server_audit.log.3`, SQL Server `ERROR.2`) is finished and
 *   never grows: a different version under its name is another file that was renamed there;
 * - a name RDS reuses daily (`mysql-slowquery.log.7`) holds one hour's writes a day: a version
 *   written more than that hour later is the next day's file, whatever its size.
 *
 * A file that was truncated and then grew past its old size within one listing interval looks
 * like growth; no listing can tell. The README says so.
 */
import type { LogFileVersion } from "./instance-state.js";
import { parseLogName } from "./parse-log-name.js";

/**
 * How much later than the archive's newest file the oldest file RDS still holds may be before
 * something in between must have been deleted unseen: logs rotate at least hourly, and RDS may
 * flush LastWritten up to five minutes late.
 */
export const ROTATION_SLACK_MS = 65 * 60 * 1000;

/** Could `later`, listed under the same name as `earlier` (or as its rotated copy), be `earlier` grown by appends? */
export function mayHaveGrownFrom(earlier: LogFileVersion, later: LogFileVersion): boolean {
  if (later.lastWritten < earlier.lastWritten) return false;
  // Written again without a byte more is a rewrite: a log that is written grows.
  if (later.size === earlier.size) return later.lastWritten === earlier.lastWritten;
  if (later.size < earlier.size) return false;
  const parsed = parseLogName(earlier.name, earlier.lastWritten);
  if (parsed.renamedByRotation && parsed.family !== earlier.name) {
    return later.size === earlier.size && later.lastWritten === earlier.lastWritten;
  }
  return !parsed.reusedDaily || later.lastWritten - earlier.lastWritten <= ROTATION_SLACK_MS;
}

/** What became of a version whose download found the file changed; see {@link planVersionChange}. */
export type VersionChange =
  /** The same version (same key) lives on under another name of its rename family: fetch it from there. */
  | { kind: "renamed"; source: LogFileVersion }
  /**
   * The name now holds `successor`. `lost` when the successor cannot be the listed version grown
   * (it was replaced, or rotated away and another file took its name), so the listed one is gone.
   */
  | { kind: "superseded"; successor: LogFileVersion; lost: boolean }
  /** Neither the version nor its name is listed any more: rotated away or deleted. */
  | { kind: "gone" };

/**
 * Where `listed` went, given the listing of its family taken after a download of `source` (the
 * name it was being fetched from) found it changed or missing. Pure.
 *
 * The successor of a version is the earliest-written listed file that may hold it grown: the same
 * name for most logs, and for the live file of a rename family also the rotated copy it became
 * (`server_audit.log` rotated to `server_audit.log.1` while it was being fetched).
 */
export function planVersionChange(
  listed: LogFileVersion,
  source: string,
  listing: readonly LogFileVersion[],
  keyOf: (file: LogFileVersion) => string,
): VersionChange {
  const key = keyOf(listed);
  // The same version where it is listed now: renamed by a rotation, or (when RDS's answers
  // disagreed for a moment) still under its name; either way, fetch it again from there.
  const same = listing.find((file) => file.name !== source && keyOf(file) === key);
  if (same) return { kind: "renamed", source: same };
  const current = listing.find((file) => file.name === listed.name);
  if (current !== undefined && keyOf(current) === key) return { kind: "renamed", source: current };
  const parsed = parseLogName(listed.name, listed.lastWritten);
  const rotatedCopy = parsed.renamedByRotation && parsed.family !== listed.name;
  // A rotated copy's name now holds another file, a new name for the next run to plan; the
  // version being fetched is gone.
  if (rotatedCopy) return { kind: "gone" };
  const grown = listing
    .filter(
      (file) =>
        (file.name === listed.name ||
          (parsed.renamedByRotation && parseLogName(file.name, file.lastWritten).family === parsed.family)) &&
        mayHaveGrownFrom(listed, file),
    )
    .sort((a, b) => a.lastWritten - b.lastWritten)[0];
  if (grown) return { kind: "superseded", successor: grown, lost: false };
  return current === undefined ? { kind: "gone" } : { kind: "superseded", successor: current, lost: true };
}
