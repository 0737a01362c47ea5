/**
 * The S3 operation a path-style request is, from its method, path, query and headers, following
 * the REST routes of the S3 API reference (`POST /{Key}?uploads` is CreateMultipartUpload,
 * `DELETE /{Key}?uploadId=` is AbortMultipartUpload, and so on). "Unknown" for anything else.
 */
export function classifyS3Request(
  method: string,
  path: string,
  query: Readonly<Record<string, string>>,
  headers: Readonly<Record<string, string>>,
): string {
  const [, bucket = "", ...key] = path.split("/");
  const has = (name: string) => name in query;
  if (bucket === "") return method === "GET" ? "ListBuckets" : "Unknown";
  if (key.length === 0 || key.join("/") === "") return bucketOperation(method, has);
  const copy = headers["x-amz-copy-source"] !== undefined;
  switch (method) {
    case "PUT":
      if (has("partNumber") && has("uploadId")) return copy ? "UploadPartCopy" : "UploadPart";
      if (has("tagging")) return "PutObjectTagging";
      return copy ? "CopyObject" : "PutObject";
    case "POST":
      if (has("uploads")) return "CreateMultipartUpload";
      if (has("uploadId")) return "CompleteMultipartUpload";
      return "Unknown";
    case "DELETE":
      return has("uploadId") ? "AbortMultipartUpload" : "DeleteObject";
    case "GET":
      if (has("uploadId")) return "ListParts";
      return has("tagging") ? "GetObjectTagging" : "GetObject";
    case "HEAD":
      return "HeadObject";
    default:
      return "Unknown";
  }
}

function bucketOperation(method: string, has: (name: string) => boolean): string {
  switch (method) {
    case "PUT":
      return "CreateBucket";
    case "DELETE":
      return "DeleteBucket";
    case "HEAD":
      return "HeadBucket";
    case "POST":
      return has("delete") ? "DeleteObjects" : "Unknown";
    case "GET":
      if (has("uploads")) return "ListMultipartUploads";
      if (has("location")) return "GetBucketLocation";
      return has("list-type") ? "ListObjectsV2" : "ListObjects";
    default:
      return "Unknown";
  }
}
