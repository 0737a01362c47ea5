export const id = 690;
export const ids = [690];
export const modules = {

/***/ 746:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {

const { PutObjectCommand, ChecksumAlgorithm, CreateMultipartUploadCommand, AbortMultipartUploadCommand, UploadPartCommand, CompleteMultipartUploadCommand, PutObjectTaggingCommand } = __webpack_require__(8299);
const { toEndpointV1, getEndpointFromInstructions } = __webpack_require__(4561);
const { extendedEncodeURIComponent } = __webpack_require__(9922);
const { EventEmitter } = __webpack_require__(4434);
const { Buffer } = __webpack_require__(181);
const { statSync, ReadStream } = __webpack_require__(3024);
const { Readable } = __webpack_require__(2203);

const runtimeConfigShared = {
    statSync: () => { },
    isFileReadStream(f) {
        return false;
    },
};

const runtimeConfig = {
    ...runtimeConfigShared,
    runtime: "node",
    statSync,
    isFileReadStream(f) {
        return f instanceof ReadStream;
    },
};

const byteLength = (input) => {
    if (input == null) {
        return 0;
    }
    if (typeof input === "string") {
        return Buffer.byteLength(input);
    }
    if (typeof input.byteLength === "number") {
        return input.byteLength;
    }
    else if (typeof input.length === "number") {
        return input.length;
    }
    else if (typeof input.size === "number") {
        return input.size;
    }
    else if (typeof input.start === "number" && typeof input.end === "number") {
        return input.end + 1 - input.start;
    }
    else if (runtimeConfig.isFileReadStream(input)) {
        try {
            return runtimeConfig.statSync(input.path).size;
        }
        catch (error) {
            return undefined;
        }
    }
    return undefined;
};

var BYTE_LENGTH_SOURCE;
(function (BYTE_LENGTH_SOURCE) {
    BYTE_LENGTH_SOURCE["EMPTY_INPUT"] = "a null or undefined Body";
    BYTE_LENGTH_SOURCE["CONTENT_LENGTH"] = "the ContentLength property of the params set by the caller";
    BYTE_LENGTH_SOURCE["STRING_LENGTH"] = "the encoded byte length of the Body string";
    BYTE_LENGTH_SOURCE["TYPED_ARRAY"] = "the byteLength of a typed byte array such as Uint8Array";
    BYTE_LENGTH_SOURCE["LENGTH"] = "the value of Body.length";
    BYTE_LENGTH_SOURCE["SIZE"] = "the value of Body.size";
    BYTE_LENGTH_SOURCE["START_END_DIFF"] = "the numeric difference between Body.start and Body.end";
    BYTE_LENGTH_SOURCE["STAT"] = "the size of the file given by Body.path on disk as reported by statSync";
})(BYTE_LENGTH_SOURCE || (BYTE_LENGTH_SOURCE = {}));
const byteLengthSource = (input, override) => {
    if (override != null) {
        return BYTE_LENGTH_SOURCE.CONTENT_LENGTH;
    }
    if (input == null) {
        return BYTE_LENGTH_SOURCE.EMPTY_INPUT;
    }
    if (typeof input === "string") {
        return BYTE_LENGTH_SOURCE.STRING_LENGTH;
    }
    if (typeof input.byteLength === "number") {
        return BYTE_LENGTH_SOURCE.TYPED_ARRAY;
    }
    else if (typeof input.length === "number") {
        return BYTE_LENGTH_SOURCE.LENGTH;
    }
    else if (typeof input.size === "number") {
        return BYTE_LENGTH_SOURCE.SIZE;
    }
    else if (typeof input.start === "number" && typeof input.end === "number") {
        return BYTE_LENGTH_SOURCE.START_END_DIFF;
    }
    else if (runtimeConfig.isFileReadStream(input)) {
        try {
            runtimeConfig.statSync(input.path).size;
            return BYTE_LENGTH_SOURCE.STAT;
        }
        catch (error) {
            return undefined;
        }
    }
    return undefined;
};

async function* getChunkStream(data, partSize, getNextData) {
    let partNumber = 1;
    const currentBuffer = { chunks: [], length: 0 };
    for await (const datum of getNextData(data)) {
        currentBuffer.chunks.push(datum);
        currentBuffer.length += datum.byteLength;
        while (currentBuffer.length > partSize) {
            const dataChunk = currentBuffer.chunks.length > 1 ? Buffer.concat(currentBuffer.chunks) : currentBuffer.chunks[0];
            yield {
                partNumber,
                data: dataChunk.subarray(0, partSize),
            };
            currentBuffer.chunks = [dataChunk.subarray(partSize)];
            currentBuffer.length = currentBuffer.chunks[0].byteLength;
            partNumber += 1;
        }
    }
    yield {
        partNumber,
        data: currentBuffer.chunks.length !== 1 ? Buffer.concat(currentBuffer.chunks) : currentBuffer.chunks[0],
        lastPart: true,
    };
}

async function* getChunkUint8Array(data, partSize) {
    let partNumber = 1;
    let startByte = 0;
    let endByte = partSize;
    while (endByte < data.byteLength) {
        yield {
            partNumber,
            data: data.subarray(startByte, endByte),
        };
        partNumber += 1;
        startByte = endByte;
        endByte = startByte + partSize;
    }
    yield {
        partNumber,
        data: data.subarray(startByte),
        lastPart: true,
    };
}

async function* getDataReadable(data) {
    for await (const chunk of data) {
        if (Buffer.isBuffer(chunk) || chunk instanceof Uint8Array) {
            yield chunk;
        }
        else {
            yield Buffer.from(chunk);
        }
    }
}

async function* getDataReadableStream(data) {
    const reader = data.getReader();
    try {
        while (true) {
            const { done, value } = await reader.read();
            if (done) {
                return;
            }
            if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
                yield value;
            }
            else {
                yield Buffer.from(value);
            }
        }
    }
    catch (e) {
        throw e;
    }
    finally {
        reader.releaseLock();
    }
}

const getChunk = (data, partSize) => {
    if (data instanceof Uint8Array) {
        return getChunkUint8Array(data, partSize);
    }
    if (data instanceof Readable) {
        return getChunkStream(data, partSize, getDataReadable);
    }
    if (data instanceof String || typeof data === "string") {
        return getChunkUint8Array(Buffer.from(data), partSize);
    }
    if (typeof data.stream === "function") {
        return getChunkStream(data.stream(), partSize, getDataReadableStream);
    }
    if (data instanceof ReadableStream) {
        return getChunkStream(data, partSize, getDataReadableStream);
    }
    throw new Error("Body Data is unsupported format, expected data to be one of: string | Uint8Array | Buffer | Readable | ReadableStream | Blob;.");
};

class Upload extends EventEmitter {
    static MIN_PART_SIZE = 1024 * 1024 * 5;
    MAX_PARTS = 10_000;
    queueSize = 4;
    partSize;
    leavePartsOnError = false;
    tags = [];
    client;
    params;
    totalBytes;
    totalBytesSource;
    bytesUploadedSoFar;
    abortController;
    concurrentUploaders = [];
    createMultiPartPromise;
    abortMultipartUploadCommand = null;
    uploadedParts = [];
    uploadEnqueuedPartsCount = 0;
    expectedPartsCount;
    uploadId;
    uploadEvent;
    isMultiPart = true;
    singleUploadResult;
    sent = false;
    constructor(options) {
        super();
        this.queueSize = options.queueSize || this.queueSize;
        this.leavePartsOnError = options.leavePartsOnError || this.leavePartsOnError;
        this.tags = options.tags || this.tags;
        this.client = options.client;
        this.params = options.params;
        if (!this.params) {
            throw new Error(`InputError: Upload requires params to be passed to upload.`);
        }
        this.totalBytes = this.params.ContentLength ?? byteLength(this.params.Body);
        this.totalBytesSource = byteLengthSource(this.params.Body, this.params.ContentLength);
        this.bytesUploadedSoFar = 0;
        this.abortController = options.abortController ?? new AbortController();
        this.partSize =
            options.partSize || Math.max(Upload.MIN_PART_SIZE, Math.ceil((this.totalBytes || 0) / this.MAX_PARTS));
        if (this.totalBytes !== undefined) {
            this.expectedPartsCount = Math.ceil(this.totalBytes / this.partSize);
        }
        this.__validateInput();
    }
    async abort() {
        this.abortController.abort();
    }
    async done() {
        if (this.sent) {
            throw new Error("@aws-sdk/lib-storage: this instance of Upload has already executed .done(). Create a new instance.");
        }
        this.sent = true;
        return await Promise.race([this.__doMultipartUpload(), this.__abortTimeout(this.abortController.signal)]);
    }
    on(event, listener) {
        this.uploadEvent = event;
        return super.on(event, listener);
    }
    async __uploadUsingPut(dataPart) {
        this.isMultiPart = false;
        const params = { ...this.params, Body: dataPart.data };
        const clientConfig = this.client.config;
        const requestHandler = clientConfig.requestHandler;
        const eventEmitter = requestHandler instanceof EventEmitter ? requestHandler : null;
        const uploadEventListener = (event) => {
            this.bytesUploadedSoFar = event.loaded;
            this.totalBytes = event.total;
            this.__notifyProgress({
                loaded: this.bytesUploadedSoFar,
                total: this.totalBytes,
                part: dataPart.partNumber,
                Key: this.params.Key,
                Bucket: this.params.Bucket,
            });
        };
        if (eventEmitter !== null) {
            eventEmitter.on("xhr.upload.progress", uploadEventListener);
        }
        const resolved = await Promise.all([this.client.send(new PutObjectCommand(params)), clientConfig?.endpoint?.()]);
        const putResult = resolved[0];
        let endpoint = resolved[1];
        if (!endpoint) {
            endpoint = toEndpointV1(await getEndpointFromInstructions(params, PutObjectCommand, {
                ...clientConfig,
            }));
        }
        if (!endpoint) {
            throw new Error('Could not resolve endpoint from S3 "client.config.endpoint()" nor EndpointsV2.');
        }
        if (eventEmitter !== null) {
            eventEmitter.off("xhr.upload.progress", uploadEventListener);
        }
        const locationKey = this.params
            .Key.split("/")
            .map((segment) => extendedEncodeURIComponent(segment))
            .join("/");
        const locationBucket = extendedEncodeURIComponent(this.params.Bucket);
        const Location = (() => {
            const endpointHostnameIncludesBucket = endpoint.hostname.startsWith(`${locationBucket}.`);
            const forcePathStyle = this.client.config.forcePathStyle;
            const optionalPort = endpoint.port ? `:${endpoint.port}` : ``;
            if (forcePathStyle) {
                return `${endpoint.protocol}//${endpoint.hostname}${optionalPort}/${locationBucket}/${locationKey}`;
            }
            if (endpointHostnameIncludesBucket) {
                return `${endpoint.protocol}//${endpoint.hostname}${optionalPort}/${locationKey}`;
            }
            return `${endpoint.protocol}//${locationBucket}.${endpoint.hostname}${optionalPort}/${locationKey}`;
        })();
        this.singleUploadResult = {
            ...putResult,
            Bucket: this.params.Bucket,
            Key: this.params.Key,
            Location,
        };
        const totalSize = byteLength(dataPart.data);
        this.__notifyProgress({
            loaded: totalSize,
            total: totalSize,
            part: 1,
            Key: this.params.Key,
            Bucket: this.params.Bucket,
        });
    }
    async __createMultipartUpload() {
        const requestChecksumCalculation = await this.client.config.requestChecksumCalculation();
        if (!this.createMultiPartPromise) {
            const createCommandParams = { ...this.params, Body: undefined };
            if (requestChecksumCalculation === "WHEN_SUPPORTED") {
                createCommandParams.ChecksumAlgorithm = this.params.ChecksumAlgorithm || ChecksumAlgorithm.CRC32;
            }
            this.createMultiPartPromise = this.client
                .send(new CreateMultipartUploadCommand(createCommandParams))
                .then((createMpuResponse) => {
                this.abortMultipartUploadCommand = new AbortMultipartUploadCommand({
                    Bucket: this.params.Bucket,
                    Key: this.params.Key,
                    UploadId: createMpuResponse.UploadId,
                });
                return createMpuResponse;
            });
        }
        return this.createMultiPartPromise;
    }
    async __doConcurrentUpload(dataFeeder) {
        for await (const dataPart of dataFeeder) {
            if (this.uploadEnqueuedPartsCount > this.MAX_PARTS) {
                throw new Error(`Exceeded ${this.MAX_PARTS} parts in multipart upload to Bucket: ${this.params.Bucket} Key: ${this.params.Key}.`);
            }
            if (this.abortController.signal.aborted) {
                return;
            }
            if (dataPart.partNumber === 1 && dataPart.lastPart) {
                return await this.__uploadUsingPut(dataPart);
            }
            if (!this.uploadId) {
                const { UploadId } = await this.__createMultipartUpload();
                this.uploadId = UploadId;
                if (this.abortController.signal.aborted) {
                    return;
                }
            }
            const partSize = byteLength(dataPart.data) || 0;
            const requestHandler = this.client.config.requestHandler;
            const eventEmitter = requestHandler instanceof EventEmitter ? requestHandler : null;
            let lastSeenBytes = 0;
            const uploadEventListener = (event, request) => {
                const requestPartSize = Number(request.query["partNumber"]) || -1;
                if (requestPartSize !== dataPart.partNumber) {
                    return;
                }
                if (event.total && partSize) {
                    this.bytesUploadedSoFar += event.loaded - lastSeenBytes;
                    lastSeenBytes = event.loaded;
                }
                this.__notifyProgress({
                    loaded: this.bytesUploadedSoFar,
                    total: this.totalBytes,
                    part: dataPart.partNumber,
                    Key: this.params.Key,
                    Bucket: this.params.Bucket,
                });
            };
            if (eventEmitter !== null) {
                eventEmitter.on("xhr.upload.progress", uploadEventListener);
            }
            this.uploadEnqueuedPartsCount += 1;
            this.__validateUploadPart(dataPart);
            const partResult = await this.client.send(new UploadPartCommand({
                ...this.params,
                ContentLength: undefined,
                UploadId: this.uploadId,
                Body: dataPart.data,
                PartNumber: dataPart.partNumber,
            }));
            if (eventEmitter !== null) {
                eventEmitter.off("xhr.upload.progress", uploadEventListener);
            }
            if (this.abortController.signal.aborted) {
                return;
            }
            if (!partResult.ETag) {
                throw new Error(`Part ${dataPart.partNumber} is missing ETag in UploadPart response. Missing Bucket CORS configuration for ETag header?`);
            }
            this.uploadedParts.push({
                PartNumber: dataPart.partNumber,
                ETag: partResult.ETag,
                ...(partResult.ChecksumCRC32 && { ChecksumCRC32: partResult.ChecksumCRC32 }),
                ...(partResult.ChecksumCRC32C && { ChecksumCRC32C: partResult.ChecksumCRC32C }),
                ...(partResult.ChecksumCRC64NVME && { ChecksumCRC64NVME: partResult.ChecksumCRC64NVME }),
                ...(partResult.ChecksumSHA1 && { ChecksumSHA1: partResult.ChecksumSHA1 }),
                ...(partResult.ChecksumSHA256 && { ChecksumSHA256: partResult.ChecksumSHA256 }),
            });
            if (eventEmitter === null) {
                this.bytesUploadedSoFar += partSize;
            }
            this.__notifyProgress({
                loaded: this.bytesUploadedSoFar,
                total: this.totalBytes,
                part: dataPart.partNumber,
                Key: this.params.Key,
                Bucket: this.params.Bucket,
            });
        }
    }
    async __doMultipartUpload() {
        const dataFeeder = getChunk(this.params.Body, this.partSize);
        const concurrentUploaderFailures = [];
        for (let index = 0; index < this.queueSize; index++) {
            const currentUpload = this.__doConcurrentUpload(dataFeeder).catch((err) => {
                concurrentUploaderFailures.push(err);
            });
            this.concurrentUploaders.push(currentUpload);
        }
        await Promise.all(this.concurrentUploaders);
        if (concurrentUploaderFailures.length >= 1) {
            await this.markUploadAsAborted();
            throw concurrentUploaderFailures[0];
        }
        if (this.abortController.signal.aborted) {
            await this.markUploadAsAborted();
            throw Object.assign(new Error("Upload aborted."), { name: "AbortError" });
        }
        let result;
        if (this.isMultiPart) {
            const { expectedPartsCount, uploadedParts, totalBytes, totalBytesSource } = this;
            if (totalBytes !== undefined && expectedPartsCount !== undefined && uploadedParts.length !== expectedPartsCount) {
                await this.markUploadAsAborted();
                throw new Error(`Expected ${expectedPartsCount} part(s) but uploaded ${uploadedParts.length} part(s).
The expected part count is based on the byte-count of the input.params.Body,
which was read from ${totalBytesSource} and is ${totalBytes}.
If this is not correct, provide an override value by setting a number
to input.params.ContentLength in bytes.
`);
            }
            this.uploadedParts.sort((a, b) => a.PartNumber - b.PartNumber);
            const uploadCompleteParams = {
                ...this.params,
                Body: undefined,
                UploadId: this.uploadId,
                MultipartUpload: {
                    Parts: this.uploadedParts,
                },
            };
            try {
                result = await this.client.send(new CompleteMultipartUploadCommand(uploadCompleteParams));
            }
            catch (e) {
                await this.markUploadAsAborted().catch((abortError) => {
                    if (e instanceof Error && e.cause === undefined) {
                        e.cause = abortError;
                    }
                });
                throw e;
            }
            if (typeof result?.Location === "string" && result.Location.includes("%2F")) {
                result.Location = result.Location.replace(/%2F/g, "/");
            }
        }
        else {
            result = this.singleUploadResult;
        }
        this.abortMultipartUploadCommand = null;
        if (this.tags.length) {
            await this.client.send(new PutObjectTaggingCommand({
                ...this.params,
                Tagging: {
                    TagSet: this.tags,
                },
            }));
        }
        return result;
    }
    async markUploadAsAborted() {
        if (this.uploadId && !this.leavePartsOnError && null !== this.abortMultipartUploadCommand) {
            await this.client.send(this.abortMultipartUploadCommand);
            this.abortMultipartUploadCommand = null;
        }
    }
    __notifyProgress(progress) {
        if (this.uploadEvent) {
            this.emit(this.uploadEvent, progress);
        }
    }
    async __abortTimeout(abortSignal) {
        return new Promise((resolve, reject) => {
            abortSignal.onabort = () => {
                const abortError = new Error("Upload aborted.");
                abortError.name = "AbortError";
                reject(abortError);
            };
        });
    }
    __validateUploadPart(dataPart) {
        const actualPartSize = byteLength(dataPart.data);
        if (actualPartSize === undefined) {
            throw new Error(`A dataPart was generated without a measurable data chunk size for part number ${dataPart.partNumber}`);
        }
        if (dataPart.partNumber === 1 && dataPart.lastPart) {
            return;
        }
        if (!dataPart.lastPart && actualPartSize !== this.partSize) {
            throw new Error(`The byte size for part number ${dataPart.partNumber}, size ${actualPartSize} does not match expected size ${this.partSize}`);
        }
    }
    __validateInput() {
        if (!this.client) {
            throw new Error(`InputError: Upload requires a AWS client to do uploads with.`);
        }
        if (this.partSize < Upload.MIN_PART_SIZE) {
            throw new Error(`EntityTooSmall: Your proposed upload part size [${this.partSize}] is smaller than the minimum allowed size [${Upload.MIN_PART_SIZE}] (5MB)`);
        }
        if (this.queueSize < 1) {
            throw new Error(`Queue size: Must have at least one uploading queue.`);
        }
    }
}

exports._ = Upload;


/***/ }),

/***/ 4690:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createS3ObjectStore: () => (/* binding */ createS3ObjectStore)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ../../node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var dist_cjs = __webpack_require__(8299);
// EXTERNAL MODULE: ../core/dist/destinations/object-store.js
var object_store = __webpack_require__(3100);
// EXTERNAL MODULE: ../core/dist/errors.js
var errors = __webpack_require__(8246);
// EXTERNAL MODULE: ../core/dist/adapters/aws-errors.js
var aws_errors = __webpack_require__(6099);
// EXTERNAL MODULE: ../core/dist/adapters/run-staging.js
var run_staging = __webpack_require__(1727);
;// CONCATENATED MODULE: ../core/dist/adapters/s3-metadata-headers.js
/**
 * S3 metadata travels as `x-amz-meta-*` headers, whose values must be printable ASCII; a log file
 * name need not be. These encode a metadata record for the headers and decode it back.
 */
/**
 * Header values must be printable ASCII; a log file name need not be. Percent-encode `%`, control
 * and non-ASCII characters, so that plain names stay readable in the console.
 */
function toHeaderValues(record) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to encode
    const unsafe = /[%\u0000-\u001f\u007f-\u{10ffff}]+/gu;
    return Object.fromEntries(Object.entries(record).map(([name, value]) => [
        name,
        value.replace(unsafe, (run) => encodeURIComponent(run)),
    ]));
}
function fromHeaderValues(record) {
    if (record === undefined)
        return undefined;
    const decode = (value) => {
        try {
            return decodeURIComponent(value);
        }
        catch {
            return value;
        }
    };
    return Object.fromEntries(Object.entries(record).map(([name, value]) => [name, decode(value)]));
}
//# sourceMappingURL=s3-metadata-headers.js.map
;// CONCATENATED MODULE: ../core/dist/adapters/s3-state-documents.js
/**
 * State documents in S3: listed, read with their ETag, and written conditionally, `If-Match` on
 * the ETag read to replace one and `If-None-Match: *` to create one, so that a write over a
 * document another run changed meanwhile is refused (412, or 409 for a concurrent conditional
 * write, or 404 when it is gone) and the caller reads again and merges (state/update-state.ts).
 * A store without conditional writes (the conditional-write probe says so, or it answers 501 as
 * Swift does) gets an unconditional PUT, and the last writer wins.
 */



/** The state methods of an S3 store; see the file header. */
function createS3StateDocuments(context) {
    const { client, bucket, prefix, owner, encryption, supportsConditionalWrites, call } = context;
    /** False once the store has answered that it does not do conditional writes. */
    let stateConditions = true;
    return {
        async *listState(keyPrefix) {
            (0,object_store/* assertSafeKey */.$t)(keyPrefix, "prefix");
            if (!keyPrefix.startsWith(prefix + object_store/* STATE_FOLDER */.P2))
                return;
            const pages = (0,dist_cjs.paginateListObjectsV2)({ client }, { Bucket: bucket, Prefix: keyPrefix, ...owner });
            try {
                for await (const page of pages) {
                    for (const { Key: key } of page.Contents ?? [])
                        if (key !== undefined)
                            yield key;
                }
            }
            catch (error) {
                throw (0,aws_errors/* toArchiverError */.yB)(error, call("ListObjectsV2", "s3:ListBucket", keyPrefix, false));
            }
        },
        async readState(objectKey) {
            (0,object_store/* assertStateKey */.$c)(objectKey, prefix);
            try {
                const { Body, ETag } = await client.send(new dist_cjs.GetObjectCommand({ Bucket: bucket, Key: objectKey, ...owner }));
                return { body: (await Body?.transformToString("utf8")) ?? "", version: ETag ?? "" };
            }
            catch (error) {
                if ((0,aws_errors/* classifyS3Error */.RC)(error) === "not-found")
                    return undefined;
                throw (0,aws_errors/* toArchiverError */.yB)(error, call("GetObject", "s3:GetObject", objectKey, false));
            }
        },
        async writeState(objectKey, body, expected) {
            (0,object_store/* assertStateKey */.$c)(objectKey, prefix);
            for (;;) {
                const conditional = stateConditions && (await supportsConditionalWrites());
                const condition = !conditional
                    ? {}
                    : expected === null
                        ? { IfNoneMatch: "*" }
                        : { IfMatch: expected };
                try {
                    await client.send(new dist_cjs.PutObjectCommand({
                        Bucket: bucket,
                        Key: objectKey,
                        Body: body,
                        ContentType: "application/json",
                        ...condition,
                        ...owner,
                        ...encryption,
                    }));
                    return true;
                }
                catch (error) {
                    const kind = (0,aws_errors/* classifyS3Error */.RC)(error);
                    // 412: changed since it was read; 409: a concurrent conditional write; 404: deleted since.
                    const lost = kind === "precondition-failed" || kind === "conditional-conflict" || kind === "not-found";
                    if (conditional && lost)
                        return false;
                    if (!conditional || kind !== "conditional-unsupported") {
                        throw (0,aws_errors/* toArchiverError */.yB)(error, call("PutObject", "s3:PutObject", objectKey, true));
                    }
                    stateConditions = false; // Swift's 501: write it as stores without conditions must
                }
            }
        },
    };
}
//# sourceMappingURL=s3-state-documents.js.map
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ../../node_modules/@aws-sdk/lib-storage/dist-cjs/index.js
var lib_storage_dist_cjs = __webpack_require__(746);
;// CONCATENATED MODULE: ../core/dist/adapters/s3-upload.js
/**
 * One staged body uploaded with lib-storage: a single PutObject, or a multipart upload for a body
 * over one part. A failed multipart upload is aborted here rather than by lib-storage, whose
 * AbortMultipartUpload leaves out ExpectedBucketOwner: this one carries the same owner as every
 * other request (`params.ExpectedBucketOwner`).
 */



/** Parts in flight at once; lib-storage holds about this many parts in memory. */
const QUEUE_SIZE = 4;
/** Uploads `staged.file` with `params`; throws lib-storage's (or the SDK's) error after aborting a multipart upload. */
async function uploadFile(client, staged, params, partSize) {
    const body = (0,external_node_fs_.createReadStream)(staged.file);
    const upload = new lib_storage_dist_cjs/* Upload */._({
        client,
        params: { ...params, Body: body },
        partSize,
        queueSize: QUEUE_SIZE,
        leavePartsOnError: true,
    });
    try {
        await upload.done();
    }
    catch (error) {
        if (upload.uploadId !== undefined) {
            // Best effort: the bucket's lifecycle rule (iam-policy prints one) removes what this leaves.
            await client
                .send(new dist_cjs.AbortMultipartUploadCommand({
                Bucket: params.Bucket,
                Key: params.Key,
                UploadId: upload.uploadId,
                ...(params.ExpectedBucketOwner === undefined
                    ? {}
                    : { ExpectedBucketOwner: params.ExpectedBucketOwner }),
            }))
                .catch(() => { });
        }
        throw error;
    }
    finally {
        body.destroy();
    }
}
//# sourceMappingURL=s3-upload.js.map
;// CONCATENATED MODULE: ../core/dist/adapters/s3-object-store.js
/**
 * The S3 (and S3-compatible) destination.
 *
 * Metadata must travel with CreateMultipartUpload/PutObject, before the body, yet the SHA-256 of
 * the source is only known once the body has ended. So `putNew` first stages the (compressed)
 * body in a temp file on local disk while the caller hashes the source, then uploads that file
 * with the full metadata. Memory stays flat (about queueSize × partSize for lib-storage), disk
 * holds one compressed file per upload in flight, a failed or short body never reaches S3 at all,
 * and the upload can be repeated from the file (a 409 ConditionalRequestConflict, say).
 *
 * Never overwrite: uploads carry `If-None-Match: *` and a 412 means the object exists. Not every
 * store honours the header (Swift answers 501, Garage ignores it and overwrites), so the first
 * write of a store's lifetime probes `{prefix}_state/conditional-write-probe` (a state key, the
 * only kind ever overwritten): put it twice with the header; a 412 means conditions work. If they
 * do not, the store falls back to HeadObject then PutObject. That leaves a race: two overlapping
 * runs writing the SAME key can both see no object and both write it. By design that key holds
 * the same source version, so the content is the same; on a versioned bucket it adds a version.
 *
 * State documents are written conditionally too (s3-state-documents.ts). A failed multipart
 * upload is aborted with ExpectedBucketOwner like every other request (s3-upload.ts).
 */










const MIB = 1024 * 1024;
const DEFAULT_PART_SIZE = 8 * MIB;
const MAX_PARTS = 10_000;
/** A 409 ConditionalRequestConflict asks the caller to upload again; this many tries in all. */
const CONFLICT_ATTEMPTS = 3;
const PROBE_KEY = `${object_store/* STATE_FOLDER */.P2}conditional-write-probe`;
/** An {@link ObjectStore} on an S3 bucket; see the file header for the write protocol. */
function createS3ObjectStore(options) {
    const { client, bucket } = options;
    const prefix = (0,object_store/* checkPrefix */.by)(options.prefix);
    const partSize = Math.max(options.partSize ?? DEFAULT_PART_SIZE, 5 * MIB);
    const owner = options.expectedBucketOwner === undefined ? {} : { ExpectedBucketOwner: options.expectedBucketOwner };
    const encryption = {
        ...(options.sse === undefined ? {} : { ServerSideEncryption: options.sse }),
        ...(options.kmsKeyId === undefined ? {} : { SSEKMSKeyId: options.kmsKeyId }),
    };
    const call = (operation, iamAction, key, write) => ({
        operation,
        iamAction,
        resource: `arn:aws:s3:::${bucket}/${key}`,
        failureCode: write ? "DESTINATION_WRITE_FAILED" : "DESTINATION_READ_FAILED",
    });
    let conditionalWrites;
    const supportsConditionalWrites = () => {
        conditionalWrites ??= probeConditionalWrites().catch((error) => {
            conditionalWrites = undefined;
            throw error;
        });
        return conditionalWrites;
    };
    async function probeConditionalWrites() {
        const key = prefix + PROBE_KEY;
        for (let attempt = 0; attempt < 2; attempt++) {
            try {
                const body = "probe for If-None-Match support; safe to keep\n";
                await client.send(new dist_cjs.PutObjectCommand({
                    Bucket: bucket,
                    Key: key,
                    Body: body,
                    IfNoneMatch: "*",
                    ...owner,
                    ...encryption,
                }));
            }
            catch (error) {
                const kind = (0,aws_errors/* classifyS3Error */.RC)(error);
                // A conflict also proves the store evaluates the condition.
                if (kind === "precondition-failed" || kind === "conditional-conflict")
                    return true;
                if (kind === "conditional-unsupported")
                    return false;
                throw (0,aws_errors/* toArchiverError */.yB)(error, call("PutObject (conditional-write probe)", "s3:PutObject", key, true));
            }
        }
        return false; // written twice despite If-None-Match: the store ignores the header
    }
    async function objectExists(key) {
        try {
            await client.send(new dist_cjs.HeadObjectCommand({ Bucket: bucket, Key: key, ...owner }));
            return true;
        }
        catch (error) {
            if ((0,aws_errors/* classifyS3Error */.RC)(error) === "not-found")
                return false;
            throw (0,aws_errors/* toArchiverError */.yB)(error, call("HeadObject", "s3:GetObject", key, false));
        }
    }
    let staging;
    const stagingFolder = () => {
        staging ??= (0,run_staging/* createRunStaging */.jU)(options.stagingDir ?? (0,external_node_os_.tmpdir)(), "rds-log-archive").catch((error) => {
            staging = undefined;
            throw new errors/* ArchiverError */.r("DESTINATION_WRITE_FAILED", "could not create a staging folder for uploads", {
                cause: error,
                hint: "uploads are staged on local disk first; check free space and permissions of the temp folder (TMPDIR)",
            });
        });
        return staging;
    };
    return {
        description: `s3://${bucket}/${prefix}`,
        async putNew(objectKey, body, putOptions) {
            try {
                (0,object_store/* assertArchiveKey */.yz)(objectKey, prefix);
            }
            catch (error) {
                body.destroy();
                throw error;
            }
            const staged = await stageBody(body, stagingFolder);
            try {
                const params = {
                    Bucket: bucket,
                    Key: objectKey,
                    ContentType: putOptions.contentType,
                    ...(putOptions.contentEncoding === undefined
                        ? {}
                        : { ContentEncoding: putOptions.contentEncoding }),
                    Metadata: toHeaderValues((0,object_store/* renderMetadataRecord */.BY)(await putOptions.metadata())),
                    ...owner,
                    ...encryption,
                    ...(options.storageClass === undefined ? {} : { StorageClass: options.storageClass }),
                };
                for (let attempt = 1;; attempt++) {
                    const conditional = await supportsConditionalWrites();
                    if (!conditional && (await objectExists(objectKey)))
                        return { outcome: "exists", bytesWritten: 0 };
                    try {
                        await uploadFile(client, staged, conditional ? { ...params, IfNoneMatch: "*" } : params, Math.max(partSize, Math.ceil(staged.size / MAX_PARTS)));
                        return { outcome: "created", bytesWritten: staged.size };
                    }
                    catch (error) {
                        const kind = (0,aws_errors/* classifyS3Error */.RC)(error);
                        if (kind === "precondition-failed")
                            return { outcome: "exists", bytesWritten: 0 };
                        if (kind === "conditional-unsupported" && conditional) {
                            conditionalWrites = Promise.resolve(false);
                            continue;
                        }
                        if (kind === "conditional-conflict" && attempt < CONFLICT_ATTEMPTS)
                            continue;
                        throw (0,aws_errors/* toArchiverError */.yB)(error, call("PutObject (lib-storage Upload)", "s3:PutObject", objectKey, true));
                    }
                }
            }
            finally {
                await staged.remove();
            }
        },
        async head(objectKey) {
            (0,object_store/* assertArchiveKey */.yz)(objectKey, prefix);
            let metadata;
            try {
                ({ Metadata: metadata } = await client.send(new dist_cjs.HeadObjectCommand({ Bucket: bucket, Key: objectKey, ...owner })));
            }
            catch (error) {
                if ((0,aws_errors/* classifyS3Error */.RC)(error) === "not-found")
                    return undefined;
                throw (0,aws_errors/* toArchiverError */.yB)(error, call("HeadObject", "s3:GetObject", objectKey, false));
            }
            return requireMetadata((0,object_store/* parseMetadataRecord */.mI)(fromHeaderValues(metadata)), `s3://${bucket}/${objectKey}`);
        },
        async *list(keyPrefix) {
            (0,object_store/* assertSafeKey */.$t)(keyPrefix, "prefix");
            const pages = (0,dist_cjs.paginateListObjectsV2)({ client }, { Bucket: bucket, Prefix: keyPrefix, ...owner });
            try {
                for await (const page of pages) {
                    for (const { Key: key, Size: size } of page.Contents ?? []) {
                        if (key === undefined || key.startsWith(prefix + object_store/* STATE_FOLDER */.P2))
                            continue;
                        yield { key, size: size ?? 0 };
                    }
                }
            }
            catch (error) {
                throw (0,aws_errors/* toArchiverError */.yB)(error, call("ListObjectsV2", "s3:ListBucket", keyPrefix, false));
            }
        },
        async readObject(objectKey) {
            (0,object_store/* assertArchiveKey */.yz)(objectKey, prefix);
            try {
                const { Body, Metadata } = await client.send(new dist_cjs.GetObjectCommand({ Bucket: bucket, Key: objectKey, ...owner }));
                const metadata = fromHeaderValues(Metadata);
                return {
                    body: Body,
                    metadata: metadata === undefined || Object.keys(metadata).length === 0 ? undefined : metadata,
                };
            }
            catch (error) {
                if ((0,aws_errors/* classifyS3Error */.RC)(error) === "not-found")
                    return undefined;
                throw (0,aws_errors/* toArchiverError */.yB)(error, call("GetObject", "s3:GetObject", objectKey, false));
            }
        },
        ...createS3StateDocuments({ client, bucket, prefix, owner, encryption, supportsConditionalWrites, call }),
        async close() {
            const stage = await staging?.catch(() => undefined);
            staging = undefined;
            await stage?.remove();
        },
    };
}
/** Copies `body` to a private temp file in the store's staging folder; the body is consumed or destroyed either way. */
async function stageBody(body, stagingFolder) {
    let file;
    try {
        file = (await stagingFolder()).tempPath("body");
    }
    catch (error) {
        body.destroy();
        throw error;
    }
    const remove = () => (0,promises_.rm)(file, { force: true });
    return { file, size: await (0,object_store/* writeBodyToFile */.f)(body, file, 0o600), remove };
}
function requireMetadata(metadata, where) {
    if (metadata !== undefined)
        return metadata;
    throw new errors/* ArchiverError */.r("DESTINATION_INVALID", `${where} exists but carries no archive metadata`, {
        hint: "something other than rds-log-archive wrote at this key; move it away or choose another prefix",
    });
}
//# sourceMappingURL=s3-object-store.js.map

/***/ })

};
