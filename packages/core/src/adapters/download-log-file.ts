import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { Socket } from "node:net";
import { PassThrough, type Readable } from "node:stream";
import type { RDSClient } from "@aws-sdk/client-rds";
import { ArchiverError, isArchiverError } from "../errors.js";
import type { RequestPacer } from "../rds/adaptive-rate-limiter.js";
import { isThrottlingError } from "./aws-errors.js";
import { DEFAULT_TIMEOUTS, type NetworkTimeouts } from "./network-timeouts.js";
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
 * RDS no longer has the file, `DOWNLOAD_FAILED` (retryable) for throttling, 5xx, connections that
 * break or stall (the timeouts, network-timeouts.ts), before or during the body, `CLOCK_SKEW` when
 * RDS refuses the signature's time.
 *
 * The request is signed with the RDS client's clock offset, which the SDK keeps from the `Date`
 * of RDS's answers (the listing before a download corrects it). A download refused for skew
 * before any such answer corrects the offset from its own `Date` and is signed again, once.
 * With `pacer`, the request waits for its turn there first (RDS's rate limit counts downloads).
 */
export async function downloadLogFile(
  rds: RDSClient,
  target: DownloadTarget,
  timeouts: NetworkTimeouts = DEFAULT_TIMEOUTS,
  pacer?: RequestPacer,
): Promise<Readable> {
  const where = `DownloadCompleteDBLogFile ${target.logFileName} on instance ${target.instance} in ${target.region}`;
  const endpoint = await resolveRdsEndpoint(rds);
  for (let attempt = 1; ; attempt++) {
    const offset = rds.config.systemClockOffset ?? 0;
    const signed = await signLogFileDownload({
      endpoint,
      region: target.region,
      credentials: rds.config.credentials,
      instance: target.instance,
      logFileName: target.logFileName,
      signingDate: new Date(Date.now() + offset),
    });
    let response: IncomingMessage;
    await pacer?.take();
    try {
      response = await get(signed.url, signed.headers, timeouts, where);
    } catch (error) {
      pacer?.answered();
      if (isArchiverError(error)) throw error;
      throw new ArchiverError("DOWNLOAD_FAILED", `${where}: ${(error as Error).message}`, {
        cause: error,
        retryable: true,
      });
    }
    const status = response.statusCode ?? 0;
    if (status >= 200 && status < 300) {
      pacer?.answered();
      return bodyOf(response, where);
    }
    const text = await readText(response).catch(() => "");
    const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? `HTTP ${status}`;
    if (isThrottlingError({ name: code, $metadata: { httpStatusCode: status } })) pacer?.throttled();
    else pacer?.answered();
    const message = /<Message>([^<]+)<\/Message>/.exec(text)?.[1] ?? "";
    if (isSkew(code, message)) {
      const server = Date.parse(String(response.headers.date ?? ""));
      const corrected = Number.isNaN(server) ? undefined : server - Date.now();
      if (attempt === 1 && corrected !== undefined && Math.abs(corrected - offset) > 60_000) {
        rds.config.systemClockOffset = corrected;
        continue;
      }
      throw skewError(where, code, corrected ?? offset);
    }
    throw restError(where, status, code);
  }
}

// node:http rather than fetch: bridging a web stream into a Node stream costs a large share of
// the CPU that gzip needs, on a path that carries every byte. Connections are kept alive.
const httpAgent = new HttpAgent({ keepAlive: true });
const httpsAgent = new HttpsAgent({ keepAlive: true });

/**
 * Sends the GET and resolves with the response once its headers arrive. `connect` runs until the
 * socket (and TLS) is up, `idle` while nothing moves on the socket (headers and body alike), and
 * `total` until the body has ended; each destroys the request with a retryable coded error.
 */
function get(
  url: string,
  headers: Record<string, string>,
  timeouts: NetworkTimeouts,
  where: string,
): Promise<IncomingMessage> {
  const secure = url.startsWith("https:");
  return new Promise((resolve, reject) => {
    const timedOut = (what: string, ms: number) =>
      new ArchiverError("DOWNLOAD_FAILED", `${where}: timed out: ${what} (${ms / 1000} s)`, {
        hint: "a stalled connection; it is tried again, and the timeouts field of the config sets how long to wait",
        retryable: true,
      });
    let answered: IncomingMessage | undefined;
    const request = (secure ? httpsRequest : httpRequest)(
      url,
      { headers, agent: secure ? httpsAgent : httpAgent },
      (response) => {
        answered = response;
        response.once("end", () => {
          clearTimeout(totalTimer);
          request.setTimeout(0);
        });
        response.once("close", () => clearTimeout(totalTimer));
        resolve(response);
      },
    );
    const totalTimer = setTimeout(() => {
      const error = timedOut("the download did not finish", timeouts.total);
      request.destroy(error);
      answered?.destroy(error);
    }, timeouts.total);
    const connectTimer = setTimeout(
      () => request.destroy(timedOut("no connection to RDS", timeouts.connect)),
      timeouts.connect,
    );
    request.once("socket", (socket: Socket) => {
      const connected = () => clearTimeout(connectTimer);
      if (!socket.connecting) connected();
      else socket.once(secure ? "secureConnect" : "connect", connected);
    });
    request.setTimeout(timeouts.idle, () => {
      if (answered?.complete) return; // the socket idles in the agent's pool now, which is fine
      const error = timedOut("no byte from RDS", timeouts.idle);
      request.destroy(error);
      answered?.destroy(error);
    });
    request.once("close", () => {
      clearTimeout(connectTimer);
      if (answered === undefined) clearTimeout(totalTimer);
    });
    request.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(totalTimer);
      // A kept-alive socket that the server closed just as it was reused: the race Node's http
      // docs describe for every keep-alive agent ("request.reusedSocket"). Nothing reached RDS,
      // so the GET goes again; each retry spends one stale pooled socket or opens a new one,
      // and a new socket's reset is a real failure.
      if (answered === undefined && request.reusedSocket && error.code === "ECONNRESET") {
        resolve(get(url, headers, timeouts, where));
      } else {
        reject(error);
      }
    });
    request.end();
  });
}

/** The body, failing with a coded, retryable error if the connection breaks or stalls mid-body. */
function bodyOf(response: IncomingMessage, where: string): Readable {
  const body = new PassThrough();
  response.on("error", (error) =>
    body.destroy(
      isArchiverError(error)
        ? error
        : new ArchiverError("DOWNLOAD_FAILED", `${where}: the connection broke mid-body (${error.message})`, {
            cause: error,
            retryable: true,
          }),
    ),
  );
  return response.pipe(body);
}

async function readText(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** RDS's ways of saying the signature's time is too far from its own (15 minutes at most). */
function isSkew(code: string, message: string): boolean {
  return (
    code === "RequestExpired" ||
    code === "RequestTimeTooSkewed" ||
    code === "RequestInTheFuture" ||
    /signature expired|signature not yet current|clock skew/i.test(message)
  );
}

function skewError(where: string, code: string, offsetMs: number): ArchiverError {
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  const way = offsetMs > 0 ? "behind" : "ahead of";
  return new ArchiverError(
    "CLOCK_SKEW",
    `${where}: RDS refused the request's time (${code}); this machine's clock is about ${minutes} min ${way} RDS's`,
    {
      hint: "synchronise this machine's clock (NTP); AWS accepts a signature at most 15 minutes off its own time",
    },
  );
}

function restError(where: string, status: number, code: string): ArchiverError {
  if (code === "DBLogFileNotFoundFault") {
    return new ArchiverError("LOG_FILE_GONE", `${where}: the file is no longer on the instance`, {
      hint: "it was rotated away or deleted after it was listed",
    });
  }
  if (code === "DBInstanceNotFound" || code === "DBInstanceNotFoundFault") {
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
