/**
 * Opens one Database Activity Streams message, as RDS seals it: an AWS Encryption SDK message
 * (suite 0x0378 ALG_AES256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384: signed, not key-committing)
 * whose one encrypted data key is wrapped by the record's plaintext data key in a raw AES keyring
 * with namespace `BC` and key name `DataKey` (AWS's samples: Java `JceMasterKey(…, "BC",
 * "DataKey", "AES/GCM/NoPadding")`), holding the gzip of the payload JSON.
 *
 * The commitment policy must allow decrypting non-committing messages: the SDK's default
 * (REQUIRE_ENCRYPT_REQUIRE_DECRYPT) refuses every DAS message. FORBID_ENCRYPT_ALLOW_DECRYPT is the
 * narrowest policy that reads them; this code never encrypts. The message's signing key is loaded
 * by {@link DasMaterialsManager} (natively, not in JavaScript as the SDK's own manager does), and
 * the message is decrypted whole by {@link decryptEsdkMessage} (the SDK's parts, without its
 * streams). The payload is gunzipped as one piece: the gzip stream spans the message's frames.
 */
import { gunzipSync } from "node:zlib";
import { CommitmentPolicy } from "@aws-crypto/material-management-node";
import { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from "@aws-crypto/raw-aes-keyring-node";
import { ArchiverError, isArchiverError } from "../errors.js";
import {
  type ActivityPayload,
  parseActivityPayload,
} from "../sources/activity-stream/parse-activity-payload.js";
import { DasMaterialsManager } from "./das-materials-manager.js";
import { decryptEsdkMessage } from "./decrypt-esdk-message.js";

/** Decrypts, gunzips and splits one message (`databaseActivityEvents`, base64). */
export async function openDasMessage(message: string, dataKey: Uint8Array): Promise<ActivityPayload> {
  let plaintext: Buffer;
  try {
    const keyring = new RawAesKeyringNode({
      keyNamespace: "BC",
      keyName: "DataKey",
      // The keyring may zero the key it is given once done; it gets its own copy.
      unencryptedMasterKey: new Uint8Array(dataKey),
      wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
    });
    plaintext = await decryptEsdkMessage(
      new DasMaterialsManager(keyring),
      CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT,
      Buffer.from(message, "base64"),
    );
  } catch (error) {
    throw new ArchiverError(
      "RECORD_DECRYPT_FAILED",
      `an activity record could not be decrypted: ${(error as Error).message}`,
      {
        cause: error,
        // The ESDK says "unencryptedDataKey has not been set" for a wrong keyring and for a data
        // key that belongs to another record alike.
        hint: "the record's data key did not open its message: the record may be damaged, or not from this stream",
      },
    );
  }
  try {
    return parseActivityPayload(gunzipSync(plaintext).toString("utf8"));
  } catch (error) {
    if (isArchiverError(error)) throw error;
    throw new ArchiverError(
      "PAYLOAD_INVALID",
      `a decrypted activity record is not gzip: ${(error as Error).message}`,
      {
        cause: error,
        hint: "the record decrypted but its content is not what RDS writes; report it with the stream's engine and version",
      },
    );
  }
}
