/**
 * The port notifications go out through, as the destination's `ObjectStore` is the port objects
 * go out through. The adapters (`adapters/create-slack-notifier.ts`,
 * `adapters/create-webhook-notifier.ts`) do HTTP: timeouts, `Retry-After`, signatures. What a
 * message says is rendered purely, beside this file.
 */
import type { NotifyChannel } from "./events-state.js";

/** One message, rendered: the JSON body, and the id receivers may deduplicate by. */
export interface NotifierMessage {
  /** The event's identity for a CloudEvent; for a Slack message, a hash of the identities it carries. */
  id: string;
  /** The JSON text to post. */
  body: string;
}

/**
 * One notification channel. A webhook URL is a secret: a notifier keeps it to itself and names
 * its channel in messages ("the Slack webhook"), never the URL.
 */
export interface Notifier {
  readonly channel: NotifyChannel;
  /** How errors and summaries name the channel, e.g. "the Slack webhook". */
  readonly name: string;
  /**
   * Posts one message. Resolves once the receiver accepted it; throws a `NOTIFY_FAILED`
   * `ArchiverError` when it did not, after the retries the channel allows.
   */
  send(message: NotifierMessage): Promise<void>;
}
