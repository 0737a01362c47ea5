import type { ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import { EmulatorError, instanceNotFound, logFileNotFound } from "./emulator-error.js";
import type { DownloadFault, FaultPlan } from "./faults.js";
import type { FleetSpec } from "./fleet.js";
import type { LogStore } from "./log-store.js";

export const DOWNLOAD_PATH_PREFIX = "/v13/downloadCompleteLogFile/";

/** `/v13/downloadCompleteLogFile/{instance}/{logFileName}`; the name keeps its `/` separators. */
export function parseDownloadPath(pathname: string): { instanceId: string; logFileName: string } | undefined {
  if (!pathname.startsWith(DOWNLOAD_PATH_PREFIX)) return undefined;
  const segments = pathname.slice(DOWNLOAD_PATH_PREFIX.length).split("/");
  const [instance, ...name] = segments;
  if (!instance || name.length === 0) return undefined;
  try {
    return { instanceId: decodeURIComponent(instance), logFileName: name.map(decodeURIComponent).join("/") };
  } catch {
    return undefined;
  }
}

export interface DownloadContext {
  spec: FleetSpec;
  store: LogStore;
  faults: FaultPlan;
  /** Runs once the instance is known and before the file is looked up (file changes, removal triggers). */
  onDownloadStart?: (instanceId: string, logFileName: string) => Promise<void>;
}

/** What a download sent: body bytes, and the fault knob that shaped it, if any. */
export interface DownloadOutcome {
  bytesSent: number;
  fault?: Exclude<DownloadFault, undefined>;
}

/**
 * Streams a whole log file with chunked encoding, never holding it in memory. The fault knobs act
 * here: a 5xx, a connection reset part-way through the body, a body that ends early but cleanly,
 * a file that rotates away just as its download starts, and stalls (no answer at all, or part of
 * the body and then silence) that last until the client gives up.
 */
export async function downloadCompleteLogFile(
  context: DownloadContext,
  target: { instanceId: string; logFileName: string },
  response: ServerResponse,
  requestId: string,
): Promise<DownloadOutcome> {
  const instance = context.spec.instances.find((n) => n.id.toLowerCase() === target.instanceId.toLowerCase());
  if (!instance) throw instanceNotFound(target.instanceId);
  await context.onDownloadStart?.(instance.id, target.logFileName);
  const entry = await context.store.find(instance.id, target.logFileName);
  if (!entry) throw logFileNotFound(instance.id, target.logFileName);

  const fault = context.faults.downloadFault(entry.name);
  if (fault === "rotate") {
    context.store.hide(instance.id, entry.name);
    throw logFileNotFound(instance.id, entry.name);
  }
  if (fault === "error")
    throw new EmulatorError("InternalFailure", 500, "We encountered an internal error. Please try again.");
  if (fault === "stall-headers") {
    await untilClosed(response);
    return { bytesSent: 0, fault };
  }

  response.writeHead(200, { "content-type": "application/octet-stream", "x-amzn-requestid": requestId });
  const half = Math.floor(entry.size / 2);
  const cut =
    fault === "reset" || fault === "short"
      ? half
      : fault === "stall-body"
        ? Math.min(entry.size, context.faults.knobs.stallBodyAfterBytes ?? half)
        : undefined;
  const bytesSent = await writeBody(response, entry.open(0, cut));
  const outcome = fault === undefined ? { bytesSent } : { bytesSent, fault };
  if (fault === "reset") {
    // Let the bytes written so far reach the client, then drop the connection without a proper end.
    await new Promise<void>((resolve) => response.write("", () => resolve()));
    response.socket?.resetAndDestroy();
    return outcome;
  }
  if (fault === "stall-body") {
    await untilClosed(response);
    return outcome;
  }
  response.end();
  return outcome;
}

/** Resolves when the client (or the emulator's close) ends the connection: a stall's end. */
export function untilClosed(response: ServerResponse): Promise<void> {
  if (response.destroyed || response.socket?.destroyed !== false) return Promise.resolve();
  return new Promise((resolve) => response.once("close", () => resolve()));
}

/**
 * Copies with backpressure; stops early if the client goes away. It copies in flowing mode, chunk
 * by chunk: `for await` reads whatever the body has buffered, and a body that renders its next
 * block synchronously inside `read()` always has two, which `read()` concatenates into a new
 * buffer: a copy of every byte served, about a quarter of the emulator's CPU for a gigabyte.
 */
async function writeBody(response: ServerResponse, body: Readable): Promise<number> {
  let sent = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const stop = () => {
        body.pause();
        resolve();
      };
      body.on("data", (chunk: Buffer) => {
        if (response.destroyed) return stop();
        sent += chunk.length;
        if (!response.write(chunk)) {
          body.pause();
          void drainOrClose(response).then(() => (response.destroyed ? stop() : body.resume()));
        }
      });
      body.once("end", resolve);
      body.once("error", reject);
    });
  } finally {
    body.destroy();
  }
  return sent;
}

/** Waits for room in the socket, or for the client to go; removes both listeners either way. */
function drainOrClose(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off("drain", done);
      response.off("close", done);
      resolve();
    };
    response.on("drain", done);
    response.on("close", done);
  });
}
