/**
 * What the archive remembers about one instance, stored as JSON under `{prefix}_state/`. It is an
 * index, not the source of truth: every archived object is keyed by its version and never
 * overwritten, and describes itself in its metadata. So a lost or stale state costs HEAD requests
 * or a wasted download, never a duplicate or a lost file.
 */
export interface InstanceState {
  schemaVersion: 1;
  region: string;
  instance: string;
  /** Versions in the archive whose content RDS still lists, plus a margin of recent ones. */
  archived: ArchivedVersion[];
  /** Files listed by the last run that should be archived but were not yet (active, or failed). */
  pending: LogFileVersion[];
  /** Per series (a log's name without its date or rotation suffix): the newest LastWritten archived. */
  watermarks: Record<string, number>;
  updatedAt: string;
}

/** One version of a log file as RDS lists it: the identity the archive keeps exactly once. */
export interface LogFileVersion {
  name: string;
  size: number;
  /** Epoch milliseconds. */
  lastWritten: number;
}

export interface ArchivedVersion extends LogFileVersion {
  key: string;
}

export function emptyInstanceState(region: string, instance: string): InstanceState {
  return { schemaVersion: 1, region, instance, archived: [], pending: [], watermarks: {}, updatedAt: "" };
}

/** Parses a stored state document; anything unreadable counts as missing, and is rebuilt. */
export function parseInstanceState(text: string | undefined): InstanceState | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<InstanceState>;
    if (value.schemaVersion !== 1 || !Array.isArray(value.archived) || !Array.isArray(value.pending))
      return undefined;
    return value as InstanceState;
  } catch {
    return undefined;
  }
}
