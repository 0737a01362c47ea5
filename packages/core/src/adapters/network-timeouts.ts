/**
 * The timeouts every network call of the engine runs under, so that a stalled connection becomes
 * a retried, then failed, item and never a run that waits for ever. One setting for the SDK's
 * clients (RDS, STS, S3, uploads included) and for the hand-made REST download:
 * - `connect`: to open the connection (TCP, and TLS where used);
 * - `idle`: without a byte received or sent on it;
 * - `total`: for the whole request. For SDK calls that is until the response headers (bodies
 *   there are small, and `idle` covers them); for a log file download, until its last byte.
 * A timeout is a transient error: the SDK retries it like a reset, the download is retried by
 * the transfer, and what still fails is that item's failure in the report.
 */
import { NodeHttpHandler } from "@smithy/node-http-handler";

/** Milliseconds; see the file header. */
export interface NetworkTimeouts {
  connect: number;
  idle: number;
  total: number;
}

/** The defaults, as the config schema states them (10s, 60s, 30m). */
export const DEFAULT_TIMEOUTS: NetworkTimeouts = { connect: 10_000, idle: 60_000, total: 30 * 60_000 };

/** A request handler for an SDK client that applies `timeouts`; keeps the SDK's keep-alive agents. */
export function createTimedRequestHandler(timeouts: NetworkTimeouts = DEFAULT_TIMEOUTS): NodeHttpHandler {
  return new NodeHttpHandler({
    connectionTimeout: timeouts.connect,
    socketTimeout: timeouts.idle,
    requestTimeout: timeouts.total,
    // Without it a request over its total time is only logged as a warning (the SDK's old meaning).
    throwOnRequestTimeout: true,
  });
}
