import { readFile } from "node:fs/promises";
import path from "node:path";
import { createFieldReader, withOptional } from "./fleet-fields.js";

/** DescribeEvents' `SourceType` values (the RDS model's enum). */
export const EVENT_SOURCE_TYPES = [
  "db-instance",
  "db-parameter-group",
  "db-security-group",
  "db-snapshot",
  "db-cluster",
  "db-cluster-snapshot",
  "custom-engine-version",
  "db-proxy",
  "blue-green-deployment",
  "db-shard-group",
  "zero-etl",
] as const;
export type EventSourceType = (typeof EVENT_SOURCE_TYPES)[number];

/**
 * One RDS event as DescribeEvents returns it. `sourceIdentifier` is the resource's identifier as
 * RDS spells it (an automated snapshot's is `rds:<cluster>-yyyy-mm-dd-hh-mm`).
 */
export interface EventSpec {
  sourceIdentifier: string;
  sourceType: EventSourceType;
  message: string;
  categories?: string[];
  /** ISO 8601: the event's `Date`. */
  date: string;
  /**
   * ISO 8601: a late event. RDS delivers events best-effort and up to minutes late, so an event
   * whose `date` has passed may still be missing; this one stays out of every answer until the
   * emulator's clock reaches `visibleAt`, and then appears with its original `date`.
   */
  visibleAt?: string;
  /** Replaces the ARN derived from the type and identifier; `null` leaves `SourceArn` out. */
  sourceArn?: string | null;
}

/** The optional `DIR/events.json`: a JSON array of events, added to fleet.json's `events`. */
export const EVENTS_FILE = "events.json";

/** Checks event definitions, recording each problem under `where[i]`. */
export function parseEventSpecs(raw: unknown, where: string, problems: string[]): EventSpec[] {
  const read = createFieldReader(problems);
  return read.objects(where, raw).map((e, i) => {
    const at = `${where}[${i}]`;
    const sourceType = read.oneOf(`${at}.sourceType`, e.sourceType, EVENT_SOURCE_TYPES, true);
    if (e.sourceType === undefined)
      problems.push(`${at}.sourceType: must be one of ${EVENT_SOURCE_TYPES.join(", ")}`);
    if (e.sourceArn !== undefined && e.sourceArn !== null) read.str(`${at}.sourceArn`, e.sourceArn);
    return withOptional(
      {
        sourceIdentifier: read.str(`${at}.sourceIdentifier`, e.sourceIdentifier),
        sourceType: sourceType ?? "db-instance",
        message: read.str(`${at}.message`, e.message),
        date: read.time(`${at}.date`, e.date),
      },
      {
        categories: read.strings(`${at}.categories`, e.categories),
        visibleAt: read.time(`${at}.visibleAt`, e.visibleAt, true),
        sourceArn: e.sourceArn as string | null | undefined,
      },
    );
  });
}

/** The raw content of `DIR/events.json`, or undefined when the fleet has none. */
export async function readEventsFile(fleetDir: string): Promise<{ file: string; raw: unknown } | undefined> {
  const file = path.join(fleetDir, EVENTS_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  return { file, raw: JSON.parse(text) };
}
