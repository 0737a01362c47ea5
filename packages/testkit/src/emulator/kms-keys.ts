/**
 * The emulator's KMS keys and the ciphertext blobs they make. A blob is
 * `"EKMS" ‖ 0x01 ‖ ARN length ‖ key ARN ‖ 12-byte IV ‖ 16-byte tag ‖ AES-256-GCM ciphertext`,
 * sealed under a secret derived from the key's ARN, with the ARN and the canonical encryption
 * context as additional data. So a blob names its key, and decrypting it with a context that
 * differs in any pair fails authentication, which KMS reports as `InvalidCiphertextException`.
 * Real KMS blobs are opaque; clients must treat these as bytes too.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import type { KmsKeySpec } from "./fleet-kms-keys.js";

export interface KmsKey {
  readonly id: string;
  readonly arn: string;
  readonly accountId: string;
  readonly aliases: readonly string[];
  readonly description: string;
  readonly enabled: boolean;
}

export type EncryptionContext = Readonly<Record<string, string>>;

const MAGIC = Buffer.from("EKMS\x01", "latin1");
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class KmsKeys {
  readonly #keys: KmsKey[];
  readonly #region: string;

  constructor(specs: readonly KmsKeySpec[], region: string, defaultAccountId: string) {
    this.#region = region;
    this.#keys = specs.map((spec) => {
      const accountId = spec.accountId ?? defaultAccountId;
      return {
        id: spec.id,
        arn: `arn:aws:kms:${region}:${accountId}:key/${spec.id}`,
        accountId,
        aliases: spec.aliases ?? [],
        description: spec.description ?? "",
        enabled: spec.enabled ?? true,
      };
    });
  }

  get keys(): readonly KmsKey[] {
    return this.#keys;
  }

  get region(): string {
    return this.#region;
  }

  /**
   * A key by what KMS accepts as `KeyId`: key id, key ARN, `alias/NAME` or alias ARN. A bare id
   * or alias names a key of `callerAccountId`, as in KMS; an ARN names any account's.
   */
  resolve(keyId: string, callerAccountId: string): KmsKey | undefined {
    const arn = /^arn:aws:kms:([^:]+):(\d{12}):(key\/.+|alias\/.+)$/.exec(keyId);
    if (arn) {
      const [, region, account, resource = ""] = arn;
      if (region !== this.#region) return undefined;
      return this.#find(resource, account as string);
    }
    return this.#find(keyId.startsWith("alias/") ? keyId : `key/${keyId}`, callerAccountId);
  }

  #find(resource: string, accountId: string): KmsKey | undefined {
    return this.#keys.find(
      (k) =>
        k.accountId === accountId &&
        (resource === `key/${k.id}` || (resource.startsWith("alias/") && k.aliases.includes(resource))),
    );
  }

  byArn(arn: string): KmsKey | undefined {
    return this.#keys.find((k) => k.arn === arn);
  }

  seal(key: KmsKey, plaintext: Buffer, context: EncryptionContext): Buffer {
    const arn = Buffer.from(key.arn, "utf8");
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", secretOf(key.arn), iv);
    cipher.setAAD(additionalData(key.arn, context));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([MAGIC, Buffer.from([arn.length]), arn, iv, cipher.getAuthTag(), ciphertext]);
  }

  /** The key ARN a blob names, or undefined when it is not a blob of ours. */
  keyArnOf(blob: Buffer): string | undefined {
    if (blob.length < MAGIC.length + 1 || !blob.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
    const length = blob[MAGIC.length] as number;
    const end = MAGIC.length + 1 + length;
    if (blob.length < end + IV_BYTES + TAG_BYTES) return undefined;
    return blob.subarray(MAGIC.length + 1, end).toString("utf8");
  }

  /** The plaintext, or undefined when the blob, its key or the context does not match. */
  open(key: KmsKey, blob: Buffer, context: EncryptionContext): Buffer | undefined {
    if (this.keyArnOf(blob) !== key.arn) return undefined;
    const start = MAGIC.length + 1 + Buffer.byteLength(key.arn, "utf8");
    const iv = blob.subarray(start, start + IV_BYTES);
    const tag = blob.subarray(start + IV_BYTES, start + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv("aes-256-gcm", secretOf(key.arn), iv);
    decipher.setAAD(additionalData(key.arn, context));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(blob.subarray(start + IV_BYTES + TAG_BYTES)), decipher.final()]);
    } catch {
      return undefined;
    }
  }
}

/** Stable across emulator restarts, so blobs made by one run decrypt in the next. */
function secretOf(arn: string): Buffer {
  return createHash("sha256").update(`rds-log-archive emulator KMS key\0${arn}`).digest();
}

/** KMS matches contexts exactly and ignores pair order: sort the pairs. */
function additionalData(arn: string, context: EncryptionContext): Buffer {
  const pairs = Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(JSON.stringify([arn, pairs]), "utf8");
}
