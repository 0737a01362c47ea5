import { ArchiverError } from "../errors.js";
import { DURATION_FORMS, parseDuration } from "./duration.js";

// Date.parse accepts far more than ISO 8601 and reads zone-less date-times as local time, which
// would make a backfill window depend on the runner's TZ. So the accepted forms are spelled out.
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** The forms {@link parseTimeBound} accepts, for error messages and schema descriptions. */
export const TIME_BOUND_FORMS = `an ISO 8601 date or time ("2026-11-20", "2026-11-20T10:00Z", "2026-11-20T19:00+09:00"; UTC when no zone is given) or a duration before now (${DURATION_FORMS})`;

/**
 * Reads a `since`/`until` bound: an ISO 8601 date or date-time, or a duration meaning "that long
 * before `now`" (`48h`). A date-only value is midnight UTC, and a date-time without a zone is
 * taken as UTC, never as the local time of the machine that happens to run the job.
 *
 * Pure: the caller supplies `now`.
 *
 * @throws {ArchiverError} `CONFIG_INVALID` naming the text and the accepted forms.
 */
export function parseTimeBound(text: string, now: Date): Date {
  const trimmed = text.trim();
  const iso = ISO.exec(trimmed);
  if (iso !== null) return isoToDate(text, iso);
  try {
    return new Date(now.getTime() - parseDuration(trimmed));
  } catch (cause) {
    throw new ArchiverError("CONFIG_INVALID", `"${text}" is not a time; use ${TIME_BOUND_FORMS}`, { cause });
  }
}

function isoToDate(text: string, match: RegExpExecArray): Date {
  const [, year, month, day, hour = "0", minute = "0", second = "0", fraction = "", zone = "Z"] = match;
  const n = (value: string | undefined) => Number(value);
  const out = (what: string) =>
    new ArchiverError("CONFIG_INVALID", `"${text}" is not a valid time: ${what} is out of range`);
  if (n(month) < 1 || n(month) > 12) throw out("the month");
  // Date.UTC rolls Feb 30 over into March; compare against the month's real length instead.
  if (n(day) < 1 || n(day) > new Date(Date.UTC(n(year), n(month), 0)).getUTCDate()) throw out("the day");
  if (n(hour) > 23) throw out("the hour");
  if (n(minute) > 59) throw out("the minute");
  if (n(second) > 59) throw out("the second");
  const ms = Math.floor(Number(`0.${fraction || "0"}`) * 1000);
  let offsetMinutes = 0;
  if (zone !== "Z" && zone !== "z") {
    const digits = zone.slice(1).replace(":", "");
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMins = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (offsetHours > 23 || offsetMins > 59) throw out("the zone offset");
    offsetMinutes = (zone.startsWith("-") ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  // Built field by field because Date.UTC maps the years 0–99 to 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(n(year), n(month) - 1, n(day));
  date.setUTCHours(n(hour), n(minute), n(second), ms);
  return new Date(date.getTime() - offsetMinutes * 60_000);
}
