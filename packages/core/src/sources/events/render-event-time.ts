/**
 * An event's own time (its `Date`, not the time of the run) as people read it: in the configured
 * IANA time zone and in UTC. Node's ICU carries the full time zone data, so `Asia/Seoul` and
 * `America/Los_Angeles` need nothing else; a name that is not an IANA zone is refused by the
 * config schema (see {@link isTimeZone}) before a run starts.
 */

/** `2026-11-20 12:10:03 GMT+9 (Asia/Seoul) · 2026-11-20 03:10:03 UTC`, or only the UTC time for UTC. */
export function renderEventTime(date: string, timeZone: string): string {
  const at = new Date(date);
  const utc = `${renderInZone(at, "UTC", false)} UTC`;
  if (isUtc(timeZone)) return utc;
  return `${renderInZone(at, timeZone, true)} (${timeZone}) · ${utc}`;
}

/** True when `name` is a time zone this runtime knows (`Asia/Seoul`, `UTC`); `US/Western` is not one. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function isUtc(timeZone: string): boolean {
  return new Intl.DateTimeFormat("en-US", { timeZone }).resolvedOptions().timeZone === "UTC";
}

function renderInZone(at: Date, timeZone: string, withName: boolean): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    ...(withName ? { timeZoneName: "short" } : {}),
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  const text = `${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")}:${part("second")}`;
  return withName ? `${text} ${part("timeZoneName")}` : text;
}
