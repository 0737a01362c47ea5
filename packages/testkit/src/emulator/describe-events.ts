import { type DescribeContext, pageSizeOf } from "./describe-resources.js";
import { EmulatorError, invalidParameter } from "./emulator-error.js";
import type { EventLog } from "./event-log.js";
import { EVENT_SOURCE_TYPES, type EventSourceType, type EventSpec } from "./fleet-events.js";
import { paginate } from "./paginate.js";
import type { QueryParams } from "./query-params.js";
import { element, leaf, type XmlNode } from "./xml.js";

/** "Returns events … for the past 14 days" (RDS API reference); older ones are gone. */
const EVENT_RETENTION_MS = 14 * 24 * 3600 * 1000;
/** "By default, RDS returns events that were generated in the past hour." */
const DEFAULT_DURATION_MINUTES = 60;

/** The resource part of each source type's ARN (`arn:aws:rds:REGION:ACCOUNT:<part>:<id>`). */
const ARN_RESOURCE_TYPES: Record<EventSourceType, string> = {
  "db-instance": "db",
  "db-parameter-group": "pg",
  "db-security-group": "secgrp",
  "db-snapshot": "snapshot",
  "db-cluster": "cluster",
  "db-cluster-snapshot": "cluster-snapshot",
  "custom-engine-version": "cev",
  "db-proxy": "db-proxy",
  "blue-green-deployment": "deployment",
  "db-shard-group": "shard-group",
  "zero-etl": "integration",
};

/**
 * DescribeEvents as RDS answers it: the window (`StartTime`/`EndTime`, or `Duration` minutes back
 * from `EndTime`, by default the last hour), clamped to the 14 days RDS keeps; `SourceType` and
 * `SourceIdentifier` (which needs a type); `EventCategories` (any of); oldest first; pages of
 * `MaxRecords` (20–100) with a `Marker`. Late events stay hidden until their `visibleAt`.
 */
export function describeEvents(
  context: DescribeContext & { events: EventLog },
  params: QueryParams,
): XmlNode {
  const sourceIdentifier = params.string("SourceIdentifier");
  const sourceType = params.string("SourceType");
  if (sourceIdentifier !== undefined && sourceType === undefined) {
    throw new EmulatorError(
      "InvalidParameterCombination",
      400,
      "Cannot specify source identifier without source type",
    );
  }
  if (sourceType !== undefined && !(EVENT_SOURCE_TYPES as readonly string[]).includes(sourceType)) {
    throw invalidParameter(
      `Invalid value ${sourceType} for SourceType. Must be one of ${EVENT_SOURCE_TYPES.join(", ")}`,
    );
  }
  const duration = params.integer("Duration");
  if (duration !== undefined && duration < 0)
    throw invalidParameter(`Invalid value ${duration} for Duration.`);
  const pageSize = pageSizeOf(context, params);
  const now = context.now().getTime();
  const end = params.timestamp("EndTime")?.getTime() ?? now;
  const start =
    params.timestamp("StartTime")?.getTime() ?? end - (duration ?? DEFAULT_DURATION_MINUTES) * 60_000;
  const from = Math.max(start, now - EVENT_RETENTION_MS);
  const wantedId = sourceIdentifier?.toLowerCase();
  const categories = params.list("EventCategories.EventCategory");

  const events = context.events.events
    .map((event, index) => ({ event, at: Date.parse(event.date), index }))
    .filter(({ event, at }) => {
      if (at < from || at > end) return false;
      if (event.visibleAt !== undefined && Date.parse(event.visibleAt) > now) return false;
      if (sourceType !== undefined && event.sourceType !== sourceType) return false;
      if (wantedId !== undefined && event.sourceIdentifier.toLowerCase() !== wantedId) return false;
      return categories.length === 0 || (event.categories ?? []).some((c) => categories.includes(c));
    })
    .sort((a, b) => a.at - b.at || a.index - b.index);
  // The marker names the last (date, position) returned, so events that become visible behind it
  // are not served on a later page; a client catches them with an overlapping window, as on RDS.
  const keyOf = (e: (typeof events)[number]) =>
    `${String(e.at).padStart(15, "0")}:${String(e.index).padStart(9, "0")}`;
  const { page, nextMarker } = paginate(events, keyOf, params.string("Marker"), pageSize);
  return element("Events", ...page.map(({ event, at }) => renderEvent(context, event, at))).concat(
    leaf("Marker", nextMarker) ?? "",
  );
}

function renderEvent(context: DescribeContext, event: EventSpec, at: number): XmlNode {
  const arn =
    event.sourceArn === undefined
      ? `arn:aws:rds:${context.region}:${context.accountId}:${ARN_RESOURCE_TYPES[event.sourceType]}:${event.sourceIdentifier}`
      : (event.sourceArn ?? undefined);
  return element(
    "Event",
    leaf("SourceIdentifier", event.sourceIdentifier),
    leaf("SourceType", event.sourceType),
    leaf("Message", event.message),
    element("EventCategories", ...(event.categories ?? []).map((c) => leaf("EventCategory", c))),
    leaf("Date", new Date(at).toISOString()),
    leaf("SourceArn", arn),
  );
}
