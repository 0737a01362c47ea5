import { invalidFleet } from "./fleet-errors.js";
import { type EventSpec, parseEventSpecs } from "./fleet-events.js";

/**
 * The RDS events an emulator holds: the fleet's, plus those appended while it runs (a test's new
 * and late events between two archiver runs). Appending keeps the order events were given in,
 * which breaks ties between equal `Date`s.
 */
export class EventLog {
  readonly #events: EventSpec[];

  constructor(events: EventSpec[]) {
    this.#events = events;
  }

  get events(): readonly EventSpec[] {
    return this.#events;
  }

  /** Checks and adds events (the fleet's `events` shape); a bad one is refused with its path, and none is added. */
  append(raw: readonly EventSpec[] | unknown, source = "appended events"): void {
    const problems: string[] = [];
    const events = parseEventSpecs(raw, "events", problems);
    if (problems.length > 0) throw invalidFleet(source, problems);
    this.#events.push(...events);
  }
}
