/**
 * How a run changes the events state, step by step, as pure functions of the state it finds: the
 * state may have changed since the run read it (another run, or a conditional write that had to
 * be retried), so each step is planned again on the state as it is when it is written.
 *
 * 1. Before writing objects, the batches go into `pending`: a run that crashes after writing one
 *    leaves its exact events behind, and the next run writes that same batch (colliding with the
 *    object) instead of naming those events anew together with later ones.
 * 2. After the writes, the written batches leave `pending`, their identities join `archived`, and
 *    those in the notified categories join each channel's outbox, in the same write: an event is
 *    queued exactly when it becomes archived, never twice, and a crash before the write leaves it
 *    pending, to be queued by the next run.
 * 3. After each delivered notification, its events leave the outbox. A crash between the post and
 *    this write sends them once more on the next run; nothing sends them a third time.
 */
import { type ArchivedEvent, renderEventIdentity } from "./archived-event.js";
import { type EventsState, NOTIFY_CHANNELS, type NotifyChannel, type PendingBatch } from "./events-state.js";
import { EVENT_RETENTION_MS } from "./plan-event-window.js";

/** Identities are kept a day longer than RDS keeps events, so no event RDS still lists is forgotten. */
const ARCHIVED_KEPT_MS = EVENT_RETENTION_MS + 24 * 3600_000;

/**
 * A checkpoint younger than this is not rewritten on a run that archived nothing: a quiet run then
 * writes nothing at all, and reads at most this much more of DescribeEvents the next time.
 */
export const CHECKPOINT_REFRESH_MS = 6 * 3600_000;

/** Step 1: `batches` recorded as pending; undefined when there is nothing to record. */
export function planPendingState(
  current: EventsState,
  batches: readonly PendingBatch[],
  now: Date,
): EventsState | undefined {
  const have = new Set(current.pending.map((b) => b.key));
  const added = batches.filter((b) => !have.has(b.key));
  if (added.length === 0) return undefined;
  return { ...current, pending: [...current.pending, ...added], updatedAt: now.toISOString() };
}

export interface CommitInput {
  /** Keys of pending batches that are now in the archive (written, or found there). */
  written: ReadonlySet<string>;
  /** Owners whose checkpoint moves to `to`; none when the run did not read its whole window. */
  advance: { owners: readonly string[]; to: Date };
  /** The channels notifications go to in this run, and the categories they cover. */
  notify: { channels: readonly NotifyChannel[]; categories: readonly string[] };
  now: Date;
}

export interface CommitResult {
  /** Undefined when nothing needs writing. */
  state: EventsState | undefined;
  /** Identities this commit recorded as archived (none that another run recorded first). */
  archived: string[];
  /** Per channel: entries dropped from the outbox because RDS has forgotten their events. */
  expired: Record<NotifyChannel, number>;
}

/** Step 2: written batches recorded as archived and queued for notification; checkpoints advanced. */
export function planCommittedState(current: EventsState, input: CommitInput): CommitResult {
  const now = input.now.getTime();
  const done = current.pending.filter((b) => input.written.has(b.key));
  const archived: Record<string, string> = {};
  for (const [id, date] of Object.entries(current.archived)) {
    if (Date.parse(date) >= now - ARCHIVED_KEPT_MS) archived[id] = date;
  }
  const recorded: string[] = [];
  const outbox = { slack: [...current.outbox.slack], webhook: [...current.outbox.webhook] };
  for (const batch of done) {
    for (const event of batch.events) {
      const id = renderEventIdentity(event);
      if (id in archived) continue;
      archived[id] = event.Date;
      recorded.push(id);
      if (!isNotified(event, input.notify.categories)) continue;
      for (const channel of input.notify.channels) {
        if (!outbox[channel].some((e) => e.id === id))
          outbox[channel].push({ id, event, place: batch.place, key: batch.key });
      }
    }
  }
  const expired = { slack: 0, webhook: 0 };
  for (const channel of NOTIFY_CHANNELS) {
    const kept = outbox[channel].filter((e) => Date.parse(e.event.Date) >= now - EVENT_RETENTION_MS);
    expired[channel] = outbox[channel].length - kept.length;
    outbox[channel] = kept;
  }
  const checkpoints = { ...current.checkpoints };
  let staleCheckpoint = false;
  for (const owner of input.advance.owners) {
    const previous = Date.parse(checkpoints[owner] ?? "");
    const to = input.advance.to.getTime();
    if (!Number.isNaN(previous) && previous >= to) continue;
    if (Number.isNaN(previous) || to - previous >= CHECKPOINT_REFRESH_MS) staleCheckpoint = true;
    checkpoints[owner] = input.advance.to.toISOString();
  }
  const changed = done.length > 0 || staleCheckpoint || expired.slack + expired.webhook > 0;
  if (!changed) return { state: undefined, archived: [], expired };
  return {
    state: {
      ...current,
      checkpoints,
      archived,
      pending: current.pending.filter((b) => !input.written.has(b.key)),
      outbox,
      updatedAt: input.now.toISOString(),
    },
    archived: recorded,
    expired,
  };
}

/** True when one of the event's categories is among the notified `categories` (any case). */
export function isNotified(event: ArchivedEvent, categories: readonly string[]): boolean {
  const wanted = new Set(categories.map((c) => c.toLowerCase()));
  return event.EventCategories.some((c) => wanted.has(c.toLowerCase()));
}

/** Step 3: `ids` delivered on `channel`; undefined when none of them was still queued. */
export function planDeliveredState(
  current: EventsState,
  channel: NotifyChannel,
  ids: readonly string[],
  now: Date,
): EventsState | undefined {
  const delivered = new Set(ids);
  const kept = current.outbox[channel].filter((e) => !delivered.has(e.id));
  if (kept.length === current.outbox[channel].length) return undefined;
  return { ...current, outbox: { ...current.outbox, [channel]: kept }, updatedAt: now.toISOString() };
}
