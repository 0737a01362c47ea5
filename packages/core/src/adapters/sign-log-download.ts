import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";

/** A ready-to-send GET for one whole log file. */
export interface SignedLogDownload {
  url: string;
  headers: Record<string, string>;
}

/**
 * Signs `GET /v13/downloadCompleteLogFile/{instance}/{logFileName}` with SigV4 (service `rds`).
 * No SDK has this operation, so we build the request and let `@smithy/signature-v4` sign it.
 *
 * Each path segment is percent-encoded once on the wire, keeping the `/` inside the log file
 * name as a separator; the signer encodes the path once more for the canonical request, which is
 * what AWS expects of every service but S3. The signer does not add `host`, so we do.
 */
export async function signLogFileDownload(request: {
  /** The effective RDS endpoint, such as `https://rds.eu-west-1.amazonaws.com` or a local emulator. */
  endpoint: string;
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  instance: string;
  logFileName: string;
  signingDate?: Date;
}): Promise<SignedLogDownload> {
  const base = new URL(request.endpoint);
  const basePath = base.pathname.replace(/\/+$/, "");
  const path = `${basePath}/v13/downloadCompleteLogFile/${encodeURIComponent(request.instance)}/${request.logFileName
    .split("/")
    .map(encodeURIComponent)
    .join("/")}`;
  const signer = new SignatureV4({
    service: "rds",
    region: request.region,
    credentials: request.credentials,
    sha256: Hash.bind(null, "sha256"),
  });
  const signed = await signer.sign(
    {
      method: "GET",
      protocol: base.protocol,
      hostname: base.hostname,
      path,
      query: {},
      headers: { host: base.host },
    },
    request.signingDate === undefined ? {} : { signingDate: request.signingDate },
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) {
    // fetch sets Host itself from the URL; passing it again is refused by some HTTP clients.
    if (name !== "host") headers[name] = String(value);
  }
  return { url: `${base.protocol}//${base.host}${path}`, headers };
}
