export const id = 430;
export const ids = [430];
export const modules = {

/***/ 5430:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createKmsPort: () => (/* binding */ createKmsPort)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_kms__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(676);
/* harmony import */ var _assume_role_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3759);
/* harmony import */ var _aws_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6099);
/* harmony import */ var _network_timeouts_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1925);




/**
 * The {@link KmsPort} on the AWS SDK: KMS Decrypt of a DAS record's data key, with adaptive
 * retries (ThrottlingException shares the account's symmetric-request quota with every other KMS
 * user) and the SDK's endpoint chain (`AWS_ENDPOINT_URL_KMS`). The plaintext key is handed to the
 * caller only, never logged or stored.
 */
function createKmsPort(target) {
    const credentials = (0,_assume_role_js__WEBPACK_IMPORTED_MODULE_0__/* .assumeRoleCredentials */ .n6)(target.roleArn, target.region, target.session, target.timeouts);
    const kms = new _aws_sdk_client_kms__WEBPACK_IMPORTED_MODULE_3__/* .KMSClient */ .pgq({
        region: target.region,
        retryMode: "adaptive",
        maxAttempts: 8,
        requestHandler: (0,_network_timeouts_js__WEBPACK_IMPORTED_MODULE_2__/* .createTimedRequestHandler */ .z)(target.timeouts),
        ...(credentials === undefined ? {} : { credentials }),
    });
    return {
        async decryptDataKey({ ciphertext, encryptionContext, keyId }) {
            try {
                const { Plaintext } = await kms.send(new _aws_sdk_client_kms__WEBPACK_IMPORTED_MODULE_3__/* .DecryptCommand */ .vIm({
                    CiphertextBlob: ciphertext,
                    EncryptionContext: { ...encryptionContext },
                    KeyId: keyId,
                }));
                return new Uint8Array(Plaintext ?? []);
            }
            catch (error) {
                const context = Object.entries(encryptionContext)
                    .map(([k, v]) => `${k}=${v}`)
                    .join(", ");
                throw (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .toArchiverError */ .yB)(error, {
                    operation: "Decrypt",
                    iamAction: `kms:Decrypt (with the encryption context ${context})`,
                    resource: `key ${keyId} in ${target.region}`,
                    failureCode: "KMS_DECRYPT_FAILED",
                });
            }
        },
    };
}
//# sourceMappingURL=create-kms-port.js.map

/***/ })

};
