import { S3Client } from "@aws-sdk/client-s3";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { createTimedRequestHandler, type NetworkTimeouts } from "./network-timeouts.js";

/** How to reach S3 or an S3-compatible store; see {@link createS3Client}. */
export interface S3ClientOptions {
  region: string;
  /** A custom endpoint (S3-compatible store); `AWS_ENDPOINT_URL_S3` works too, through the SDK. */
  endpoint?: string;
  /** Path-style addressing; on by default for a custom endpoint. */
  forcePathStyle?: boolean;
  /** Default: the SDK's credential chain. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Checksum mode; WHEN_REQUIRED by default for a custom endpoint, the SDK's default for AWS. */
  checksums?: "WHEN_SUPPORTED" | "WHEN_REQUIRED";
  maxAttempts?: number;
  /** Connect, idle and total timeouts of every request, uploads included; the defaults otherwise. */
  timeouts?: NetworkTimeouts;
}

/**
 * An S3 client with adaptive retries. A custom endpoint (given, or `AWS_ENDPOINT_URL_S3` /
 * `AWS_ENDPOINT_URL` for the SDK to resolve) gets path-style addressing and checksums only when
 * required, since third-party stores reject the SDK's default checksum headers (docs/aws-wire-facts.md,
 * "SDK default checksums and S3-compatible stores"),
 * unless `checksums` or the SDK's own `AWS_*_CHECKSUM_*` variables say otherwise.
 */
export function createS3Client(options: S3ClientOptions): S3Client {
  const env = process.env;
  const custom =
    options.endpoint !== undefined || Boolean(env.AWS_ENDPOINT_URL_S3) || Boolean(env.AWS_ENDPOINT_URL);
  const request =
    options.checksums ?? (custom && !env.AWS_REQUEST_CHECKSUM_CALCULATION ? "WHEN_REQUIRED" : undefined);
  const response =
    options.checksums ?? (custom && !env.AWS_RESPONSE_CHECKSUM_VALIDATION ? "WHEN_REQUIRED" : undefined);
  const forcePathStyle = options.forcePathStyle ?? (custom ? true : undefined);
  return new S3Client({
    region: options.region,
    retryMode: "adaptive",
    maxAttempts: options.maxAttempts ?? 8,
    requestHandler: createTimedRequestHandler(options.timeouts),
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(forcePathStyle === undefined ? {} : { forcePathStyle }),
    ...(request === undefined ? {} : { requestChecksumCalculation: request }),
    ...(response === undefined ? {} : { responseChecksumValidation: response }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
  });
}
