import { parseLogName } from "./parse-log-name.js";

/**
 * The series a log file belongs to: its family (the name without a rename-rotation suffix) with any
 * embedded date removed. `error/postgresql.log.2026-11-20-10` and `…-11` are one series, and so
 * are `audit/server_audit.log` and `audit/server_audit.log.3`. Retention gaps are judged per series.
 */
export function seriesOf(logFileName: string, lastWritten: number): string {
  const { family } = parseLogName(logFileName, lastWritten);
  return family.replace(/[.\-_]\d{4}-\d{2}-\d{2}(?:[.\-_T]\d{2,6})*(?:\.\d+)?(?=(?:\.csv)?(?:\.gz)?$)/, "");
}
