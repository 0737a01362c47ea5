import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import type { Checksum, SourceData } from "@smithy/types";

/**
 * SHA-256 for `@smithy/signature-v4`, built on `node:crypto`.
 *
 * SDK 3.1169 no longer ships `@smithy/hash-node`, and the signer needs a hash constructor that
 * takes an optional HMAC secret. We sign with the SDK's signer; this only supplies its hash.
 */
export class NodeSha256 implements Checksum {
  readonly #secret: SourceData | undefined;
  #hash: Hash | Hmac;

  constructor(secret?: SourceData) {
    this.#secret = secret;
    this.#hash = NodeSha256.#create(secret);
  }

  update(data: Uint8Array | string): void {
    this.#hash.update(
      typeof data === "string" ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength),
    );
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }

  reset(): void {
    this.#hash = NodeSha256.#create(this.#secret);
  }

  static #create(secret: SourceData | undefined): Hash | Hmac {
    if (secret === undefined) return createHash("sha256");
    const key =
      typeof secret === "string" ? secret : Buffer.from(ArrayBuffer.isView(secret) ? secret.buffer : secret);
    return createHmac("sha256", key);
  }
}
