import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { PassThrough, type Readable } from "node:stream";
import type { RDSClient } from "@aws-sdk/client-rds";
import { ArchiverError } from "../errors.js";
import { resolveRdsEndpoint } from "./resolve-rds-endpoint.js";
import { signLogFileDownload } from "./sign-log-download.js";

/** The log file to download. */
export interface DownloadTarget {
  region: string;
  instance: string;
  logFileName: string;
}

/**
 * Opens `GET /v13/downloadCompleteLogFile/…` and returns the body as it comes: whether it is the
 * version that was listed is for the caller to judge. Failures carry a code: `LOG_FILE_GONE` when
 * RDS no longer has the file, `DOWNLOAD_FAILED` (retryable) for throttling, 5xx and connections
 * that break, before or during the body.
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
  // A connection that breaks mid-body surfaces as a coded, retryable failure, not a socket error.
  const body = new PassThrough();
  response.on("error", (error) => body.destroy(asDownloadFailure(where, error)));
  return response.pipe(body);
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
