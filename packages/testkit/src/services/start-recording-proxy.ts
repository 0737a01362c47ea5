/**
 * A loopback HTTP proxy in front of an S3 endpoint (Swift s3api) that forwards every request
 * unchanged and records what it saw, so tests can assert headers on every S3 request the engine
 * makes: SSE, expected bucket owner, conditional writes, multipart parts and aborts alike.
 *
 * Clients use the proxy as their S3 endpoint. SigV4 signs the `host` header the client connects
 * to, so the proxy passes `host` through as it came (`127.0.0.1:PROXY_PORT`) rather than naming
 * the upstream; Swift's s3api checks the signature against the Host it receives and, with no
 * storage domain configured, serves path-style requests whatever the Host, so signatures still
 * verify. `expect: 100-continue` (never signed) is answered by the proxy and not forwarded.
 * With `dropSse`, requests carrying SSE headers, which Swift refuses, are checked, stripped of
 * them and signed again (see resign-without-sse.ts); every other request passes untouched.
 */
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { buffer } from "node:stream/consumers";
import { pipeline } from "node:stream/promises";
import { EmulatorError } from "../emulator/emulator-error.js";
import { escapeXmlText } from "../emulator/xml.js";
import { classifyS3Request } from "./classify-s3-request.js";
import { hasSseHeaders, resignWithoutSse } from "./resign-without-sse.js";
import type { SwiftCredentials } from "./swift-s3.js";

/** One request as it reached the proxy. */
export interface RecordedS3Request {
  method: string;
  /** The path as sent, still percent-encoded: `/bucket/key`. */
  path: string;
  /** Query parameters, decoded; valueless ones (`?uploads`) as "". */
  query: Record<string, string>;
  /**
   * Header names lower-cased. The signature in `authorization` and the value of
   * `x-amz-security-token` are masked; which headers were signed stays readable.
   */
  headers: Record<string, string>;
  /** The S3 operation, told from method, path, query and headers: `PutObject`, `UploadPart`, … */
  operation: string;
  /** The upstream's status; 0 until it answers, or when it could not be reached. */
  status: number;
}

export interface RecordingProxy {
  /** `http://127.0.0.1:PORT`; use as the S3 endpoint, with path-style requests. */
  readonly endpoint: string;
  readonly requests: readonly RecordedS3Request[];
  clear(): void;
  close(): Promise<void>;
}

export interface RecordingProxyOptions {
  /** The S3 endpoint to forward to, such as `swift.endpoint`. */
  target: string;
  /**
   * Forward SSE requests without their SSE headers, signed again with the one of these keys
   * that signed them (their signature is checked first, and a bad one is answered 403). For
   * SSE-KMS runs against Swift, which refuses SSE; such a request's body is held in memory.
   */
  dropSse?: { credentials: readonly SwiftCredentials[] };
}

/**
 * A new connection to the upstream for every request: a kept-alive one can be closed by Swift just
 * as the proxy reuses it, and the forwarded request then fails with ECONNRESET (seen once under
 * load as a lib-storage part failing). Loopback connections cost next to nothing.
 */
const upstreamAgent = new Agent({ keepAlive: false });

/** Starts a recording proxy in front of `options.target` (such as a Swift s3api endpoint). */
export async function startRecordingProxy(options: RecordingProxyOptions): Promise<RecordingProxy> {
  const upstream = new URL(options.target);
  const requests: RecordedS3Request[] = [];

  const forward = async (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const record = recordOf(incoming);
    requests.push(record);
    const { expect: _answeredHere, ...received } = incoming.headers;
    let headers: typeof received = received;
    let body: Buffer | undefined;
    if (options.dropSse !== undefined && hasSseHeaders(incoming)) {
      body = await buffer(incoming);
      try {
        headers = await resignWithoutSse(incoming, body, options.dropSse.credentials);
      } catch (error) {
        if (!(error instanceof EmulatorError)) throw error;
        record.status = error.status;
        outgoing.writeHead(error.status, { "content-type": "application/xml" });
        outgoing.end(
          `<Error><Code>${escapeXmlText(error.code)}</Code><Message>${escapeXmlText(error.message)}</Message></Error>`,
        );
        return;
      }
    }
    const upstreamRequest = httpRequest({
      agent: upstreamAgent,
      host: upstream.hostname,
      port: upstream.port,
      method: incoming.method,
      path: incoming.url,
      headers,
    });
    const answered = new Promise<IncomingMessage>((resolve, reject) => {
      upstreamRequest.once("response", resolve);
      upstreamRequest.once("error", reject);
    });
    if (body === undefined) await pipeline(incoming, upstreamRequest);
    else upstreamRequest.end(body);
    const response = await answered;
    record.status = response.statusCode ?? 0;
    outgoing.writeHead(response.statusCode ?? 502, response.rawHeaders);
    await pipeline(response, outgoing);
  };

  const server = createServer((incoming, outgoing) => {
    forward(incoming, outgoing).catch((error: Error) => {
      if (!outgoing.headersSent) {
        outgoing.writeHead(502, { "content-type": "text/plain" });
        outgoing.end(`recording proxy: ${error.message}`);
      } else {
        outgoing.destroy();
      }
    });
  });
  // Clients keep their sockets to the proxy alive until the proxy closes them; Node's 5 s default
  // would let a loaded test's next request race that close and read ECONNRESET. close() ends them.
  server.keepAliveTimeout = 10 * 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    clear: () => {
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function recordOf(incoming: IncomingMessage): RecordedS3Request {
  const url = new URL(incoming.url ?? "/", "http://proxy");
  const query = Object.fromEntries(url.searchParams);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    headers[name] = Array.isArray(value) ? value.join(",") : (value ?? "");
  }
  if (headers.authorization !== undefined) {
    headers.authorization = headers.authorization.replace(/Signature=[0-9a-f]+/, "Signature=***");
  }
  if (headers["x-amz-security-token"] !== undefined) headers["x-amz-security-token"] = "***";
  const method = incoming.method ?? "GET";
  return {
    method,
    path: url.pathname,
    query,
    headers,
    operation: classifyS3Request(method, url.pathname, query, headers),
    status: 0,
  };
}
