import { DecryptCommand, KMSClient } from "@aws-sdk/client-kms";
import type { KmsPort, StreamPortTarget } from "../sources/activity-stream/activity-ports.js";
import { assumeRoleCredentials } from "./assume-role.js";
import { toArchiverError } from "./aws-errors.js";
import { createTimedRequestHandler } from "./network-timeouts.js";

/**
 * The {@link KmsPort} on the AWS SDK: KMS Decrypt of a DAS record's data key, with adaptive
 * retries (ThrottlingException shares the account's symmetric-request quota with every other KMS
 * user) and the SDK's endpoint chain (`AWS_ENDPOINT_URL_KMS`). The plaintext key is handed to the
 * caller only, never logged or stored.
 */
export function createKmsPort(target: StreamPortTarget): KmsPort {
  const credentials = assumeRoleCredentials(target.roleArn, target.region, target.session, target.timeouts);
  const kms = new KMSClient({
    region: target.region,
    retryMode: "adaptive",
    maxAttempts: 8,
    requestHandler: createTimedRequestHandler(target.timeouts),
    ...(credentials === undefined ? {} : { credentials }),
  });
  return {
    async decryptDataKey({ ciphertext, encryptionContext, keyId }) {
      try {
        const { Plaintext } = await kms.send(
          new DecryptCommand({
            CiphertextBlob: ciphertext,
            EncryptionContext: { ...encryptionContext },
            KeyId: keyId,
          }),
        );
        return new Uint8Array(Plaintext ?? []);
      } catch (error) {
        const context = Object.entries(encryptionContext)
          .map(([k, v]) => `${k}=${v}`)
          .join(", ");
        throw toArchiverError(error, {
          operation: "Decrypt",
          iamAction: `kms:Decrypt (with the encryption context ${context})`,
          resource: `key ${keyId} in ${target.region}`,
          failureCode: "KMS_DECRYPT_FAILED",
        });
      }
    },
  };
}
