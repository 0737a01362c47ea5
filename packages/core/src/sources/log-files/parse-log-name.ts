/**
 * What an RDS log file name says about its contents: the log type (its first folder), the UTC hour
 * the contents belong to when the engine embeds a timestamp in the name, and whether the file
 * belongs to a family that rotates by renaming (so a later name can hold content already
 * archived under an earlier one). Names and rotation per engine: docs/aws-wire-facts.md, "Log file
 * names and rotation per engine".
 */

/** A log file name taken apart; see {@link parseLogName}. */
export interface ParsedLogName {
  /** First folder of the name (`error`, `audit`, `slowquery`, `trace`, `log`, …); `""` if none. */
  logType: string;
  /** Last path segment, e.g. `postgresql.log.2026-11-20-10`. */
  baseName: string;
  /**
   * The full name with a rename-rotation suffix removed (`audit/server_audit.log.3` →
   * `audit/server_audit.log`, `log/ERROR.4` → `log/ERROR`); the name itself otherwise.
   */
  family: string;
  /**
   * True for every member of a family that rotates by renaming, the live file included
   * (`server_audit.log`, `server_audit.log.N`, SQL Server `ERROR`/`ERROR.N`, `SQLAGENT.OUT`/`SQLAGENT.N`).
   */
  renamedByRotation: boolean;
  /**
   * True for a name RDS reuses every day for another file: the legacy MySQL hour slots
   * `mysql-slowquery.log.7`, `mysql-general.log.7`, `mysql-error-running.log.7` (N = hour 0-23),
   * each rewritten at that hour the next day.
   */
  reusedDaily: boolean;
  /** The UTC hour the contents belong to: from the name when it embeds a timestamp, else from LastWritten. */
  contentHour: Date;
  /** True when {@link contentHour} came from a timestamp in the name. */
  hourFromName: boolean;
  /** The source bytes are already gzip (the name ends with `.gz`). */
  compressed: boolean;
}

/**
 * Base names that embed the UTC time their contents start, matched against the whole base name.
 * Named groups: year, month, day, and optionally hour and minute (a name without an hour is a
 * daily file: hour 00). Anchored at both ends, so no pattern matches a prefix of another's names.
 */
const TIMESTAMP_PATTERNS: readonly RegExp[] = [
  // RDS PostgreSQL default log_filename postgresql.log.%Y-%m-%d-%H (also an Aurora PostgreSQL
  // option); csvlog adds `.csv`, Aurora PostgreSQL gzips older files to `.gz`.
  /^postgresql\.log\.(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})-(?<hour>\d{2})(?:\.csv)?(?:\.gz)?$/,
  // Aurora PostgreSQL default log_filename postgresql.log.%Y-%m-%d-%H%M.
  /^postgresql\.log\.(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})-(?<hour>\d{2})(?<minute>\d{2})(?:\.csv)?(?:\.gz)?$/,
  // RDS and Aurora PostgreSQL daily log_filename postgresql.log.%Y-%m-%d.
  /^postgresql\.log\.(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})(?:\.csv)?(?:\.gz)?$/,
  // RDS MySQL, RDS MariaDB and Aurora MySQL hourly error, slow query and general logs.
  /^mysql-(?:error-running|slowquery|general)\.log\.(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})\.(?<hour>\d{2})$/,
  // Aurora MySQL Advanced Auditing: audit.log.{0-3}.YYYY-MM-DD-HH-MM.{n}, four files written at once.
  /^audit\.log\.[0-3]\.(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})-(?<hour>\d{2})-(?<minute>\d{2})\.\d+$/,
  // RDS Oracle daily files (alert log and the like): <name>.log.YYYY-MM-DD.
  /^[^/]+\.log\.(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})$/,
];

/**
 * Families that rotate by renaming: the live file keeps its name and each rotation shifts the
 * older files one number up, so the same content shows up under a new name.
 */
const RENAME_FAMILIES: readonly { live: string; rotated: RegExp }[] = [
  // RDS MySQL / MariaDB Audit Plugin option: server_audit.log, then server_audit.log.1…N.
  { live: "server_audit.log", rotated: /^server_audit\.log\.\d+$/ },
  // RDS SQL Server error log: log/ERROR, cycled to log/ERROR.1…N.
  { live: "ERROR", rotated: /^ERROR\.\d+$/ },
  // RDS SQL Server Agent log: log/SQLAGENT.OUT, cycled to log/SQLAGENT.1…N.
  { live: "SQLAGENT.OUT", rotated: /^SQLAGENT\.\d+$/ },
];

/** Legacy RDS MySQL names whose number is the hour of the day (0-23): one file per slot, reused daily. */
const DAILY_SLOT = /^mysql-(?:error-running|slowquery|general)\.log\.(?:[0-9]|1[0-9]|2[0-3])$/;

const HOUR_MS = 3_600_000;

/**
 * Takes a log file name as `DescribeDBLogFiles` lists it apart. `lastWritten` (epoch ms) supplies
 * the content hour when the name has no valid timestamp: legacy `mysql-slowquery.log.7` (an hour
 * of the day, repeating daily), `mysql-error.log`, SQL Server `log/ERROR`, trace files, and names
 * whose timestamp is impossible (month 13, hour 24).
 */
export function parseLogName(logFileName: string, lastWritten: number): ParsedLogName {
  const slash = logFileName.lastIndexOf("/");
  const folder = logFileName.slice(0, slash + 1);
  const baseName = logFileName.slice(slash + 1);
  const firstSlash = logFileName.indexOf("/");
  const logType = firstSlash < 0 ? "" : logFileName.slice(0, firstSlash);

  const renameFamily = RENAME_FAMILIES.find((f) => f.live === baseName || f.rotated.test(baseName));
  const family = renameFamily ? `${folder}${renameFamily.live}` : logFileName;

  const fromName = hourFromBaseName(baseName);
  return {
    logType,
    baseName,
    family,
    renamedByRotation: renameFamily !== undefined,
    reusedDaily: DAILY_SLOT.test(baseName),
    contentHour: fromName ?? new Date(Math.floor(lastWritten / HOUR_MS) * HOUR_MS),
    hourFromName: fromName !== undefined,
    compressed: baseName.endsWith(".gz"),
  };
}

function hourFromBaseName(baseName: string): Date | undefined {
  for (const pattern of TIMESTAMP_PATTERNS) {
    const groups = pattern.exec(baseName)?.groups;
    if (groups) return utcHour(groups);
  }
  return undefined;
}

/** The UTC hour the groups name, or undefined for an impossible time (Feb 30, hour 24, minute 60). */
function utcHour(groups: Record<string, string | undefined>): Date | undefined {
  const [year, month, day, hour, minute] = [
    groups.year,
    groups.month,
    groups.day,
    groups.hour,
    groups.minute,
  ].map((g) => Number(g ?? "0")) as [number, number, number, number, number];
  if (hour > 23 || minute > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, 0, 0, 0);
  const roundTrips =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return roundTrips ? date : undefined;
}
