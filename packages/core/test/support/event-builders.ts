/**
 * Builders of RDS events and of the selections and placings around them, for the events planner's
 * tests: plain data, with the fields RDS always sets filled in.
 */
import type { RdsEventRecord } from "../../src/rds/rds-port.js";
import {
  type ArchivedEvent,
  renderEventIdentity,
  toArchivedEvent,
} from "../../src/sources/events/archived-event.js";
import type { PlacedEvent } from "../../src/sources/events/plan-event-batches.js";
import type { EventPlace } from "../../src/sources/events/select-event-sources.js";

export const REGION = "us-east-1";
const ACCOUNT = "123456789012";

const ARN_TYPES: Record<string, string> = {
  "db-instance": "db",
  "db-cluster": "cluster",
  "db-cluster-snapshot": "cluster-snapshot",
  "db-snapshot": "snapshot",
  "db-parameter-group": "pg",
};

/** An event as the RDS port lists it; `at` is ISO 8601. */
export function rdsEvent(
  sourceType: string,
  sourceIdentifier: string,
  at: string,
  fields: { message?: string; categories?: string[]; sourceArn?: string | null } = {},
): RdsEventRecord {
  const arn =
    fields.sourceArn === null
      ? undefined
      : (fields.sourceArn ??
        `arn:aws:rds:${REGION}:${ACCOUNT}:${ARN_TYPES[sourceType] ?? sourceType}:${sourceIdentifier}`);
  return {
    sourceIdentifier,
    sourceType,
    ...(arn === undefined ? {} : { sourceArn: arn }),
    message: fields.message ?? "Finished DB instance backup",
    categories: fields.categories ?? ["backup"],
    date: Date.parse(at),
  };
}

export function archivedEvent(...args: Parameters<typeof rdsEvent>): ArchivedEvent {
  return toArchivedEvent(rdsEvent(...args), REGION);
}

export const clusterPlace = (cluster: string): EventPlace => ({
  folder: cluster,
  instance: cluster,
  cluster,
  engine: "aurora-postgresql",
  owner: `cluster:${cluster}`,
});

export const memberPlace = (cluster: string, instance: string): EventPlace => ({
  folder: cluster,
  instance,
  cluster,
  engine: "aurora-postgresql",
  owner: `cluster:${cluster}`,
});

export function placed(event: ArchivedEvent, place: EventPlace): PlacedEvent {
  return { id: renderEventIdentity(event), event, place };
}
