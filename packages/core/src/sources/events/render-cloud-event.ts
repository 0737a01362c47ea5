/**
 * One event as a CloudEvents 1.0 JSON document, structured mode (the whole event in the body,
 * `Content-Type: application/cloudevents+json`; CloudEvents HTTP protocol binding §3.2). `id` is
 * the event's identity, stable across retries and re-sends, so a receiver deduplicates by it;
 * CloudEvents asks that `source` + `id` be unique, which the identity alone already is.
 */
import type { OutboxEntry } from "./events-state.js";
import type { NotifierMessage } from "./notifier.js";

/** The CloudEvents `type` of every RDS event this tool posts. */
export const CLOUD_EVENT_TYPE = "com.amazonaws.rds.event";

export function renderCloudEvent(entry: OutboxEntry, options: { runUrl?: string }): NotifierMessage {
  const { event, place } = entry;
  const document = {
    specversion: "1.0",
    id: entry.id,
    // The resource the event is about; `arn:aws:rds:<region>` when RDS gave no ARN.
    source: event.SourceArn ?? `arn:aws:rds:${event.region}`,
    type: CLOUD_EVENT_TYPE,
    subject: event.SourceIdentifier,
    time: event.Date,
    datacontenttype: "application/json",
    data: {
      ...event,
      ...(place.cluster === undefined ? {} : { cluster: place.cluster }),
      instance: place.instance,
      archiveKey: entry.key,
      ...(options.runUrl === undefined ? {} : { runUrl: options.runUrl }),
    },
  };
  return { id: entry.id, body: JSON.stringify(document) };
}
