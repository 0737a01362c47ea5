/**
 * A small fleet for the events source's tests: the `orders` cluster (two members), which the tests
 * select, and `billing` (one member), whose events must stay out; plus a builder of event specs.
 */
import type { EventSpec, FleetSpec } from "../emulator/fleet.js";

/** The clusters and instances; a test adds its own events, snapshots or instances. */
export function eventsFleet(): Pick<FleetSpec, "clusters" | "instances"> {
  return {
    clusters: [
      { id: "orders", engine: "aurora-postgresql", members: ["orders-1", "orders-2"] },
      { id: "billing", engine: "aurora-mysql", members: ["billing-1"] },
    ],
    instances: [
      { id: "orders-1", engine: "aurora-postgresql", cluster: "orders" },
      { id: "orders-2", engine: "aurora-postgresql", cluster: "orders" },
      { id: "billing-1", engine: "aurora-mysql", cluster: "billing" },
    ],
  };
}

/** One event as a fleet gives it; `date` (and `visibleAt`, for a late one) ISO 8601. */
export function eventSpec(
  sourceType: EventSpec["sourceType"],
  sourceIdentifier: string,
  date: string,
  message: string,
  categories: string[] = ["backup"],
  visibleAt?: string,
): EventSpec {
  return { sourceType, sourceIdentifier, date, message, categories, ...(visibleAt ? { visibleAt } : {}) };
}
