/**
 * Which events a run writes, and in which objects. Only events the archive does not have are
 * written, each hour's of one cluster or instance in one new object named after its content: the
 * same events always make the same name, so a run that repeats a batch (after a crash) collides
 * with the object already written instead of writing its events twice. Nothing is ever rewritten;
 * a late event goes into a new object of its hour.
 */
import { createHash } from "node:crypto";
import { renderKey } from "../../keys/render-key.js";
import { type ArchivedEvent, renderEventIdentity, renderEventLine } from "./archived-event.js";
import type { EventsState, PendingBatch } from "./events-state.js";
import type { EventPlace } from "./select-event-sources.js";

/** The `{logType}` of every events object. */
export const EVENTS_LOG_TYPE = "events";

/** An event of the selection, with its identity and where it goes. */
export interface PlacedEvent {
  id: string;
  event: ArchivedEvent;
  place: EventPlace;
}

export interface EventBatchSettings {
  keyTemplate: string;
  prefix: string;
}

/**
 * Groups the events the state does not know (neither archived nor pending) by key folder and
 * hour, one batch each, sorted by key. `alreadyArchived` counts the listed events it knew.
 */
export function planEventBatches(
  events: readonly PlacedEvent[],
  state: EventsState,
  settings: EventBatchSettings,
): { batches: PendingBatch[]; alreadyArchived: number } {
  const known = new Set(Object.keys(state.archived));
  for (const batch of state.pending) for (const event of batch.events) known.add(renderEventIdentity(event));
  const groups = new Map<string, PlacedEvent[]>();
  const seen = new Set<string>();
  let alreadyArchived = 0;
  for (const placed of events) {
    if (seen.has(placed.id)) continue;
    seen.add(placed.id);
    if (known.has(placed.id)) {
      alreadyArchived++;
      continue;
    }
    const group = JSON.stringify([
      placed.place.folder,
      placed.place.instance,
      hourOf(placed.event).getTime(),
    ]);
    groups.set(group, [...(groups.get(group) ?? []), placed]);
  }
  const batches = [...groups.values()].map((group) => renderBatch(group, settings));
  return { batches: batches.sort((a, b) => (a.key < b.key ? -1 : 1)), alreadyArchived };
}

function renderBatch(group: PlacedEvent[], settings: EventBatchSettings): PendingBatch {
  const sorted = [...group].sort((a, b) => compare(a.event.Date, b.event.Date) || compare(a.id, b.id));
  const first = sorted[0] as PlacedEvent;
  const { place } = first;
  const key = renderKey(settings.keyTemplate, {
    prefix: settings.prefix,
    cluster: place.folder,
    instance: place.instance,
    region: first.event.region,
    engine: place.engine,
    logType: EVENTS_LOG_TYPE,
    file: renderBatchName(sorted),
    hour: hourOf(first.event),
  });
  return { key, place, events: sorted.map((p) => p.event) };
}

/**
 * `events-<first Date, compact>-<16 hex of the SHA-256 of the sorted identities>.ndjson`: readable,
 * sorted by time within an hour folder, and a function of the batch's events alone.
 */
function renderBatchName(sorted: readonly PlacedEvent[]): string {
  const first = (sorted[0] as PlacedEvent).event.Date;
  const stamp = first.replace(/\.\d+Z$/, "Z").replace(/[-:]/g, "");
  const ids = sorted.map((p) => p.id).sort();
  const hash = createHash("sha256").update(ids.join("\n")).digest("hex").slice(0, 16);
  return `events-${stamp}-${hash}.ndjson`;
}

/** Matches the names {@link planEventBatches} gives, to find events objects among others. */
export const EVENT_BATCH_NAME = /^events-\d{8}T\d{6}Z-[0-9a-f]{16}\.ndjson$/;

/** The batch's NDJSON text, one line per event. */
export function renderBatchBody(batch: PendingBatch): string {
  return batch.events.map(renderEventLine).join("");
}

/** The UTC hour an event belongs to: the hour of its Date. */
export function hourOf(event: ArchivedEvent): Date {
  const at = Date.parse(event.Date);
  return new Date(at - (at % 3_600_000));
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
