import type { ReportItem } from "../report/run-report.js";

/**
 * What a run tells its surface as it goes, for progress displays and line logs. Named apart from
 * RDS events, which are archived data, not progress.
 */
export type ProgressEvent =
  | { type: "instance-planned"; instance: string; files: number; bytes: number }
  | { type: "bytes"; instance: string; bytes: number }
  | { type: "file-done"; item: ReportItem };
