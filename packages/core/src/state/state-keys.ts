/**
 * Where each source keeps its state: under `{prefix}_state/`, which every store fences off as the
 * only place written more than once, and outside the data prefix's partitions, so a query table
 * over a log type never reads it. The state is a cache of the archive, never the truth: each
 * archived object describes itself, so a lost state is rebuilt without duplicating anything.
 */
import { STATE_FOLDER } from "../destinations/object-store.js";

/** The sources that keep state, each in its own folder below `_state/` (log files in the root, as ever). */
export type StateScope =
  | { source: "log-files"; region: string; instance: string }
  | { source: "events"; region: string; id: string }
  | { source: "activity"; region: string; id: string };

/**
 * The state key of one scope: `{prefix}_state/{region}/{instance}.json` for an instance's log
 * files, `{prefix}_state/{source}/{region}/{id}.json` for the others. No region is called
 * `events` or `activity`, so the layouts cannot collide.
 */
export function renderStateKey(prefix: string, scope: StateScope): string {
  if (scope.source === "log-files") return `${prefix}${STATE_FOLDER}${scope.region}/${scope.instance}.json`;
  return `${prefix}${STATE_FOLDER}${scope.source}/${scope.region}/${scope.id}.json`;
}
