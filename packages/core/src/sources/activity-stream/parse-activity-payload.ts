/**
 * The decrypted, gunzipped payload of one Database Activity Streams record, split into its events
 * without re-serialising them: each event is the exact text AWS wrote (only the whitespace between
 * tokens is dropped, so it fits on one NDJSON line), so numbers keep their spelling and precision
 * (no 2^53 rounding), strings their escapes, and multibyte text its bytes. JSON.parse is used only
 * to validate the payload and read each event's `type`.
 *
 * Payload shape (RDS and Aurora user guides, "Monitoring database activity streams"):
 * `{"type":"DatabaseActivityMonitoringRecord","clusterId":…,"instanceId":…,"databaseActivityEventList":[…]}`,
 * where `clusterId` is the `DbClusterResourceId` (an empty string for RDS for Oracle / SQL Server)
 * and `instanceId` the `DbiResourceId`. Each event's `type` is `record` or `heartbeat`.
 */
import { ArchiverError } from "../../errors.js";

/** One record's payload, reduced to what the archive writes. */
export interface ActivityPayload {
  /** `DbClusterResourceId` as the payload names it; empty for an RDS instance's stream. */
  clusterId: string;
  /** `DbiResourceId` of the instance the events come from. */
  instanceId: string;
  /** The `record` events (and any other non-heartbeat type), each as AWS wrote it, on one line. */
  events: string[];
  /** Heartbeat events: dropped, only counted. */
  heartbeats: number;
}

const EVENT_LIST = "databaseActivityEventList";

/** The Kinesis record around a payload: `databaseActivityEvents` is the sealed payload, `key` its data key. */
export interface ActivityEnvelope {
  /** `1.0` to `1.4` (1.3 RDS for Oracle, 1.4 SQL Server). */
  version: string;
  /** Base64 of an AWS Encryption SDK message. */
  databaseActivityEvents: string;
  /** Base64 of the KMS ciphertext of the record's data key. */
  key: string;
}

/**
 * Reads one Kinesis record's `Data`: UTF-8 JSON
 * `{"type":"DatabaseActivityMonitoringRecords","version":…,"databaseActivityEvents":…,"key":…}`.
 */
export function parseActivityEnvelope(data: Uint8Array): ActivityEnvelope {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("utf8"));
  } catch {
    throw invalidRecord("it is not JSON");
  }
  const envelope = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof envelope.databaseActivityEvents !== "string" || typeof envelope.key !== "string")
    throw invalidRecord("it has no databaseActivityEvents and key strings");
  return {
    version: typeof envelope.version === "string" ? envelope.version : "",
    databaseActivityEvents: envelope.databaseActivityEvents,
    key: envelope.key,
  };
}

function invalidRecord(why: string): ArchiverError {
  return new ArchiverError("PAYLOAD_INVALID", `a Kinesis record is not a DAS record: ${why}`, {
    hint: "only RDS should write to an activity stream; check what else puts records on it",
  });
}

/** Splits a payload's text; throws `PAYLOAD_INVALID` for anything that is not a DAS payload. */
export function parseActivityPayload(text: string): ActivityPayload {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalid(`it is not JSON (${(error as Error).message})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw invalid("it is not an object");
  const payload = value as Record<string, unknown>;
  const list = payload[EVENT_LIST];
  if (!Array.isArray(list)) throw invalid(`it has no ${EVENT_LIST} array`);
  const raw = sliceEventList(text);
  if (raw?.length !== list.length) throw invalid(`its ${EVENT_LIST} could not be split`);
  const events: string[] = [];
  let heartbeats = 0;
  list.forEach((event, i) => {
    if ((event as { type?: unknown } | null)?.type === "heartbeat") heartbeats += 1;
    else events.push(raw[i] as string);
  });
  return {
    clusterId: typeof payload.clusterId === "string" ? payload.clusterId : "",
    instanceId: typeof payload.instanceId === "string" ? payload.instanceId : "",
    events,
    heartbeats,
  };
}

function invalid(why: string): ArchiverError {
  return new ArchiverError("PAYLOAD_INVALID", `a decrypted activity record is not a DAS payload: ${why}`, {
    hint: "the record decrypted but its content is not what RDS writes; report it with the stream's engine and version",
  });
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The raw text of each element of the top-level object's event list, minified; undefined if absent. */
function sliceEventList(text: string): string[] | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = skipString(text, i);
      if (depth === 1) {
        const colon = skipSpace(text, end);
        if (text[colon] === ":" && JSON.parse(text.slice(i, end)) === EVENT_LIST) {
          const open = skipSpace(text, colon + 1);
          return text[open] === "[" ? sliceElements(text, open) : undefined;
        }
      }
      i = end - 1;
    } else if (c === 0x7b || c === 0x5b) depth += 1;
    else if (c === 0x7d || c === 0x5d) depth -= 1;
  }
  return undefined;
}

/** The elements of the array opening at `open`, each minified. */
function sliceElements(text: string, open: number): string[] {
  const elements: string[] = [];
  let i = skipSpace(text, open + 1);
  if (text[i] === "]") return elements;
  for (;;) {
    const start = i;
    let depth = 0;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) i = skipString(text, i) - 1;
      else if (c === 0x7b || c === 0x5b) depth += 1;
      else if (c === 0x7d || c === 0x5d) {
        if (depth === 0) break;
        depth -= 1;
      } else if (c === 0x2c && depth === 0) break;
    }
    elements.push(minify(text.slice(start, i)));
    if (text[i] !== ",") return elements;
    i = skipSpace(text, i + 1);
  }
}

/** Index just past the string literal starting at `start`. */
function skipString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i += 1;
    else if (c === QUOTE) return i + 1;
  }
  return text.length;
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Drops whitespace between tokens; string literals are copied untouched. */
function minify(json: string): string {
  if (!/[ \n\r\t]/.test(json)) return json;
  let out = "";
  let from = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === QUOTE) i = skipString(json, i) - 1;
    else if (isSpace(c)) {
      out += json.slice(from, i);
      from = i + 1;
    }
  }
  return out + json.slice(from);
}
