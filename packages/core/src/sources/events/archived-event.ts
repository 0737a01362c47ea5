/**
 * One RDS event as the archive keeps it: one NDJSON line with RDS's own field names, `Date` in
 * ISO 8601 UTC to the millisecond, plus the `region` it came from. RDS gives events no id, so an
 * event is identified by all six of its fields (see {@link renderEventIdentity}).
 */
import { createHash } from "node:crypto";
import type { RdsEventRecord } from "../../rds/rds-port.js";

/** One archived event, field for field as DescribeEvents names them, plus `region`. */
export interface ArchivedEvent {
  SourceIdentifier: string;
  SourceType: string;
  /** Left out when RDS gave none. */
  SourceArn?: string;
  Message: string;
  EventCategories: string[];
  /** ISO 8601 UTC with milliseconds, e.g. `2026-11-20T03:10:42.512Z`. */
  Date: string;
  region: string;
}

/** The event as the archive writes it. */
export function toArchivedEvent(record: RdsEventRecord, region: string): ArchivedEvent {
  return {
    SourceIdentifier: record.sourceIdentifier,
    SourceType: record.sourceType,
    ...(record.sourceArn === undefined ? {} : { SourceArn: record.sourceArn }),
    Message: record.message,
    EventCategories: [...record.categories],
    Date: new Date(record.date).toISOString(),
    region,
  };
}

/**
 * The event's identity: the SHA-256 (hex) of its six fields. Two deliveries of one event (the same
 * event read again by an overlapping window) have the same identity; two events that differ in any
 * field have different ones. Categories are sorted, so their order does not matter. Two distinct
 * events equal in all six fields cannot be told apart by any client of DescribeEvents.
 */
export function renderEventIdentity(event: ArchivedEvent): string {
  const fields = [
    event.SourceArn ?? null,
    event.SourceType,
    event.SourceIdentifier,
    event.Date,
    event.Message,
    [...event.EventCategories].sort(),
  ];
  return createHash("sha256").update(JSON.stringify(fields)).digest("hex");
}

/** The event as one NDJSON line (with its newline), fields always in the same order. */
export function renderEventLine(event: ArchivedEvent): string {
  const line: ArchivedEvent = {
    SourceIdentifier: event.SourceIdentifier,
    SourceType: event.SourceType,
    ...(event.SourceArn === undefined ? {} : { SourceArn: event.SourceArn }),
    Message: event.Message,
    EventCategories: event.EventCategories,
    Date: event.Date,
    region: event.region,
  };
  return `${JSON.stringify(line)}\n`;
}

/**
 * An archived NDJSON line read back, or undefined when it is not one (a line some other tool
 * wrote). Only what {@link renderEventLine} writes is accepted.
 */
export function parseEventLine(line: string): ArchivedEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const v = value as Partial<Record<keyof ArchivedEvent, unknown>> | null;
  const text = (x: unknown): x is string => typeof x === "string";
  if (
    v === null ||
    typeof v !== "object" ||
    !text(v.SourceIdentifier) ||
    !text(v.SourceType) ||
    !text(v.Message) ||
    !text(v.Date) ||
    !text(v.region) ||
    !Array.isArray(v.EventCategories) ||
    !v.EventCategories.every(text) ||
    (v.SourceArn !== undefined && !text(v.SourceArn))
  ) {
    return undefined;
  }
  return {
    SourceIdentifier: v.SourceIdentifier,
    SourceType: v.SourceType,
    ...(v.SourceArn === undefined ? {} : { SourceArn: v.SourceArn as string }),
    Message: v.Message,
    EventCategories: v.EventCategories as string[],
    Date: v.Date,
    region: v.region,
  };
}
