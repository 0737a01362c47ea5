/**
 * The archive as the truth when the state is lost: the identities of the events already archived
 * in the hours a run is about to write, read back from the objects themselves. Only the folders
 * of those hours are listed, and only events objects in them are read (found by their names), so
 * rebuilding costs one listing per folder and hour with new events, not a walk of the archive.
 */
import { pipeline } from "node:stream";
import { text } from "node:stream/consumers";
import { createGunzip } from "node:zlib";
import type { ObjectStore } from "../../destinations/object-store.js";
import { renderKey } from "../../keys/render-key.js";
import { parseEventLine, renderEventIdentity } from "./archived-event.js";
import { EVENT_BATCH_NAME, EVENTS_LOG_TYPE, hourOf, type PlacedEvent } from "./plan-event-batches.js";

/** A file name no batch has, to find where `{file}` sits in a rendered key. */
const MARK = "events-file-mark";

/** Identity → Date of every event archived in the folders and hours of `events`. */
export async function listArchivedEvents(
  store: ObjectStore,
  events: readonly PlacedEvent[],
  settings: { keyTemplate: string; prefix: string },
): Promise<Record<string, string>> {
  const folders = new Map<string, string>();
  for (const { event, place } of events) {
    const key = renderKey(settings.keyTemplate, {
      prefix: settings.prefix,
      cluster: place.folder,
      instance: place.instance,
      region: event.region,
      engine: place.engine,
      logType: EVENTS_LOG_TYPE,
      file: MARK,
      hour: hourOf(event),
    });
    const at = key.indexOf(MARK);
    folders.set(key.slice(0, at), key.slice(at + MARK.length));
  }
  const archived: Record<string, string> = {};
  const read = new Set<string>();
  for (const [folder, suffix] of folders) {
    for await (const { key } of store.list(folder)) {
      if (read.has(key) || !key.endsWith(suffix)) continue;
      const name = key.slice(folder.length, key.length - suffix.length);
      if (!EVENT_BATCH_NAME.test(name)) continue;
      read.add(key);
      const object = await store.readObject(key);
      if (object === undefined) continue;
      // One hour of one cluster's events: small enough to read whole.
      const ndjson = await text(pipeline(object.body, createGunzip(), () => {}));
      for (const line of ndjson.split("\n")) {
        const event = parseEventLine(line);
        if (event !== undefined) archived[renderEventIdentity(event)] = event.Date;
      }
    }
  }
  return archived;
}
