export const id = 690;
export const ids = [690];
export const modules = {

/***/ 4690:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createS3ObjectStore: () => (/* binding */ createS3ObjectStore)
});

// EXTERNAL MODULE: ../../node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var dist_cjs = __webpack_require__(8299);
// EXTERNAL MODULE: ../core/dist/destinations/object-store.js
var object_store = __webpack_require__(3100);
// EXTERNAL MODULE: ../core/dist/errors.js
var errors = __webpack_require__(8246);
// EXTERNAL MODULE: ../core/dist/adapters/aws-errors.js
var aws_errors = __webpack_require__(6099);
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
            const pages = (0,dist_cjs/* paginateListObjectsV2 */.OqA)({ client }, { Bucket: bucket, Prefix: keyPrefix, ...owner });
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
                const { Body, ETag } = await client.send(new dist_cjs/* GetObjectCommand */.jLs({ Bucket: bucket, Key: objectKey, ...owner }));
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
                    await client.send(new dist_cjs/* PutObjectCommand */.wKZ({
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
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ../core/dist/adapters/s3-upload.js
/**
 * How a body reaches S3 without local disk, when its metadata is only known once it has ended.
 *
 * `stageBody` reads the body into memory up to one part. A body that ends within it (almost every
 * log file: a part of 8 MiB holds about 70 MiB of gzipped log text) stays in memory, and
 * `publishStaged` sends it as ONE PutObject with the full metadata: no temp file, no lib-storage,
 * one request. A longer body streams as a multipart upload to a private upload object,
 * `{prefix}_state/uploads/{uuid}`, part by part as it comes (two parts in memory at most: one
 * being filled, one being sent). Once the body has ended and the caller has given the metadata,
 * `publishStaged` copies that object to its key, server side, with a multipart upload of
 * UploadPartCopy parts whose CompleteMultipartUpload carries the metadata and the condition; the
 * upload object is then deleted (it lives under `_state/`, never under the archive's keys). So
 * memory stays about two parts per upload in flight, and no disk is used at all, however large
 * the file. S3 authorizes the multipart calls and UploadPartCopy as s3:PutObject (and the copy's
 * read as s3:GetObject); the delete needs s3:DeleteObject on `{prefix}_state/uploads/*` only.
 *
 * A failed multipart upload is aborted here with ExpectedBucketOwner, like every other request.
 */



/** A copy part may be up to 5 GiB; large parts keep a big object's copy to a few requests. */
const COPY_PART_BYTES = 1024 ** 3;
const MAX_PARTS = 10_000;
/** An S3 request of {@link stageBody} failed (rather than the body): `cause` is the SDK's error. */
class StagingRequestError extends Error {
    operation;
    constructor(operation, cause) {
        super(`${operation} failed`, { cause });
        this.operation = operation;
    }
}
/**
 * Reads `body` to its end into memory, or beyond one part into an upload object; see the file
 * header. A body's own error is thrown as it is; a failed request as a {@link StagingRequestError}.
 */
async function stageBody(target, body) {
    let chunks = [];
    let held = 0;
    let size = 0;
    let multipart;
    try {
        for await (const chunk of body) {
            chunks.push(chunk);
            held += chunk.length;
            size += chunk.length;
            if (held < target.partSize)
                continue;
            multipart ??= await asStaging("CreateMultipartUpload", () => startMultipart(target, target.prefix + object_store/* UPLOADS_FOLDER */.Wt + (0,external_node_crypto_.randomUUID)(), {}));
            const part = Buffer.concat(chunks, held);
            await asStaging("UploadPart", () => multipart.send(part));
            chunks = [];
            held = 0;
        }
        if (multipart === undefined)
            return { kind: "memory", data: Buffer.concat(chunks, held), size };
        const writer = multipart;
        if (held > 0)
            await asStaging("UploadPart", () => writer.send(Buffer.concat(chunks, held)));
        await asStaging("CompleteMultipartUpload", () => writer.complete({}));
        return { kind: "object", key: writer.key, size };
    }
    catch (error) {
        body.destroy();
        await multipart?.abort();
        throw error;
    }
}
async function asStaging(operation, request) {
    try {
        return await request();
    }
    catch (error) {
        throw new StagingRequestError(`${operation} (upload object)`, error);
    }
}
/**
 * Stores a staged body at `params.Key` with `params` (metadata, condition and all): one PutObject
 * from memory, or a server-side copy of the upload object. Throws the SDK's error, after aborting
 * a multipart upload it started; the staged body stays, so the caller may try again.
 */
async function publishStaged(target, staged, params) {
    if (staged.kind === "memory") {
        await target.client.send(new dist_cjs/* PutObjectCommand */.wKZ({ ...params, Body: staged.data, ContentLength: staged.size }));
        return;
    }
    const { IfNoneMatch, ...create } = params;
    const copy = await startMultipart(target, params.Key, create);
    try {
        const partBytes = Math.max(COPY_PART_BYTES, Math.ceil(staged.size / MAX_PARTS));
        const source = `${target.bucket}/${staged.key.split("/").map(encodeURIComponent).join("/")}`;
        for (let start = 0; start < staged.size; start += partBytes) {
            await copy.copy(source, start, Math.min(staged.size, start + partBytes) - 1);
        }
        await copy.complete(IfNoneMatch === undefined ? {} : { IfNoneMatch });
    }
    catch (error) {
        await copy.abort();
        throw error;
    }
}
/** Deletes a staged body's upload object; best effort, since a leftover only costs storage. */
async function discardStaged(target, staged) {
    if (staged.kind === "memory")
        return;
    await target.client
        .send(new dist_cjs/* DeleteObjectCommand */.k4j({ Bucket: target.bucket, Key: staged.key, ...target.owner }))
        .catch(() => { });
}
async function startMultipart(target, key, params) {
    const { client, bucket, owner } = target;
    const { UploadId: uploadId } = await client.send(new dist_cjs/* CreateMultipartUploadCommand */.nG4({ ...target.encryption, ...params, Bucket: bucket, Key: key, ...owner }));
    const parts = [];
    let inFlight = Promise.resolve();
    const common = { Bucket: bucket, Key: key, UploadId: uploadId, ...owner };
    return {
        key,
        async send(data) {
            await inFlight;
            const PartNumber = parts.length + 1;
            const entry = { PartNumber, ETag: undefined };
            parts.push(entry);
            inFlight = client
                .send(new dist_cjs/* UploadPartCommand */.iVK({ ...common, PartNumber, Body: data, ContentLength: data.length }))
                .then(({ ETag }) => {
                entry.ETag = ETag;
            });
            // Keep a rejection from going unhandled while the next part is read; the next await rethrows it.
            inFlight.catch(() => { });
        },
        async copy(source, first, last) {
            const PartNumber = parts.length + 1;
            const { CopyPartResult } = await client.send(new dist_cjs/* UploadPartCopyCommand */.Xp2({
                ...common,
                PartNumber,
                CopySource: source,
                CopySourceRange: `bytes=${first}-${last}`,
                ...(owner.ExpectedBucketOwner === undefined
                    ? {}
                    : { ExpectedSourceBucketOwner: owner.ExpectedBucketOwner }),
            }));
            parts.push({ PartNumber, ETag: CopyPartResult?.ETag });
        },
        async complete(condition) {
            await inFlight;
            await client.send(new dist_cjs/* CompleteMultipartUploadCommand */.Gym({ ...common, ...condition, MultipartUpload: { Parts: parts } }));
        },
        async abort() {
            await inFlight.catch(() => { });
            // Best effort: the bucket's lifecycle rule (iam-policy prints one) removes what this leaves.
            await client.send(new dist_cjs/* AbortMultipartUploadCommand */.tfP(common)).catch(() => { });
        },
    };
}
//# sourceMappingURL=s3-upload.js.map
;// CONCATENATED MODULE: ../core/dist/adapters/s3-object-store.js







const MIB = 1024 * 1024;
const DEFAULT_PART_SIZE = 8 * MIB;
/** A 409 ConditionalRequestConflict asks the caller to upload again; this many tries in all. */
const CONFLICT_ATTEMPTS = 3;
const PROBE_KEY = `${object_store/* STATE_FOLDER */.P2}conditional-write-probe`;
/** An {@link ObjectStore} on an S3 bucket; see the file header for the write protocol. */
function createS3ObjectStore(options) {
    const { client, bucket } = options;
    const prefix = (0,object_store/* checkPrefix */.by)(options.prefix);
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
                await client.send(new dist_cjs/* PutObjectCommand */.wKZ({
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
            await client.send(new dist_cjs/* HeadObjectCommand */.l81({ Bucket: bucket, Key: key, ...owner }));
            return true;
        }
        catch (error) {
            if ((0,aws_errors/* classifyS3Error */.RC)(error) === "not-found")
                return false;
            throw (0,aws_errors/* toArchiverError */.yB)(error, call("HeadObject", "s3:GetObject", key, false));
        }
    }
    const target = {
        client,
        bucket,
        prefix,
        owner,
        encryption,
        partSize: Math.max(options.partSize ?? DEFAULT_PART_SIZE, 5 * MIB),
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
            let staged;
            try {
                staged = await stageBody(target, body);
            }
            catch (error) {
                if (!(error instanceof StagingRequestError))
                    throw error;
                throw (0,aws_errors/* toArchiverError */.yB)(error.cause, call(error.operation, "s3:PutObject", objectKey, true));
            }
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
                        await publishStaged(target, staged, conditional ? { ...params, IfNoneMatch: "*" } : params);
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
                        const operation = staged.kind === "memory" ? "PutObject" : "UploadPartCopy (multipart copy)";
                        throw (0,aws_errors/* toArchiverError */.yB)(error, call(operation, "s3:PutObject", objectKey, true));
                    }
                }
            }
            finally {
                await discardStaged(target, staged);
            }
        },
        async head(objectKey) {
            (0,object_store/* assertArchiveKey */.yz)(objectKey, prefix);
            let metadata;
            try {
                ({ Metadata: metadata } = await client.send(new dist_cjs/* HeadObjectCommand */.l81({ Bucket: bucket, Key: objectKey, ...owner })));
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
            const pages = (0,dist_cjs/* paginateListObjectsV2 */.OqA)({ client }, { Bucket: bucket, Prefix: keyPrefix, ...owner });
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
                const { Body, Metadata } = await client.send(new dist_cjs/* GetObjectCommand */.jLs({ Bucket: bucket, Key: objectKey, ...owner }));
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
        async close() { },
    };
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
