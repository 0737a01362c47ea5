export const id = 795;
export const ids = [795];
export const modules = {

/***/ 3795:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createKinesisPort: () => (/* binding */ createKinesisPort)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_kinesis__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7541);
/* harmony import */ var _assume_role_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3759);
/* harmony import */ var _aws_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6099);
/* harmony import */ var _network_timeouts_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1925);




/**
 * The {@link KinesisPort} on the AWS SDK, for polling a DAS stream from a scheduled job:
 * adaptive retries (they back off on ProvisionedThroughputExceededException, which another
 * consumer of the same shard causes too), the SDK's endpoint chain (`AWS_ENDPOINT_URL_KINESIS`),
 * and streams addressed by name.
 *
 * The client speaks HTTP/1.1: `@aws-sdk/client-kinesis` defaults to an HTTP/2 handler, which only
 * SubscribeToShard's event stream needs. Polling with GetRecords works over HTTP/1.1 on real
 * Kinesis (boto3 speaks nothing else), the local stand-ins answer HTTP/2 with a protocol error,
 * and the run's timed handler (`createTimedRequestHandler`, a `NodeHttpHandler`: HTTP/1.1) bounds
 * every call with the config's `timeouts` as it does the RDS, STS and S3 clients'. A stalled call
 * is then a timeout the SDK retries, not a run that waits for ever.
 */
function createKinesisPort(target) {
    const credentials = (0,_assume_role_js__WEBPACK_IMPORTED_MODULE_0__/* .assumeRoleCredentials */ .n6)(target.roleArn, target.region, target.session, target.timeouts);
    const kinesis = new _aws_sdk_client_kinesis__WEBPACK_IMPORTED_MODULE_3__/* .KinesisClient */ .qXI({
        region: target.region,
        retryMode: "adaptive",
        maxAttempts: 8,
        requestHandler: (0,_network_timeouts_js__WEBPACK_IMPORTED_MODULE_2__/* .createTimedRequestHandler */ .z)(target.timeouts),
        ...(credentials === undefined ? {} : { credentials }),
    });
    const call = async (operation, resource, send) => {
        try {
            return await send();
        }
        catch (error) {
            throw (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .toArchiverError */ .yB)(error, {
                operation,
                iamAction: `kinesis:${operation}`,
                resource,
                failureCode: "STREAM_READ_FAILED",
            });
        }
    };
    const where = (stream) => `stream ${stream} in ${target.region}`;
    return {
        async describeStream(streamName) {
            const { StreamDescriptionSummary: s } = await call("DescribeStreamSummary", where(streamName), () => kinesis.send(new _aws_sdk_client_kinesis__WEBPACK_IMPORTED_MODULE_3__/* .DescribeStreamSummaryCommand */ .BiP({ StreamName: streamName })));
            return {
                arn: s?.StreamARN ?? "",
                status: s?.StreamStatus ?? "UNKNOWN",
                retentionHours: s?.RetentionPeriodHours ?? 24,
                createdAt: s?.StreamCreationTimestamp?.getTime() ?? 0,
            };
        },
        async listShards(streamName) {
            const shards = [];
            let token;
            do {
                // A paged call names the stream only on its first page: Kinesis refuses both together.
                const input = token === undefined ? { StreamName: streamName } : { NextToken: token };
                const page = await call("ListShards", where(streamName), () => kinesis.send(new _aws_sdk_client_kinesis__WEBPACK_IMPORTED_MODULE_3__/* .ListShardsCommand */ .fVF(input)));
                shards.push(...(page.Shards ?? []).flatMap(toStreamShard));
                token = page.NextToken;
            } while (token !== undefined);
            return shards;
        },
        async getShardIterator(streamName, shardId, position) {
            const { ShardIterator } = await call("GetShardIterator", `${shardId} of ${where(streamName)}`, () => kinesis.send(new _aws_sdk_client_kinesis__WEBPACK_IMPORTED_MODULE_3__/* .GetShardIteratorCommand */ .uwm({
                StreamName: streamName,
                ShardId: shardId,
                ShardIteratorType: position.type,
                ...(position.type === "AFTER_SEQUENCE_NUMBER"
                    ? { StartingSequenceNumber: position.sequenceNumber }
                    : {}),
            })));
            return ShardIterator ?? "";
        },
        async getRecords(iterator, limit) {
            const page = await call("GetRecords", `a shard in ${target.region}`, () => kinesis.send(new _aws_sdk_client_kinesis__WEBPACK_IMPORTED_MODULE_3__/* .GetRecordsCommand */ .S4V({ ShardIterator: iterator, Limit: limit })));
            return {
                records: (page.Records ?? []).map((r) => ({
                    sequenceNumber: r.SequenceNumber ?? "",
                    arrival: r.ApproximateArrivalTimestamp?.getTime() ?? 0,
                    data: r.Data ?? new Uint8Array(),
                })),
                nextIterator: page.NextShardIterator ?? undefined,
                millisBehindLatest: page.MillisBehindLatest ?? 0,
            };
        },
    };
}
function toStreamShard(shard) {
    if (shard.ShardId === undefined)
        return [];
    const range = shard.SequenceNumberRange;
    return [
        {
            shardId: shard.ShardId,
            parentShardIds: [shard.ParentShardId, shard.AdjacentParentShardId].filter((id) => id !== undefined),
            startingSequenceNumber: range?.StartingSequenceNumber ?? "0",
            ...(range?.EndingSequenceNumber === undefined
                ? {}
                : { endingSequenceNumber: range.EndingSequenceNumber }),
        },
    ];
}
//# sourceMappingURL=create-kinesis-port.js.map

/***/ })

};
