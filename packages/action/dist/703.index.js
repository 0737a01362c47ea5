export const id = 703;
export const ids = [703];
export const modules = {

/***/ 1703:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createS3Client: () => (/* binding */ createS3Client)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8299);
/* harmony import */ var _network_timeouts_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1925);


/**
 * An S3 client with adaptive retries. A custom endpoint (given, or `AWS_ENDPOINT_URL_S3` /
 * `AWS_ENDPOINT_URL` for the SDK to resolve) gets path-style addressing and checksums only when
 * required, since third-party stores reject the SDK's default checksum headers (docs/aws-wire-facts.md,
 * "SDK default checksums and S3-compatible stores"),
 * unless `checksums` or the SDK's own `AWS_*_CHECKSUM_*` variables say otherwise.
 */
function createS3Client(options) {
    const env = process.env;
    const custom = options.endpoint !== undefined || Boolean(env.AWS_ENDPOINT_URL_S3) || Boolean(env.AWS_ENDPOINT_URL);
    const request = options.checksums ?? (custom && !env.AWS_REQUEST_CHECKSUM_CALCULATION ? "WHEN_REQUIRED" : undefined);
    const response = options.checksums ?? (custom && !env.AWS_RESPONSE_CHECKSUM_VALIDATION ? "WHEN_REQUIRED" : undefined);
    const forcePathStyle = options.forcePathStyle ?? (custom ? true : undefined);
    return new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_1__/* .S3Client */ .YxF({
        region: options.region,
        retryMode: "adaptive",
        maxAttempts: options.maxAttempts ?? 8,
        requestHandler: (0,_network_timeouts_js__WEBPACK_IMPORTED_MODULE_0__/* .createTimedRequestHandler */ .z)(options.timeouts),
        ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
        ...(forcePathStyle === undefined ? {} : { forcePathStyle }),
        ...(request === undefined ? {} : { requestChecksumCalculation: request }),
        ...(response === undefined ? {} : { responseChecksumValidation: response }),
        ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    });
}
//# sourceMappingURL=create-s3-client.js.map

/***/ })

};
