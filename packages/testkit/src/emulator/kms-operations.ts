/**
 * The KMS (`TrentService`, JSON 1.1) operations a DAS consumer and its test producer use:
 * Decrypt, GenerateDataKey, Encrypt and DescribeKey, for symmetric keys, with KMS's member
 * names, length limits and error codes (botocore model `kms/2014-11-01`).
 */
import { randomBytes } from "node:crypto";
import { EmulatorError } from "./emulator-error.js";
import type { EncryptionContext, KmsKey, KmsKeys } from "./kms-keys.js";

/** Who signed the request, for the key lookup (bare ids name the caller's keys) and AccessDenied. */
export interface KmsCaller {
  readonly accountId: string;
  readonly arn: string;
}

/** KMS fault knobs; throttling goes through the shared `throttleRate`/`throttleOperations`. */
export interface KmsKnobs {
  /** Key ids, ARNs or aliases every use of which answers `AccessDeniedException`. */
  accessDeniedKeys?: string[];
  /** Key ids, ARNs or aliases that are disabled from now on (`DisabledException`). */
  disabledKeys?: string[];
}

export const KMS_OPERATIONS = ["Decrypt", "Encrypt", "GenerateDataKey", "DescribeKey"] as const;
export type KmsOperation = (typeof KMS_OPERATIONS)[number];

type Body = Record<string, unknown>;
const SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT";
/** Fixed, so DescribeKey answers the same on every run (epoch seconds, as awsJson sends timestamps). */
const CREATION_DATE = Date.UTC(2026, 0, 5, 9, 30) / 1000;

export class KmsService {
  readonly keys: KmsKeys;
  #knobs: KmsKnobs = {};

  constructor(keys: KmsKeys) {
    this.keys = keys;
  }

  get knobs(): Readonly<KmsKnobs> {
    return this.#knobs;
  }

  setKnobs(knobs: KmsKnobs): void {
    this.#knobs = { ...knobs };
  }

  /** Answers one operation; `onKey` learns which key it used, for the request log. */
  answer(operation: KmsOperation, body: Body, caller: KmsCaller, onKey: (arn: string) => void): Body {
    const allowed = (key: KmsKey, action: string) => {
      onKey(key.arn);
      if (this.#matches(key, this.#knobs.accessDeniedKeys)) {
        throw new EmulatorError(
          "AccessDeniedException",
          400,
          `User: ${caller.arn} is not authorized to perform: kms:${action} on resource: ${key.arn} because no resource-based policy allows the kms:${action} action`,
        );
      }
      return key;
    };
    // Cryptographic operations also need the key enabled; DescribeKey does not.
    const usable = (key: KmsKey, action: string) => {
      allowed(key, action);
      if (!key.enabled || this.#matches(key, this.#knobs.disabledKeys)) {
        throw new EmulatorError("DisabledException", 400, `${key.arn} is disabled.`);
      }
      return key;
    };
    const named = (action: string) => usable(this.#resolve(requiredString(body, "KeyId"), caller), action);
    switch (operation) {
      case "Encrypt": {
        const plaintext = blob(body, "Plaintext", 4096);
        const context = encryptionContext(body);
        checkAlgorithm(body);
        const key = named("Encrypt");
        dryRun(body);
        return {
          CiphertextBlob: this.keys.seal(key, plaintext, context).toString("base64"),
          KeyId: key.arn,
          EncryptionAlgorithm: SYMMETRIC_DEFAULT,
        };
      }
      case "GenerateDataKey": {
        const size = dataKeySize(body);
        const context = encryptionContext(body);
        const key = named("GenerateDataKey");
        dryRun(body);
        const plaintext = randomBytes(size);
        return {
          CiphertextBlob: this.keys.seal(key, plaintext, context).toString("base64"),
          Plaintext: plaintext.toString("base64"),
          KeyId: key.arn,
        };
      }
      case "Decrypt": {
        const ciphertext = blob(body, "CiphertextBlob", 6144);
        const context = encryptionContext(body);
        checkAlgorithm(body);
        const arn = this.keys.keyArnOf(ciphertext);
        // KMS says nothing more about a blob it cannot read, nor about a wrong context.
        if (arn === undefined) throw new EmulatorError("InvalidCiphertextException", 400, "");
        const key = this.keys.byArn(arn);
        if (!key) throw new EmulatorError("NotFoundException", 400, `Key '${arn}' does not exist`);
        const wanted = typeof body.KeyId === "string" ? this.#resolve(body.KeyId, caller) : key;
        if (wanted.arn !== key.arn) {
          throw new EmulatorError(
            "IncorrectKeyException",
            400,
            "The key ID in the request does not identify a CMK that can perform this operation.",
          );
        }
        usable(key, "Decrypt");
        dryRun(body);
        const plaintext = this.keys.open(key, ciphertext, context);
        if (!plaintext) throw new EmulatorError("InvalidCiphertextException", 400, "");
        return {
          KeyId: key.arn,
          Plaintext: plaintext.toString("base64"),
          EncryptionAlgorithm: SYMMETRIC_DEFAULT,
        };
      }
      case "DescribeKey": {
        const key = allowed(this.#resolve(requiredString(body, "KeyId"), caller), "DescribeKey");
        return { KeyMetadata: describe(key, this.#matches(key, this.#knobs.disabledKeys)) };
      }
    }
  }

  #resolve(keyId: string, caller: KmsCaller): KmsKey {
    const key = this.keys.resolve(keyId, caller.accountId);
    if (key) return key;
    if (keyId.includes("alias/")) {
      const arn = keyId.startsWith("arn:")
        ? keyId
        : `arn:aws:kms:${this.keys.region}:${caller.accountId}:${keyId}`;
      throw new EmulatorError("NotFoundException", 400, `Alias ${arn} is not found.`);
    }
    const arn = keyId.startsWith("arn:")
      ? keyId
      : `arn:aws:kms:${this.keys.region}:${caller.accountId}:key/${keyId}`;
    throw new EmulatorError("NotFoundException", 400, `Key '${arn}' does not exist`);
  }

  #matches(key: KmsKey, names: readonly string[] | undefined): boolean {
    return (names ?? []).some((name) => name === key.id || name === key.arn || key.aliases.includes(name));
  }
}

function describe(key: KmsKey, disabledByKnob: boolean): Body {
  const enabled = key.enabled && !disabledByKnob;
  return {
    AWSAccountId: key.accountId,
    KeyId: key.id,
    Arn: key.arn,
    CreationDate: CREATION_DATE,
    Enabled: enabled,
    Description: key.description,
    KeyUsage: "ENCRYPT_DECRYPT",
    KeyState: enabled ? "Enabled" : "Disabled",
    Origin: "AWS_KMS",
    KeyManager: "CUSTOMER",
    CustomerMasterKeySpec: SYMMETRIC_DEFAULT,
    KeySpec: SYMMETRIC_DEFAULT,
    EncryptionAlgorithms: [SYMMETRIC_DEFAULT],
    MultiRegion: key.id.startsWith("mrk-"),
  };
}

/** The model's member name as KMS's validation messages spell it: `keyId`, `ciphertextBlob`. */
const member = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

const validation = (message: string) =>
  new EmulatorError("ValidationException", 400, `1 validation error detected: ${message}`);

function requiredString(body: Body, name: string): string {
  const value = body[name];
  if (value === undefined || value === null) {
    throw validation(`Value null at '${member(name)}' failed to satisfy constraint: Member must not be null`);
  }
  if (typeof value !== "string" || value.length < 1 || value.length > 2048) {
    throw validation(
      `Value at '${member(name)}' failed to satisfy constraint: Member must have length between 1 and 2048`,
    );
  }
  return value;
}

function blob(body: Body, name: string, max: number): Buffer {
  const value = body[name];
  if (value === undefined || value === null) {
    throw validation(`Value null at '${member(name)}' failed to satisfy constraint: Member must not be null`);
  }
  if (typeof value !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
    throw new EmulatorError("SerializationException", 400, `${name} must be a base64-encoded blob`);
  }
  const bytes = Buffer.from(value, "base64");
  if (bytes.length < 1) {
    throw validation(
      `Value at '${member(name)}' failed to satisfy constraint: Member must have length greater than or equal to 1`,
    );
  }
  if (bytes.length > max) {
    throw validation(
      `Value at '${member(name)}' failed to satisfy constraint: Member must have length less than or equal to ${max}`,
    );
  }
  return bytes;
}

function encryptionContext(body: Body): EncryptionContext {
  const value = body.EncryptionContext;
  if (value === undefined || value === null) return {};
  if (
    typeof value !== "object" ||
    Array.isArray(value) ||
    Object.values(value).some((v) => typeof v !== "string")
  ) {
    throw new EmulatorError("SerializationException", 400, "EncryptionContext must map strings to strings");
  }
  return value as EncryptionContext;
}

function checkAlgorithm(body: Body): void {
  const value = body.EncryptionAlgorithm;
  if (value !== undefined && value !== SYMMETRIC_DEFAULT) {
    throw new EmulatorError(
      "InvalidKeyUsageException",
      400,
      `The encryption algorithm ${String(value)} is not compatible with the key's key spec SYMMETRIC_DEFAULT.`,
    );
  }
}

function dataKeySize(body: Body): number {
  const { KeySpec: spec, NumberOfBytes: bytes } = body;
  if ((spec === undefined) === (bytes === undefined)) {
    throw new EmulatorError("ValidationException", 400, "Please specify either number of bytes or key spec.");
  }
  if (spec !== undefined) {
    if (spec !== "AES_256" && spec !== "AES_128") {
      throw validation(
        `Value '${String(spec)}' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]`,
      );
    }
    return spec === "AES_256" ? 32 : 16;
  }
  if (typeof bytes !== "number" || !Number.isInteger(bytes) || bytes < 1 || bytes > 1024) {
    throw validation(
      `Value '${String(bytes)}' at 'numberOfBytes' failed to satisfy constraint: Member must have value between 1 and 1024`,
    );
  }
  return bytes;
}

function dryRun(body: Body): void {
  if (body.DryRun === true) {
    throw new EmulatorError(
      "DryRunOperationException",
      412,
      "The request would have succeeded, but the DryRun option is set.",
    );
  }
}
