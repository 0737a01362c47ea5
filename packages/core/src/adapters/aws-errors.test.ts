import { describe, expect, it } from "vitest";
import { classifyS3Error, toArchiverError } from "./aws-errors.js";

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
    ["CredentialsProviderError", "ACCESS_DENIED"],
    ["Throttling", "THROTTLED"],
    ["RequestExpired", "CLOCK_SKEW"],
    ["RequestTimeTooSkewed", "CLOCK_SKEW"],
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

  it("says a request got no answer, and what to check, when the connection itself failed", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    const error = toArchiverError(refused, call);
    expect(error.message).toBe(
      "DescribeDBLogFiles on instance db-1 in us-east-1: no answer (connect ECONNREFUSED 127.0.0.1:1)",
    );
    expect(error.hint).toContain("AWS_ENDPOINT_URL_<SERVICE>");
    expect(error.cause).toBe(refused);
  });

  it("keeps the SDK's own words for errors it does not know", () => {
    expect(toArchiverError(sdkError("SomethingNew"), call).message).toContain(
      "SomethingNew: SomethingNew from the SDK",
    );
  });
});

describe("classifyS3Error", () => {
  const notImplemented = (header: string, message: string) =>
    Object.assign(new Error(message), { name: "NotImplemented", Header: header });

  it("takes a 501 to either conditional header as a store without conditional writes", () => {
    expect(
      classifyS3Error(
        notImplemented(
          "If-None-Match",
          "A header you provided implies functionality that is not implemented",
        ),
      ),
    ).toBe("conditional-unsupported");
    expect(
      classifyS3Error(
        notImplemented("If-Match", "A header you provided implies functionality that is not implemented"),
      ),
    ).toBe("conditional-unsupported");
    expect(classifyS3Error(notImplemented("", "Conditional object PUTs are not supported."))).toBe(
      "conditional-unsupported",
    );
  });

  it("leaves any other 501 to fail loudly", () => {
    expect(
      classifyS3Error(notImplemented("x-amz-server-side-encryption", "SSE is not supported")),
    ).toBeUndefined();
  });
});
