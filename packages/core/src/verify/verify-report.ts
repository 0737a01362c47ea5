/**
 * What `rds-log-archive verify` reports (`--json`): every object it read, and each bad one by key
 * with what is wrong. Exit 1 when any object is bad; the CLI and the action render it.
 */
export interface VerifyReport {
  schemaVersion: 1;
  kind: "verify";
  startedAt: string;
  finishedAt: string;
  /** Where the archive is: `s3://bucket/prefix` or the folder. */
  destination: string;
  /** The window, ISO 8601, when one was given. */
  since?: string;
  until?: string;
  totals: VerifyTotals;
  /** The objects that failed a check, by key. */
  bad: BadObject[];
}

export interface VerifyTotals {
  /** Objects read and checked. */
  checked: number;
  ok: number;
  bad: number;
  /** Objects left out by the window, unread. */
  outsideWindow: number;
  /** Bytes read from the store. */
  bytesRead: number;
}

/**
 * True when the archive held no object at all, not even outside the window. Zero objects sound is
 * true of an archive that was never written, so a summary says "nothing to verify" instead.
 */
export function foundNoObject(totals: VerifyTotals): boolean {
  return totals.checked === 0 && totals.outsideWindow === 0;
}

export interface BadObject {
  key: string;
  problems: { code: VerifyProblemCode; message: string }[];
}

export type VerifyProblemCode =
  | "NO_METADATA"
  | "NOT_GZIP"
  | "SIZE_MISMATCH"
  | "SHA256_MISMATCH"
  /** Listed, but could not be read (the message says why); it is not proven sound. */
  | "UNREADABLE";

/** What `verify` tells a progress display as it goes. */
export type VerifyProgressEvent =
  | { type: "verify-object"; key: string; ok: boolean; bytes: number }
  | { type: "verify-skipped"; key: string };
