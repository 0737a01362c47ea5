/**
 * A loopback proxy in front of a Kinesis stand-in that answers chosen calls with Kinesis's own
 * errors, for what neither stand-in does on demand: `ProvisionedThroughputExceededException`
 * (another reader of the shard used its five reads a second), `ExpiredIteratorException` (an
 * iterator older than five minutes) and `InvalidArgumentException` for a trimmed starting
 * sequence number. It can also stall a call: read the request and never answer, as a connection
 * that went silent does, for the client's timeouts to end. Everything else is forwarded
 * untouched, and every call is counted.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { KinesisStandIn } from "./kinesis-stand-in.js";

/** The errors the proxy can answer with, as Kinesis sends them (HTTP 400, awsJson1_1 `__type`). */
export type KinesisFault =
  | "ProvisionedThroughputExceededException"
  | "ExpiredIteratorException"
  | "InvalidArgumentException";

export interface KinesisFaultProxy {
  /** `http://127.0.0.1:PORT`; use it as `AWS_ENDPOINT_URL_KINESIS`. */
  readonly endpoint: string;
  /** Calls per operation (`GetRecords`, `GetShardIterator`, …), faulted ones included. */
  readonly calls: Record<string, number>;
  /** Faults answered so far, per operation. */
  readonly faulted: Record<string, number>;
  /** The next `count` calls of `operation` get `fault` instead of an answer. */
  fail(operation: string, fault: KinesisFault, count?: number): void;
  /** The next `count` calls of `operation` get no answer at all; each is counted in `faulted`. */
  stall(operation: string, count?: number): void;
  stop(): Promise<void>;
}

const MESSAGES: Record<KinesisFault, string> = {
  ProvisionedThroughputExceededException:
    "Rate exceeded for shard shardId-000000000000 in stream under account 123456789012.",
  ExpiredIteratorException: "Iterator expired. The iterator was created more than 300000 milliseconds ago.",
  InvalidArgumentException:
    "StartingSequenceNumber is no longer available: it is older than the stream's retention period.",
};

export async function startKinesisFaultProxy(
  target: Pick<KinesisStandIn, "endpoint">,
): Promise<KinesisFaultProxy> {
  const upstream = new URL(target.endpoint);
  const calls: Record<string, number> = {};
  const faulted: Record<string, number> = {};
  const pending = new Map<string, { fault: KinesisFault | "stall"; count: number }>();

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const operation = String(req.headers["x-amz-target"] ?? "").split(".")[1] ?? "Unknown";
    calls[operation] = (calls[operation] ?? 0) + 1;
    const planned = pending.get(operation);
    if (planned && planned.count > 0) {
      planned.count -= 1;
      faulted[operation] = (faulted[operation] ?? 0) + 1;
      req.resume();
      // A stalled call holds its connection open until the client gives up or the proxy stops.
      if (planned.fault === "stall") return;
      const fault = planned.fault;
      req.on("end", () => {
        const body = JSON.stringify({ __type: fault, message: MESSAGES[fault] });
        res.writeHead(400, {
          "content-type": "application/x-amz-json-1.1",
          "x-amzn-errortype": fault,
        });
        res.end(body);
      });
      return;
    }
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 500, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("error", (error) => res.destroy(error));
    req.pipe(forward);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let stopping: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    faulted,
    fail(operation, fault, count = 1) {
      pending.set(operation, { fault, count });
    },
    stall(operation, count = 1) {
      pending.set(operation, { fault: "stall", count });
    },
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}
