import { type DescribeContext, tagList } from "./describe-resources.js";
import { clusterNotFound, instanceNotFound, invalidParameter } from "./emulator-error.js";
import type { QueryParams } from "./query-params.js";
import type { XmlNode } from "./xml.js";

const RDS_ARN = /^arn:aws[a-z-]*:rds:([^:]+):(\d{12}):(db|cluster):(.+)$/;

/**
 * ListTagsForResource: `ResourceName` is the ARN of an instance (`…:db:ID`) or a cluster
 * (`…:cluster:ID`); the answer is `<TagList><Tag><Key/><Value/></Tag></TagList>`, as in the
 * Describe calls. An unknown instance is `404 DBInstanceNotFound` and an unknown cluster
 * `404 DBClusterNotFoundFault` (the API reference's errors). An ARN of another region or account,
 * or of a resource type the emulator does not hold, is refused with `InvalidParameterValue` and
 * the message RDS gives for resource names it cannot place.
 */
export function listTagsForResource(context: DescribeContext, params: QueryParams): XmlNode {
  const arn = params.required("ResourceName");
  const match = RDS_ARN.exec(arn);
  if (!match || match[1] !== context.region || match[2] !== context.accountId) {
    throw invalidParameter("The specified resource name does not match an RDS resource in this region.");
  }
  const [, , , type, id = ""] = match;
  const sameId = (candidate: string) => candidate.toLowerCase() === id.toLowerCase();
  const tags =
    type === "db"
      ? (context.spec.instances.find((n) => sameId(n.id)) ?? throwError(instanceNotFound(id))).tags
      : (context.spec.clusters.find((c) => sameId(c.id)) ?? throwError(clusterNotFound(id))).tags;
  return tagList(tags);
}

function throwError(error: Error): never {
  throw error;
}
