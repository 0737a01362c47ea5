/**
 * Archives one file the plan chose, following it when RDS changes it mid-download: the run makes
 * sure the bytes it stores are the version it listed (transfer-file.ts), and when they are not,
 * it finds where the version went (version-lineage.ts):
 * - renamed by a rotation (`server_audit.log.1` became `.2`): fetched again from the new name,
 *   under the same key;
 * - grown (appended to, or for a rename family's live file, rotated into `.1`): the listed version
 *   is not lost, its successor holds it; the successor is archived now if the plan's rules take
 *   it (settled, or `--include-active`), else left pending for the next run;
 * - replaced, or gone: the listed version is lost, which is a gap; a replacement is then treated
 *   as a successor.
 * At most a few changes are followed per file, so a file rewritten without pause cannot hold a run.
 */
import { isArchiverError } from "../../errors.js";
import type { LogFileVersion } from "./instance-state.js";
import { type PlannedGap, planLostVersionGap } from "./plan-gaps.js";
import type { FilePlanner } from "./plan-instance.js";
import { type TransferAttempt, type TransferRequest, transferFile } from "./transfer-file.js";
import { planVersionChange } from "./version-lineage.js";

/** Changes followed per listed file before it is left for the next run. */
const MAX_CHANGES = 3;

/** What became of one listed file. */
export type ListedFileResult =
  /** `version` (the listed one, or a successor) is stored at `key`, or already was. */
  | {
      kind: "stored";
      version: LogFileVersion;
      key: string;
      transfer: Extract<TransferAttempt, { kind: "stored" }>;
      gaps: PlannedGap[];
    }
  /** Nothing stored; `pending` still awaits archiving (a successor not settled yet). */
  | { kind: "left"; pending?: LogFileVersion; gaps: PlannedGap[]; reason: string }
  | { kind: "instance-gone"; gaps: PlannedGap[] };

export interface ListedFileRequest extends Omit<TransferRequest, "file" | "source" | "key" | "compressed"> {
  instance: string;
  planner: FilePlanner;
  file: LogFileVersion;
  key: string;
  compressed: (file: LogFileVersion) => boolean;
}

/** See the file header. Throws what `transferFile` throws: a failure after retries. */
export async function archiveListedFile(request: ListedFileRequest): Promise<ListedFileResult> {
  const { planner, instance } = request;
  let version = request.file;
  let key = request.key;
  let source = version.name;
  const gaps: PlannedGap[] = [];
  const withGap = <T extends object>(result: T): T & { gaps: PlannedGap[] } => ({ ...result, gaps });
  for (let changes = 0; ; changes++) {
    const attempt = await transferFile({
      ...request,
      file: version,
      source,
      key,
      compressed: request.compressed({ ...version, name: source }),
    }).catch((error: unknown) => {
      // A failure of a successor leaves the successor pending, and the listed version's loss reported.
      if (version !== request.file && isArchiverError(error)) return undefined;
      throw error;
    });
    if (attempt === undefined)
      return withGap({ kind: "left", pending: version, reason: "changed-during-download" });
    if (attempt.kind === "stored") return withGap({ kind: "stored", version, key, transfer: attempt });
    if (attempt.kind === "instance-gone") return withGap({ kind: "instance-gone" });

    const change = planVersionChange(version, source, attempt.listing, planner.keyOf);
    if (change.kind === "renamed") {
      if (changes >= MAX_CHANGES)
        return withGap({ kind: "left", pending: version, reason: "changed-during-download" });
      source = change.source.name;
      continue;
    }
    if (change.kind === "gone" || change.lost) {
      gaps.push(
        planLostVersionGap(
          instance,
          version,
          "was rotated away, replaced or deleted while it was being downloaded, before it could be archived",
        ),
      );
    }
    if (change.kind === "gone") return withGap({ kind: "left", reason: "gone-during-download" });
    const next = planner.planFile(change.successor);
    const awaited = next.action === "archive" || (next.action === "skip" && next.reason === "not-settled");
    if (next.action !== "archive" || changes >= MAX_CHANGES) {
      return withGap({
        kind: "left",
        ...(awaited ? { pending: change.successor } : {}),
        reason: "changed-during-download",
      });
    }
    version = change.successor;
    key = next.key;
    source = version.name;
  }
}
