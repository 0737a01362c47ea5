/**
 * The Encryption SDK's default materials manager for decryption, with one part done natively: the
 * message's signing key. A signed message (DAS's suite 0x0378: ECDSA P-384) carries its public key
 * compressed (the x coordinate and the sign of y), base64 in the encryption context under
 * `aws-crypto-public-key`. The SDK's own manager (5.x) decompresses it with bn.js in JavaScript
 * and wraps it in a PEM it builds with asn1.js: about 2.5 ms a record on one core, more than half
 * of opening a DAS message and more than the signature check itself. Here OpenSSL decompresses
 * it while loading the key (X.509 SubjectPublicKeyInfo accepts a compressed point): about 0.3 ms.
 *
 * Nothing else changes: the keyring unwraps the data key as before, and the SDK's own verify step
 * checks the signature with this key (a wrong key or signature fails the message, as before).
 * `VerificationKey` takes a key object as well as raw bytes, and Node's `Verify.verify` takes a
 * `KeyObject`. Suites without a signature, and a context without the key, go to the SDK's manager,
 * which refuses what it refuses.
 */
import { createPublicKey } from "node:crypto";
import { type AwsEsdkJsCryptoKey, VerificationKey } from "@aws-crypto/material-management";
import {
  type EncryptionContext,
  type NodeAlgorithmSuite,
  NodeDecryptionMaterial,
  NodeDefaultCryptographicMaterialsManager,
} from "@aws-crypto/material-management-node";

/** The encryption-context entry of a signed message's public key (`ENCODED_SIGNER_KEY` in the SDK). */
const SIGNER_KEY = "aws-crypto-public-key";

/**
 * DER of a SubjectPublicKeyInfo for a compressed P-384 point, up to the point's 49 bytes:
 * SEQUENCE(70) { SEQUENCE(16) { OID id-ecPublicKey 1.2.840.10045.2.1, OID secp384r1 1.3.132.0.34 },
 * BIT STRING(50) { 0 unused bits, … } } (RFC 5480).
 */
const P384_COMPRESSED_SPKI = Buffer.from("3046301006072a8648ce3d020106052b81040022033200", "hex");
const P384_COMPRESSED_BYTES = 49;

/** A materials manager for `decrypt` that loads a P-384 signing key natively; see the file's comment. */
export class DasMaterialsManager extends NodeDefaultCryptographicMaterialsManager {
  override _initializeDecryptionMaterial(
    suite: NodeAlgorithmSuite,
    encryptionContext: EncryptionContext,
  ): NodeDecryptionMaterial {
    const compressed = Buffer.from(encryptionContext[SIGNER_KEY] ?? "", "base64");
    if (suite.signatureCurve !== "secp384r1" || compressed.length !== P384_COMPRESSED_BYTES)
      return super._initializeDecryptionMaterial(suite, encryptionContext);
    const publicKey = createPublicKey({
      key: Buffer.concat([P384_COMPRESSED_SPKI, compressed]),
      format: "der",
      type: "spki",
    });
    // A KeyObject where the SDK's type names WebCrypto's CryptoKey: Node's Verify takes either.
    const key = new VerificationKey(publicKey as unknown as AwsEsdkJsCryptoKey, suite);
    return new NodeDecryptionMaterial(suite, encryptionContext).setVerificationKey(key);
  }
}
