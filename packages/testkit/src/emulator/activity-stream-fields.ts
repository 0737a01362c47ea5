import type { ActivityStreamSpec } from "./fleet-activity-stream.js";
import { leaf, type XmlNode } from "./xml.js";

/** DAS puts a resource's records on the Kinesis stream `aws-rds-das-<resource id>`. */
export const activityStreamName = (resourceId: string) => `aws-rds-das-${resourceId}`;

/**
 * The `ActivityStream*` members of a `DBCluster` or `DBInstance` (RDS model names). A stopped
 * stream shows only `ActivityStreamStatus`; the others appear while it starts, runs or stops.
 */
export function renderActivityStream(
  stream: ActivityStreamSpec | undefined,
  resourceId: string,
  kind: "cluster" | "instance",
): XmlNode {
  const status = stream?.status ?? "stopped";
  if (stream === undefined || status === "stopped") return leaf("ActivityStreamStatus", status) ?? "";
  const members = [
    leaf("ActivityStreamStatus", status),
    leaf("ActivityStreamKmsKeyId", stream.kmsKeyId),
    leaf("ActivityStreamKinesisStreamName", activityStreamName(resourceId)),
    leaf("ActivityStreamMode", stream.mode ?? "async"),
  ];
  if (kind === "instance") {
    members.push(
      leaf("ActivityStreamEngineNativeAuditFieldsIncluded", stream.engineNativeAuditFieldsIncluded ?? false),
      leaf("ActivityStreamPolicyStatus", stream.policyStatus),
    );
  }
  return members.join("");
}
