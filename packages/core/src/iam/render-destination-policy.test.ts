import { describe, expect, it } from "vitest";
import type { DirDestination, S3Destination } from "../config/parse-config.js";
import { renderDestinationPolicy, renderLifecycleConfiguration } from "./render-destination-policy.js";

const destination = (fields: Partial<S3Destination>): S3Destination => ({
  kind: "s3",
  bucket: "log-archive",
  prefix: "rds/",
  keyTemplate: "{prefix}{cluster}/{logType}/{yyyy}/{mm}/{dd}/{hh}/{instance}/{file}.gz",
  ...fields,
});
const statement = (policy: ReturnType<typeof renderDestinationPolicy>, sid: string) =>
  policy?.Statement.find((s) => s.Sid === sid);

describe("renderDestinationPolicy", () => {
  it("allows exactly the store's calls, on the prefix only, and deletes of upload objects only", () => {
    expect(renderDestinationPolicy(destination({}), "aws")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ReadAndWriteArchiveObjects",
          Effect: "Allow",
          Action: ["s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload"],
          Resource: "arn:aws:s3:::log-archive/rds/*",
        },
        {
          Sid: "DeleteUploadObjects",
          Effect: "Allow",
          Action: "s3:DeleteObject",
          Resource: "arn:aws:s3:::log-archive/rds/_state/uploads/*",
        },
        {
          Sid: "ListArchivePrefix",
          Effect: "Allow",
          Action: "s3:ListBucket",
          Resource: "arn:aws:s3:::log-archive",
          Condition: { StringLike: { "s3:prefix": "rds/*" } },
        },
      ],
    });
  });

  it("covers the state folder and the conditional-write probe, which lie under the prefix", () => {
    const objects = statement(renderDestinationPolicy(destination({}), "aws"), "ReadAndWriteArchiveObjects");
    const pattern = new RegExp(
      `^${String(objects?.Resource).replace("arn:aws:s3:::log-archive/", "").replace("*", ".*")}$`,
    );
    expect(pattern.test("rds/_state/conditional-write-probe")).toBe(true);
    expect(pattern.test("rds/_state/us-east-1/db-1.json")).toBe(true);
    expect(pattern.test("other/x.gz")).toBe(false);
  });

  it("lists the whole bucket without a prefix, and pins the bucket owner when one is expected", () => {
    const policy = renderDestinationPolicy(
      destination({ prefix: "", expectedBucketOwner: "444455556666" }),
      "aws",
    );
    expect(statement(policy, "ReadAndWriteArchiveObjects")).toMatchObject({
      Resource: "arn:aws:s3:::log-archive/*",
      Condition: { StringEquals: { "s3:ResourceAccount": "444455556666" } },
    });
    expect(statement(policy, "ListArchivePrefix")?.Condition).toEqual({
      StringEquals: { "s3:ResourceAccount": "444455556666" },
    });
  });

  it("uses a KMS key given by ARN through S3 only, for new objects and to read and complete uploads", () => {
    const key = "arn:aws:kms:eu-west-1:444455556666:key/0a1b2c3d-1111-2222-3333-444455556666";
    const policy = renderDestinationPolicy(destination({ sse: "aws:kms", kmsKeyId: key }), "aws");
    expect(statement(policy, "EncryptWithArchiveKey")).toEqual({
      Sid: "EncryptWithArchiveKey",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: key,
      Condition: { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } },
    });
  });

  it("matches a key given by alias with kms:ResourceAliases, and a bare key id in the bucket's region", () => {
    const byAlias = renderDestinationPolicy(
      destination({ sse: "aws:kms", kmsKeyId: "alias/log-archive", region: "us-east-1" }),
      "aws",
    );
    expect(statement(byAlias, "EncryptWithArchiveKey")).toMatchObject({
      Resource: "arn:aws:kms:us-east-1:*:key/*",
      Condition: {
        StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" },
        "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/log-archive" },
      },
    });
    const byId = renderDestinationPolicy(destination({ sse: "aws:kms", kmsKeyId: "0a1b2c3d" }), "aws");
    expect(statement(byId, "EncryptWithArchiveKey")).toMatchObject({
      Resource: "arn:aws:kms:*:*:key/0a1b2c3d",
    });
    expect(statement(byId, "EncryptWithArchiveKey")?.Condition).toBeUndefined();
  });

  it("needs no KMS statement for SSE-S3 or the AWS managed key, and no policy for a folder", () => {
    expect(
      statement(renderDestinationPolicy(destination({ sse: "AES256" }), "aws"), "EncryptWithArchiveKey"),
    ).toBeUndefined();
    expect(
      statement(renderDestinationPolicy(destination({ sse: "aws:kms" }), "aws"), "EncryptWithArchiveKey"),
    ).toBeUndefined();
    const folder: DirDestination = { kind: "dir", dir: "/var/archive", prefix: "", keyTemplate: "{file}" };
    expect(renderDestinationPolicy(folder, "aws")).toBeUndefined();
  });
});

describe("renderLifecycleConfiguration", () => {
  it("aborts unfinished multipart uploads under the prefix after a day", () => {
    expect(renderLifecycleConfiguration("rds/")).toEqual({
      Rules: [
        {
          ID: "rds-log-archive-abort-incomplete-multipart-uploads",
          Status: "Enabled",
          Filter: { Prefix: "rds/" },
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        },
      ],
    });
  });
});
