export const id = 892;
export const ids = [892];
export const modules = {

/***/ 892:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readBucketRegion: () => (/* binding */ readBucketRegion)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8299);
/* harmony import */ var _aws_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6099);


/**
 * The bucket's region, as S3 itself says: HeadBucket answers with `x-amz-bucket-region` (in
 * `BucketRegion`), from any region of the partition, also with a 301 or a 403. Undefined when the
 * store does not say, as S3-compatible stores often do not; failures are left to the calls that
 * follow, which name them with hints.
 */
async function readBucketRegion(client, bucket, expectedBucketOwner) {
    try {
        const answer = await client.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_1__/* .HeadBucketCommand */ .kuI({
            Bucket: bucket,
            ...(expectedBucketOwner === undefined ? {} : { ExpectedBucketOwner: expectedBucketOwner }),
        }));
        return answer.BucketRegion || undefined;
    }
    catch (error) {
        return (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .bucketRegionOf */ .A6)(error);
    }
}
//# sourceMappingURL=read-bucket-region.js.map

/***/ })

};
