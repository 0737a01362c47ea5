import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";

/**
 * The rig's own reference client for the REST download: a plain SigV4 GET (service `rds`), each
 * path segment encoded once on the wire. It is deliberately separate from the engine's signer, so
 * the emulator is not checked with the code it exists to check (boto3 covers a third signer).
 */
export async function signDownload(options: {
  endpoint: string;
  region?: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  instance: string;
  logFileName: string;
}): Promise<{ url: string; headers: Record<string, string> }> {
  const base = new URL(options.endpoint);
  const path = ["/v13/downloadCompleteLogFile", options.instance, ...options.logFileName.split("/")]
    .map((segment, i) => (i === 0 ? segment : encodeURIComponent(segment)))
    .join("/");
  const signer = new SignatureV4({
    service: "rds",
    region: options.region ?? "us-east-1",
    credentials: options.credentials,
    sha256: Hash.bind(null, "sha256"),
  });
  const signed = await signer.sign({
    method: "GET",
    protocol: base.protocol,
    hostname: base.hostname,
    path,
    query: {},
    headers: { host: base.host },
  });
  const { host: _host, ...headers } = signed.headers;
  return { url: `${base.origin}${path}`, headers };
}
