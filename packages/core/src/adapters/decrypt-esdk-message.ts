/**
 * Decrypts one whole AWS Encryption SDK message held in memory, with the SDK's own parts and
 * checks but without its streams. `@aws-crypto/decrypt-node` always decrypts through a pipeline
 * of three transform streams that hop the event loop several times a frame; for a DAS record (a
 * few kilobytes, one or two frames) that plumbing cost more CPU than the signature check, and
 * its code took thousands of records to reach V8's optimised tier, once per decrypt worker.
 *
 * What is the SDK's here, unchanged: parsing the header and frames (`@aws-crypto/serialize`), the
 * commitment and signature policies, the materials manager and keyring, the key derivation,
 * ciphers and signature verifier (`getDecryptionHelper`). What this file does is the order,
 * which is the SDK's (decrypt-node 5.0.2's `ParseHeaderStream`, `VerifyStream` and
 * `DecipherStream`), and the message format's rules (AWS Encryption SDK developer guide,
 * "Message format reference"):
 * - the header's auth tag is checked before any frame is opened;
 * - frames are numbered from 1 without a gap, and the message ends with the final frame (or
 *   the one non-framed body);
 * - each frame's AAD names the message, the frame's kind, its number and its length;
 * - a signed suite's footer is one signature over the header, its auth and the whole body,
 *   nothing after it; an unsigned message ends with its body.
 *
 * Nothing is returned unless every check passed; any failure throws.
 */
import {
  type CommitmentPolicy,
  CommitmentPolicySuites,
  getDecryptionHelper,
  NodeAlgorithmSuite,
  type NodeMaterialsManager,
  needs,
  SignaturePolicy,
  SignaturePolicySuites,
} from "@aws-crypto/material-management-node";
import {
  aadFactory,
  decodeBodyHeader,
  deserializeFactory,
  deserializeSignature,
  serializeMessageHeaderAuth,
} from "@aws-crypto/serialize";

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const deserialize = deserializeFactory((bytes) => asBuffer(bytes).toString("utf8"), NodeAlgorithmSuite);
const aad = aadFactory((text) => Buffer.from(text, "utf8"));

/** The policies `buildDecrypt(commitmentPolicy).decrypt` applies: signed and unsigned suites alike. */
const SIGNATURE_POLICY = SignaturePolicy.ALLOW_ENCRYPT_ALLOW_DECRYPT;

/** The plaintext of `message`, opened with the data key `materials` finds for it. */
export async function decryptEsdkMessage(
  materials: NodeMaterialsManager,
  commitmentPolicy: CommitmentPolicy,
  message: Buffer,
): Promise<Buffer> {
  const headerInfo = deserialize.deserializeMessageHeader(message, { maxEncryptedDataKeys: false });
  if (headerInfo === false) throw new Error("Incomplete Header");
  const { messageHeader, algorithmSuite, rawHeader, headerAuth } = headerInfo;
  const { messageId, contentType, encryptionContext, encryptedDataKeys } = messageHeader;
  const messageIdHex = asBuffer(messageId).toString("hex");
  CommitmentPolicySuites.isDecryptEnabled(commitmentPolicy, algorithmSuite, messageIdHex);
  SignaturePolicySuites.isDecryptEnabled(SIGNATURE_POLICY, algorithmSuite, messageIdHex);
  const material = await materials.decryptMaterials({
    suite: new NodeAlgorithmSuite(algorithmSuite.id),
    encryptionContext,
    encryptedDataKeys,
  });
  CommitmentPolicySuites.isDecryptEnabled(commitmentPolicy, material.suite, messageIdHex);
  SignaturePolicySuites.isDecryptEnabled(SIGNATURE_POLICY, material.suite, messageIdHex);

  const { getDecipherInfo, getVerify, dispose } = getDecryptionHelper(material);
  try {
    // Message format 2 (committing suites) carries the commitment key; format 1 (DAS's) none.
    const commitKey = "suiteData" in messageHeader ? messageHeader.suiteData : undefined;
    const getDecipher = getDecipherInfo(messageId, commitKey);
    const { headerIv, headerAuthTag, headerAuthLength } = headerAuth;
    const headerCheck = getDecipher(headerIv);
    headerCheck.setAAD(asBuffer(rawHeader));
    headerCheck.setAuthTag(asBuffer(headerAuthTag));
    headerCheck.update(Buffer.alloc(0));
    headerCheck.final(); // throws when the header was altered

    const verify = getVerify?.();
    verify?.update(asBuffer(rawHeader));
    verify?.update(asBuffer(serializeMessageHeaderAuth({ headerIv, headerAuthTag, messageHeader })));
    const bodyStart = rawHeader.byteLength + headerAuthLength;
    const plaintext: Buffer[] = [];
    let at = bodyStart;
    for (let sequenceNumber = 1; ; sequenceNumber++) {
      const frame = decodeBodyHeader(message, headerInfo, at);
      if (frame === false) throw new Error("Incomplete message");
      needs(frame.sequenceNumber === sequenceNumber, "Encrypted body sequence out of order.");
      const contentEnd = frame.readPos + frame.contentLength;
      const frameEnd = contentEnd + frame.tagLength / 8;
      if (frameEnd > message.byteLength) throw new Error("Incomplete message");
      const contentString = aad.messageAADContentString({ contentType, isFinalFrame: frame.isFinalFrame });
      const decipher = getDecipher(frame.iv);
      decipher.setAAD(
        asBuffer(aad.messageAAD(messageId, contentString, sequenceNumber, frame.contentLength)),
      );
      decipher.setAuthTag(message.subarray(contentEnd, frameEnd));
      plaintext.push(decipher.update(message.subarray(frame.readPos, contentEnd)), decipher.final());
      at = frameEnd;
      if (frame.isFinalFrame) break;
    }
    if (verify === undefined) {
      needs(at === message.byteLength, "Data after the final frame of an unsigned message.");
    } else {
      verify.update(message.subarray(bodyStart, at));
      // deserializeSignature also refuses anything after the signature.
      needs(
        verify.awsCryptoVerify(asBuffer(deserializeSignature(message.subarray(at)))),
        "Invalid Signature",
      );
    }
    return Buffer.concat(plaintext);
  } finally {
    dispose();
  }
}
