/**
 * decryptEsdkMessage against the Encryption SDK's own decrypt, on messages the SDK's own encrypt
 * made: the same plaintext, and a refusal wherever the SDK refuses (each byte altered, the
 * message cut short or lengthened, a frame left out), for the signed suite DAS uses and for an
 * unsigned one. One difference is deliberate: bytes after an unsigned message's body, which the
 * SDK ignores, are refused.
 */
import { randomBytes } from "node:crypto";
import { buildDecrypt } from "@aws-crypto/decrypt-node";
import { buildEncrypt } from "@aws-crypto/encrypt-node";
import {
  AlgorithmSuiteIdentifier,
  CommitmentPolicy,
  NodeAlgorithmSuite,
  NodeDefaultCryptographicMaterialsManager,
} from "@aws-crypto/material-management-node";
import { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from "@aws-crypto/raw-aes-keyring-node";
import { deserializeFactory } from "@aws-crypto/serialize";
import { describe, expect, it } from "vitest";
import { decryptEsdkMessage } from "./decrypt-esdk-message.js";

const POLICY = CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT;
const { encrypt } = buildEncrypt(POLICY);
const sdk = buildDecrypt(POLICY);
const wrappingKey = randomBytes(32);
const keyring = () =>
  new RawAesKeyringNode({
    keyNamespace: "BC",
    keyName: "DataKey",
    unencryptedMasterKey: new Uint8Array(wrappingKey),
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });
const { deserializeMessageHeader } = deserializeFactory(
  (bytes) => Buffer.from(bytes).toString("utf8"),
  NodeAlgorithmSuite,
);
const ours = (message: Buffer) =>
  decryptEsdkMessage(new NodeDefaultCryptographicMaterialsManager(keyring()), POLICY, message);
const theirs = async (message: Buffer) => (await sdk.decrypt(keyring(), message)).plaintext;

const SIGNED = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384;
const UNSIGNED = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA256;
/** Multibyte text over several frames of 64 bytes, the last one short. */
const PLAINTEXT = Buffer.from(
  "SELECT 'žluťoučký kůň' AS 名前 FROM orders WHERE id = 42;\n".repeat(6),
  "utf8",
);

async function seal(suiteId: AlgorithmSuiteIdentifier, frameLength: number): Promise<Buffer> {
  const { result } = await encrypt(keyring(), PLAINTEXT, {
    suiteId,
    frameLength,
    encryptionContext: { "aws:rds:dbc-id": "cluster-TEST" },
  });
  return result;
}

/** Whether `open` refuses the message (any error). */
const refuses = (open: (message: Buffer) => Promise<Buffer>, message: Buffer) =>
  open(message).then(
    () => false,
    () => true,
  );

describe.each([
  ["signed (DAS's suite 0x0378)", SIGNED],
  ["unsigned", UNSIGNED],
])("decryptEsdkMessage, %s", (_label, suiteId) => {
  it("opens one frame and many frames to the SDK's plaintext", async () => {
    for (const frameLength of [4096, 64]) {
      const message = await seal(suiteId, frameLength);
      const plaintext = await ours(message);
      expect(plaintext.equals(PLAINTEXT)).toBe(true);
      expect(plaintext.equals(await theirs(message))).toBe(true);
    }
  });

  it("refuses the message with any one byte altered, as the SDK does", async () => {
    const message = await seal(suiteId, 64);
    const refusedByUs: number[] = [];
    const refusedBySdk: number[] = [];
    for (let at = 0; at < message.length; at += 3) {
      const altered = Buffer.from(message);
      altered[at] = (altered[at] ?? 0) ^ 0x10;
      if (await refuses(ours, altered)) refusedByUs.push(at);
      if (await refuses(theirs, altered)) refusedBySdk.push(at);
    }
    expect(refusedByUs).toEqual(refusedBySdk);
    // Every byte is under the header's auth tag, a frame's tag or the signature.
    expect(refusedByUs.length).toBe(Math.ceil(message.length / 3));
  });

  it("refuses the message cut short anywhere, or with a byte after its end", async () => {
    const message = await seal(suiteId, 64);
    for (let length = 0; length < message.length; length += 7)
      expect(await refuses(ours, message.subarray(0, length))).toBe(true);
    expect(await refuses(ours, message.subarray(0, message.length - 1))).toBe(true);
    const lengthened = Buffer.concat([message, Buffer.from([0])]);
    expect(await refuses(ours, lengthened)).toBe(true);
    // The SDK ignores bytes after an unsigned message's body; nothing should follow it.
    expect(await refuses(theirs, lengthened)).toBe(suiteId === SIGNED);
  });

  it("refuses the message with a frame left out", async () => {
    const message = await seal(suiteId, 64);
    // After the header and its auth, frame 1: a big-endian sequence number 1, a 12-byte IV, 64
    // bytes of content and a 16-byte tag. Frame 2 follows, numbered 2.
    const header = deserializeMessageHeader(message);
    if (header === false) throw new Error("the SDK could not read the header it wrote");
    const first = header.rawHeader.byteLength + header.headerAuth.headerAuthLength;
    const frame = 4 + 12 + 64 + 16;
    expect([message.readUInt32BE(first), message.readUInt32BE(first + frame)]).toEqual([1, 2]);
    const gapped = Buffer.concat([message.subarray(0, first), message.subarray(first + frame)]);
    await expect(ours(gapped)).rejects.toThrow(/sequence out of order/);
  });
});
