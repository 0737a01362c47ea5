import type { ObjectStore } from "../../destinations/object-store.js";
import { type DeliveryReport, toReportError } from "../../report/run-report.js";
import { readState, updateState } from "../../state/update-state.js";
import { EVENTS_STATE_CODEC, type NotifyChannel, type OutboxEntry } from "./events-state.js";
import type { Notifier, NotifierMessage } from "./notifier.js";
import { planDeliveredState } from "./plan-events-state.js";
import { renderCloudEvent } from "./render-cloud-event.js";
import { renderSlackMessages } from "./render-slack-messages.js";

export interface DeliveryContext {
  store: ObjectStore;
  stateKey: string;
  region: string;
  notifiers: readonly Notifier[];
  timeZone: string;
  runUrl?: string;
  now: Date;
  /** Per channel: owed notifications the commits dropped as too old. */
  expired: Record<NotifyChannel, number>;
  /** Report what would be sent, send nothing. */
  dryRun: boolean;
  /** In a dry run, the entries the run would have queued. */
  planned?: readonly OutboxEntry[];
}

/**
 * Sends what each channel's outbox holds, oldest event first, one message at a time, and takes
 * each message's events out of the outbox as soon as it was accepted: a crash between a post and
 * that write makes the next run send that one message again, never more. A channel that fails
 * stops there; what it still owes stays queued for the next run, and the report says so.
 */
export async function deliverEventNotifications(context: DeliveryContext): Promise<DeliveryReport[]> {
  const { store, stateKey, region } = context;
  const state = await readState(store, stateKey, EVENTS_STATE_CODEC);
  const reports: DeliveryReport[] = [];
  for (const notifier of context.notifiers) {
    const { channel } = notifier;
    const owed = [...(state?.outbox[channel] ?? []), ...(context.planned ?? [])].sort(
      (a, b) => compare(a.event.Date, b.event.Date) || compare(a.id, b.id),
    );
    const messages = renderMessages(channel, owed, context);
    const report: DeliveryReport = {
      region,
      channel,
      events: 0,
      messages: 0,
      pending: owed.length,
      expired: context.expired[channel],
    };
    reports.push(report);
    if (context.dryRun) {
      report.events = owed.length;
      report.messages = messages.length;
      report.pending = 0;
      continue;
    }
    for (const { ids, message } of messages) {
      try {
        await notifier.send(message);
      } catch (error) {
        report.error = toReportError(error);
        break;
      }
      await updateState(store, stateKey, EVENTS_STATE_CODEC, (current) =>
        current === undefined ? undefined : planDeliveredState(current, channel, ids, context.now),
      );
      report.events += ids.length;
      report.messages += 1;
      report.pending -= ids.length;
    }
  }
  return reports;
}

function renderMessages(
  channel: NotifyChannel,
  entries: readonly OutboxEntry[],
  context: DeliveryContext,
): { ids: string[]; message: NotifierMessage }[] {
  const runUrl = context.runUrl === undefined ? {} : { runUrl: context.runUrl };
  if (channel === "slack") {
    return renderSlackMessages(entries, { region: context.region, timeZone: context.timeZone, ...runUrl });
  }
  return entries.map((entry) => ({ ids: [entry.id], message: renderCloudEvent(entry, runUrl) }));
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
