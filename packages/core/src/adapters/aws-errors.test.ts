import { describe, expect, it } from "vitest";
import { toArchiverError } from "./aws-errors.js";

const call = {
  operation: "DescribeDBLogFiles",
  iamAction: "rds:DescribeDBLogFiles",
  resource: "instance db-1 in us-east-1",
};
const sdkError = (name: string) => Object.assign(new Error(`${name} from the SDK`), { name });

describe("toArchiverError", () => {
  it.each([
    ["DBInstanceNotFoundFault", "DB_INSTANCE_NOT_FOUND"],
    ["DBClusterNotFoundFault", "DB_CLUSTER_NOT_FOUND"],
    ["AccessDenied", "ACCESS_DENIED"],
    ["SignatureDoesNotMatch", "ACCESS_DENIED"],
    ["Throttling", "THROTTLED"],
    ["InternalFailure", "RDS_READ_FAILED"],
  ])("maps %s to %s, naming the call and keeping the cause", (name, code) => {
    const original = sdkError(name);
    const error = toArchiverError(original, call);
    expect(error.code).toBe(code);
    expect(error.message).toContain("DescribeDBLogFiles on instance db-1 in us-east-1");
    expect(error.cause).toBe(original);
  });

  it("tells a denied caller which IAM action on which resource it lacks", () => {
    expect(toArchiverError(sdkError("AccessDenied"), call).hint).toBe(
      "the role needs rds:DescribeDBLogFiles on instance db-1 in us-east-1",
    );
  });

  it("keeps the SDK's own words for errors it does not know", () => {
    expect(toArchiverError(sdkError("SomethingNew"), call).message).toContain(
      "SomethingNew: SomethingNew from the SDK",
    );
  });
});
