import type { StateCodec } from "../../state/update-state.js";

/**
 * What the archive remembers about one instance, stored as JSON under `{prefix}_state/`. It is an
 * index, not the source of truth: every archived object is keyed by its version and never
 * overwritten, and describes itself in its metadata. So a lost or stale state costs HEAD requests
 * or a wasted download, never a duplicate or a lost file. What it alone knows is what the archive
 * was waiting for (`pending`) and which losses were already reported (`reportedGaps`): with the
 * state lost, a version that vanished meanwhile goes unreported, and nothing is reported twice.
 */
export interface InstanceState {
  schemaVersion: 1;
  region: string;
  instance: string;
  /** The instance's cluster and engine, so that a run can tell whether it selects an instance that is gone. */
  cluster?: string;
  engine?: string;
  /** Versions in the archive whose content RDS still lists, plus a margin of recent ones. */
  archived: ArchivedVersion[];
  /** Files listed by the last run that should be archived but were not yet (active, or failed). */
  pending: LogFileVersion[];
  /** Per series (a log's name without its date or rotation suffix): the newest LastWritten archived. */
  watermarks: Record<string, number>;
  /** Gaps already reported, so that a loss is reported by one run, not by every run after it. */
  reportedGaps: ReportedGap[];
  /** When a run found the instance deleted and reported what it still waited for; ISO 8601. */
  goneAt?: string;
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

export interface ReportedGap {
  /** The gap's identity (see `plan-gaps.ts`). */
  id: string;
  /** When it was reported, epoch ms; forgotten after the state margin. */
  at: number;
}

export function emptyInstanceState(region: string, instance: string): InstanceState {
  return {
    schemaVersion: 1,
    region,
    instance,
    archived: [],
    pending: [],
    watermarks: {},
    reportedGaps: [],
    updatedAt: "",
  };
}

/** Parses a stored state document; anything unreadable counts as missing, and is rebuilt. */
export function parseInstanceState(text: string | undefined): InstanceState | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<InstanceState>;
    if (value.schemaVersion !== 1 || !Array.isArray(value.archived) || !Array.isArray(value.pending))
      return undefined;
    // Documents written before reportedGaps existed have none.
    return {
      ...value,
      reportedGaps: Array.isArray(value.reportedGaps) ? value.reportedGaps : [],
    } as InstanceState;
  } catch {
    return undefined;
  }
}

/** How `updateState` reads and writes an instance's state. */
export const INSTANCE_STATE_CODEC: StateCodec<InstanceState> = {
  parse: parseInstanceState,
  render: (state) => `${JSON.stringify(state, null, 1)}\n`,
};
