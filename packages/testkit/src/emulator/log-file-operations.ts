import type { Readable } from "node:stream";
import { instanceNotFound, invalidParameter, logFileNotFound } from "./emulator-error.js";
import type { FleetSpec } from "./fleet.js";
import type { LogFileEntry, LogStore } from "./log-store.js";
import { paginate } from "./paginate.js";
import type { QueryParams } from "./query-params.js";
import { element, leaf, type XmlNode } from "./xml.js";

export interface LogFileContext {
  spec: FleetSpec;
  store: LogStore;
  /** Forces pages smaller than MaxRecords asks for, so tests can exercise paging. */
  pageSize: number | undefined;
}

/** DescribeDBLogFiles returns up to 1000 files a call when MaxRecords is not given. */
const DEFAULT_LOG_FILES_PAGE = 1000;
/** DownloadDBLogFilePortion never returns more than 1 MB of log data. */
export const PORTION_CAP_BYTES = 1024 * 1024;
export const TRUNCATION_NOTICE = " [Your log message was truncated]\n";
/** Lines returned when neither Marker nor NumberOfLines is given, or with a Marker and no NumberOfLines. */
const DEFAULT_PORTION_LINES = 10_000;

export function instanceIdOf(context: { spec: FleetSpec }, params: QueryParams): string {
  const id = params.required("DBInstanceIdentifier");
  const instance = context.spec.instances.find((n) => n.id.toLowerCase() === id.toLowerCase());
  if (!instance) throw instanceNotFound(id);
  return instance.id;
}

export async function describeDBLogFiles(context: LogFileContext, params: QueryParams): Promise<XmlNode> {
  const instanceId = instanceIdOf(context, params);
  const contains = params.string("FilenameContains");
  const writtenSince = params.integer("FileLastWritten");
  const largerThan = params.integer("FileSize");
  const requested = params.integer("MaxRecords") ?? DEFAULT_LOG_FILES_PAGE;
  if (requested < 1) throw invalidParameter(`Invalid value ${requested} for MaxRecords.`);
  const files = (await context.store.list(instanceId)).filter(
    (f) =>
      (contains === undefined || f.name.includes(contains)) &&
      (writtenSince === undefined || f.lastWritten >= writtenSince) &&
      (largerThan === undefined || f.size > largerThan),
  );
  const pageSize = context.pageSize === undefined ? requested : Math.min(requested, context.pageSize);
  const { page, nextMarker } = paginate(files, (f) => f.name, params.string("Marker"), pageSize);
  return element(
    "DescribeDBLogFiles",
    ...page.map((f) =>
      element(
        "DescribeDBLogFilesDetails",
        leaf("LogFileName", f.name),
        leaf("LastWritten", f.lastWritten),
        leaf("Size", f.size),
      ),
    ),
  ).concat(leaf("Marker", nextMarker) ?? "");
}

/**
 * DownloadDBLogFilePortion with the real service's quirks: a 1 MB cap that cuts a line, writes
 * the truncation notice and skips the rest of that line; the tail when no Marker is given; text
 * decoded as UTF-8 with invalid bytes replaced; and a refusal for binary files.
 */
export async function downloadDBLogFilePortion(
  context: LogFileContext,
  params: QueryParams,
): Promise<XmlNode> {
  const instanceId = instanceIdOf(context, params);
  const name = params.required("LogFileName");
  const entry = await context.store.find(instanceId, name);
  if (!entry) throw logFileNotFound(instanceId, name);
  const marker = params.string("Marker");
  const lines = params.integer("NumberOfLines");
  if (lines !== undefined && lines < 1) throw invalidParameter(`Invalid value ${lines} for NumberOfLines.`);

  const portion =
    marker === undefined
      ? await readTail(context.store, entry, lines ?? DEFAULT_PORTION_LINES)
      : await readFrom(context.store, entry, parseMarker(marker), lines ?? DEFAULT_PORTION_LINES);
  if (portion.data.includes(0)) {
    throw invalidParameter("This file contains binary data and should be downloaded instead of viewed.");
  }
  const text = new TextDecoder("utf-8").decode(portion.data) + (portion.truncated ? TRUNCATION_NOTICE : "");
  return [
    leaf("LogFileData", text),
    leaf("Marker", `0:${portion.next}`),
    leaf("AdditionalDataPending", portion.next < entry.size),
  ].join("");
}

interface Portion {
  data: Buffer;
  next: number;
  truncated: boolean;
}

function parseMarker(marker: string): number {
  if (marker === "0") return 0;
  const match = /^\d+:(\d+)$/.exec(marker);
  if (!match) throw invalidParameter(`The marker ${marker} is not valid.`);
  return Number(match[1]);
}

async function readFrom(
  store: LogStore,
  entry: LogFileEntry,
  start: number,
  lines: number,
): Promise<Portion> {
  if (start >= entry.size) return { data: Buffer.alloc(0), next: entry.size, truncated: false };
  const window = await store.readRange(entry, start, PORTION_CAP_BYTES);
  let end = 0;
  for (let count = 0; count < lines; count++) {
    const newline = window.indexOf(0x0a, end);
    if (newline === -1) break;
    end = newline + 1;
    if (count + 1 === lines) return { data: window.subarray(0, end), next: start + end, truncated: false };
  }
  const reachedEnd = start + window.length >= entry.size;
  if (reachedEnd) return { data: window, next: start + window.length, truncated: false };
  if (window.at(-1) === 0x0a) return { data: window, next: start + window.length, truncated: false };
  // The cap cut a line: the rest of it is skipped, and lost to whoever relies on this API.
  const restOfLine = await findLineEnd(entry.open(start + window.length));
  return { data: window, next: start + window.length + restOfLine, truncated: true };
}

async function readTail(store: LogStore, entry: LogFileEntry, lines: number): Promise<Portion> {
  const from = Math.max(0, entry.size - PORTION_CAP_BYTES);
  let window = await store.readRange(entry, from, PORTION_CAP_BYTES);
  if (from > 0) window = window.subarray(window.indexOf(0x0a) + 1);
  // Walk back one line break per line; the break that ends the last line does not start a new one.
  let start = window.length;
  for (let count = 0; count < lines && start > 0; count++) {
    start = start >= 2 ? window.lastIndexOf(0x0a, start - 2) + 1 : 0;
  }
  return { data: window.subarray(start), next: entry.size, truncated: false };
}

/** Bytes up to and including the next line break (or to the end of the file). */
async function findLineEnd(stream: Readable): Promise<number> {
  let length = 0;
  for await (const chunk of stream) {
    const at = (chunk as Buffer).indexOf(0x0a);
    if (at !== -1) {
      stream.destroy();
      return length + at + 1;
    }
    length += (chunk as Buffer).length;
  }
  return length;
}
