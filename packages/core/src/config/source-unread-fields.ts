import type { ConfigFieldPath } from "./config-fields.js";

/** A config field a source does not read, and the commands that do read it. */
export interface UnreadField {
  path: ConfigFieldPath;
  /** As a message puts it: `--settle applies to sync and plan, not to events`. */
  appliesTo: string;
}

const LOG_FILES = "sync and plan";

/**
 * The config fields the events and activity-stream sources do not read: those of log files (which
 * files, their settling, the matrix's `onlyInstances`, how objects are compressed: events and
 * activity records are always gzipped NDJSON) and, for events, activity-stream's `maxDuration`;
 * activity streams are read from their checkpoints, so `since`/`until` mean nothing to them
 * either. The CLI refuses the flag and the action the input that sets one (exit 2, a failed step),
 * naming it, rather than silently ignoring it. A config file may hold them: one file serves every
 * command.
 */
export const SOURCE_UNREAD_FIELDS = {
  events: [
    { path: "targets[].logTypes", appliesTo: LOG_FILES },
    { path: "settle", appliesTo: LOG_FILES },
    { path: "includeActive", appliesTo: LOG_FILES },
    { path: "onlyInstances", appliesTo: LOG_FILES },
    { path: "compression", appliesTo: LOG_FILES },
    { path: "maxDuration", appliesTo: "activity-stream" },
  ],
  "activity-stream": [
    { path: "targets[].logTypes", appliesTo: LOG_FILES },
    { path: "since", appliesTo: "sync, plan and events" },
    { path: "until", appliesTo: "sync, plan and events" },
    { path: "settle", appliesTo: LOG_FILES },
    { path: "includeActive", appliesTo: LOG_FILES },
    { path: "onlyInstances", appliesTo: LOG_FILES },
    { path: "compression", appliesTo: LOG_FILES },
  ],
} as const satisfies Record<string, readonly UnreadField[]>;

/** A source other than log files, as its command is named. */
export type OtherSourceCommand = keyof typeof SOURCE_UNREAD_FIELDS;
