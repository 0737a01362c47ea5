import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { type Readable, Transform, type TransformCallback } from "node:stream";
import type { RDSClient } from "@aws-sdk/client-rds";
import { ArchiverError } from "../errors.js";
import { resolveRdsEndpoint } from "./resolve-rds-endpoint.js";
import { signLogFileDownload } from "./sign-log-download.js";

/** The instance and listed version to download. */
export interface DownloadTarget {
  region: string;
  instance: string;
  logFileName: string;
  /** The size DescribeDBLogFiles listed: the version being archived. */
  size: number;
}

/**
 * Opens `GET /v13/downloadCompleteLogFile/…` for one listed version and returns its bytes as a
 * stream of exactly `size` bytes. A body that ends sooner fails the stream (a short download never
 * becomes an object); bytes written after the listing are cut off, so the archived object is the
 * listed version and matches its key. Failures carry a code: `LOG_FILE_GONE` when RDS no longer
 * has the file, `DOWNLOAD_FAILED` (retryable) for throttling, 5xx and broken connections.
 */
export async function downloadLogFile(rds: RDSClient, target: DownloadTarget): Promise<Readable> {
  const where = `DownloadCompleteDBLogFile ${target.logFileName} on instance ${target.instance} in ${target.region}`;
  const signed = await signLogFileDownload({
    endpoint: await resolveRdsEndpoint(rds),
    region: target.region,
    credentials: rds.config.credentials,
    instance: target.instance,
    logFileName: target.logFileName,
  });
  let response: IncomingMessage;
  try {
    response = await get(signed.url, signed.headers);
  } catch (error) {
    throw new ArchiverError("DOWNLOAD_FAILED", `${where}: ${(error as Error).message}`, {
      cause: error,
      retryable: true,
    });
  }
  const status = response.statusCode ?? 0;
  if (status < 200 || status >= 300) {
    const text = await readText(response).catch(() => "");
    const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? `HTTP ${status}`;
    throw restError(where, status, code);
  }
  const exact = exactLength(target.size, where);
  response.on("error", (error) => exact.destroy(asDownloadFailure(where, error)));
  return response.pipe(exact);
}

// node:http rather than fetch: bridging a web stream into a Node stream costs a large share of
// the CPU that gzip needs, on a path that carries every byte. Connections are kept alive.
const httpAgent = new HttpAgent({ keepAlive: true });
const httpsAgent = new HttpsAgent({ keepAlive: true });

function get(url: string, headers: Record<string, string>): Promise<IncomingMessage> {
  const secure = url.startsWith("https:");
  return new Promise((resolve, reject) => {
    const request = (secure ? httpsRequest : httpRequest)(
      url,
      { headers, agent: secure ? httpsAgent : httpAgent },
      resolve,
    );
    request.on("error", reject);
    request.end();
  });
}

async function readText(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function restError(where: string, status: number, code: string): ArchiverError {
  if (code === "DBLogFileNotFoundFault") {
    return new ArchiverError("LOG_FILE_GONE", `${where}: the file is no longer on the instance`, {
      hint: "it was rotated away or deleted after it was listed",
    });
  }
  if (code === "DBInstanceNotFound") {
    return new ArchiverError("DB_INSTANCE_NOT_FOUND", `${where}: DB instance not found`);
  }
  if (status === 403) {
    return new ArchiverError("ACCESS_DENIED", `${where}: access denied (${code})`, {
      hint: "the role needs rds:DownloadCompleteDBLogFile on the instance, and valid, current credentials",
    });
  }
  return new ArchiverError("DOWNLOAD_FAILED", `${where}: ${code} (HTTP ${status})`, {
    retryable: status >= 500 || status === 429 || code === "Throttling" || code === "ThrottlingException",
  });
}

function asDownloadFailure(where: string, error: unknown): ArchiverError {
  return new ArchiverError(
    "DOWNLOAD_FAILED",
    `${where}: the connection broke mid-body (${(error as Error).message})`,
    {
      cause: error,
      retryable: true,
    },
  );
}

/** Passes the first `size` bytes; fails if the source ends before them. */
function exactLength(size: number, where: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      const room = size - seen;
      seen += chunk.length;
      if (room <= 0) return callback();
      callback(null, chunk.length > room ? chunk.subarray(0, room) : chunk);
    },
    flush(callback: TransformCallback) {
      if (seen >= size) return callback();
      callback(
        new ArchiverError("DOWNLOAD_SHORT", `${where}: got ${seen} of the ${size} bytes listed`, {
          hint: "a short download is never archived; the next run tries again",
          retryable: true,
        }),
      );
    },
  });
}
