import { KinesisClient } from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";

/** A running local Kinesis: where it listens, and how to stop exactly what was started. */
export interface KinesisStandIn {
  readonly kind: "kinesalite" | "kinesis-local";
  /** `http://127.0.0.1:PORT`; use it as `AWS_ENDPOINT_URL_KINESIS`. */
  readonly endpoint: string;
  readonly region: string;
  /** The stand-in's own process (kinesis-local), or undefined when it runs in this one (kinesalite). */
  readonly pid: number | undefined;
  /** Any keys do: neither stand-in checks signatures, only that requests carry one. */
  readonly credentials: { accessKeyId: string; secretAccessKey: string };
  /** A client for this stand-in (HTTP/1.1; see {@link createKinesisClient}). */
  client(): KinesisClient;
  /** Stops the stand-in; safe to call twice. */
  stop(): Promise<void>;
}

export const STAND_IN_CREDENTIALS = { accessKeyId: "test:tester", secretAccessKey: "testing" } as const;

/**
 * A Kinesis client for a local stand-in. `@aws-sdk/client-kinesis` defaults to an HTTP/2 handler,
 * which both stand-ins (HTTP/1.1 only) answer with `ERR_HTTP2_ERROR: Protocol error`, so the
 * HTTP/1.1 handler is set here; real Kinesis speaks both.
 */
export function createKinesisClient(standIn: Pick<KinesisStandIn, "endpoint" | "region" | "credentials">) {
  return new KinesisClient({
    endpoint: standIn.endpoint,
    region: standIn.region,
    credentials: standIn.credentials,
    requestHandler: new NodeHttpHandler(),
  });
}
