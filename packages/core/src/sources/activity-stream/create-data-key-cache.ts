import type { KmsPort } from "./activity-ports.js";

/** The data keys of one stream, decrypted once each for the run. */
export interface DataKeyCache {
  /** The plaintext of the data key whose KMS ciphertext is `key` (base64, as the record carries it). */
  get(key: string): Promise<Uint8Array>;
  /** KMS Decrypt calls made so far. */
  readonly calls: number;
}

/**
 * Decrypts each distinct data key once per run, under the stream's encryption context: RDS reuses
 * a data key across many records, and KMS requests are what DAS consumers pay most for. Records
 * that need a key being decrypted wait for that one call. Plaintext keys live in memory for the
 * run only; a failed call is not remembered, so a later record tries again.
 */
export function createDataKeyCache(
  kms: KmsPort,
  stream: { encryptionContext: Readonly<Record<string, string>>; keyId: string },
): DataKeyCache {
  const keys = new Map<string, Promise<Uint8Array>>();
  let calls = 0;
  return {
    get(key) {
      let plaintext = keys.get(key);
      if (plaintext === undefined) {
        calls += 1;
        plaintext = kms.decryptDataKey({
          ciphertext: Buffer.from(key, "base64"),
          encryptionContext: stream.encryptionContext,
          keyId: stream.keyId,
        });
        keys.set(key, plaintext);
        plaintext.catch(() => keys.delete(key));
      }
      return plaintext;
    },
    get calls() {
      return calls;
    },
  };
}
