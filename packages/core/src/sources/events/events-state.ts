/**
 * What the archive remembers about the RDS events of one region, as JSON under
 * `{prefix}_state/events/{region}/events.json`. It is a cache of the archive: every archived event
 * is in an object of its hour, and a lost state is rebuilt from those objects for the hours a run
 * reads, so losing it never duplicates an event (it may forget notifications not yet sent).
 */
import type { StateCodec } from "../../state/update-state.js";
import type { ArchivedEvent } from "./archived-event.js";
import type { EventPlace } from "./select-event-sources.js";

/** Where notifications go; each keeps its own queue. */
export type NotifyChannel = "slack" | "webhook";

/** The notification channels, in the order they are served. */
export const NOTIFY_CHANNELS: readonly NotifyChannel[] = ["slack", "webhook"];

/** A batch of events about to be written as one object: recorded before the write, so a crash cannot rename it. */
export interface PendingBatch {
  key: string;
  place: EventPlace;
  /** Sorted by Date, then identity. */
  events: ArchivedEvent[];
}

/** An archived event waiting to be posted to one channel. */
export interface OutboxEntry {
  /** The event's identity. */
  id: string;
  event: ArchivedEvent;
  place: EventPlace;
  /** The object that holds it. */
  key: string;
}

export interface EventsState {
  schemaVersion: 1;
  region: string;
  /** Per owner (`cluster:<id>`, `instance:<id>`, `region`): the end of the last window read to its end. ISO 8601. */
  checkpoints: Record<string, string>;
  /** Identity → Date of every event archived that RDS may still list (its 14 days, plus a margin). */
  archived: Record<string, string>;
  /** Batches planned and perhaps written, not yet recorded as archived. */
  pending: PendingBatch[];
  /** Per channel: archived events whose notification has not been delivered yet. */
  outbox: Record<NotifyChannel, OutboxEntry[]>;
  updatedAt: string;
}

export function emptyEventsState(region: string): EventsState {
  return {
    schemaVersion: 1,
    region,
    checkpoints: {},
    archived: {},
    pending: [],
    outbox: { slack: [], webhook: [] },
    updatedAt: "",
  };
}

/** The events state document's codec: anything unreadable counts as missing, and is rebuilt. */
export const EVENTS_STATE_CODEC: StateCodec<EventsState> = {
  parse(text) {
    if (text === undefined) return undefined;
    try {
      const value = JSON.parse(text) as Partial<EventsState> | null;
      if (
        value?.schemaVersion !== 1 ||
        typeof value.region !== "string" ||
        !isRecord(value.checkpoints) ||
        !isRecord(value.archived) ||
        !Array.isArray(value.pending) ||
        !isRecord(value.outbox)
      ) {
        return undefined;
      }
      const outbox = value.outbox as Partial<Record<NotifyChannel, OutboxEntry[]>>;
      return {
        ...(value as EventsState),
        outbox: { slack: outbox.slack ?? [], webhook: outbox.webhook ?? [] },
      };
    } catch {
      return undefined;
    }
  },
  render: (state) => `${JSON.stringify(state, null, 1)}\n`,
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
