/**
 * The Encryption SDK's default materials manager for decryption, with one part done natively: the
 * message's signing key. A signed message (DAS's suite 0x0378: ECDSA P-384) carries its public key
 * compressed (the x coordinate and the sign of y), base64 in the encryption context under
 * `aws-crypto-public-key`. The SDK's own manager (5.x) decompresses it with bn.js in JavaScript
 * and wraps it in a PEM it builds with asn1.js: about 2.5 ms a record on one core, more than the
 * signature check itself.
 *
 * Here OpenSSL reads the compressed point directly, through WebCrypto's `raw` import (Node's
 * `EC_POINT_oct2point`, which takes a compressed point and refuses one off the curve): about
 * 0.15 ms. Not through `createPublicKey` with a DER SubjectPublicKeyInfo, which costs about as
 * much on one thread but goes through OpenSSL 3.0's decoder (Node 20's OpenSSL): its locks made
 * two decrypt workers loading keys at once barely faster than one (8,000 keys: 1.55 s on two
 * threads against 0.83 s for half as many on one). The raw import on two threads: 1.06 s against
 * 0.92 s.
 *
 * Nothing else changes: the keyring unwraps the data key as before, and the SDK's own verify step
 * checks the signature with this key (a wrong key or signature fails the message, as before).
 * `VerificationKey` takes a key object as well as raw bytes, and Node's `Verify.verify` takes a
 * `KeyObject`. Suites without a signature, and a context without the key, go to the SDK's manager,
 * which refuses what it refuses.
 */
import { KeyObject, webcrypto } from "node:crypto";
import { type AwsEsdkJsCryptoKey, needs, VerificationKey } from "@aws-crypto/material-management";
import {
  NodeDecryptionMaterial,
  type NodeDecryptionRequest,
  NodeDefaultCryptographicMaterialsManager,
} from "@aws-crypto/material-management-node";

/** The encryption-context entry of a signed message's public key (`ENCODED_SIGNER_KEY` in the SDK). */
const SIGNER_KEY = "aws-crypto-public-key";
/** A compressed P-384 point: a sign byte, then the 48-byte x coordinate. */
const P384_COMPRESSED_BYTES = 49;

/** A materials manager for `decrypt` that loads a P-384 signing key natively; see the file's comment. */
export class DasMaterialsManager extends NodeDefaultCryptographicMaterialsManager {
  override async decryptMaterials(request: NodeDecryptionRequest): Promise<NodeDecryptionMaterial> {
    const { suite, encryptionContext, encryptedDataKeys } = request;
    const compressed = Buffer.from(encryptionContext[SIGNER_KEY] ?? "", "base64");
    if (suite.signatureCurve !== "secp384r1" || compressed.length !== P384_COMPRESSED_BYTES)
      return super.decryptMaterials(request);
    // Extractable: it is a public key, and Node 24 deprecates KeyObject.from() of a key that is
    // not (DEP0204, a warning on stderr).
    const cryptoKey = await webcrypto.subtle.importKey(
      "raw",
      compressed,
      { name: "ECDSA", namedCurve: "P-384" },
      true,
      ["verify"],
    );
    // A KeyObject where the SDK's type names WebCrypto's CryptoKey: Node's Verify takes either.
    const key = new VerificationKey(KeyObject.from(cryptoKey) as unknown as AwsEsdkJsCryptoKey, suite);
    const material = await this.keyring.onDecrypt(
      new NodeDecryptionMaterial(suite, encryptionContext).setVerificationKey(key),
      encryptedDataKeys.slice(),
    );
    // The SDK's manager's postcondition: the keyring found the message's data key.
    needs(material.getUnencryptedDataKey(), "Unencrypted data key is invalid.");
    return material;
  }
}
