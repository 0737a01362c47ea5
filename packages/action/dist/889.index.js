export const id = 889;
export const ids = [889];
export const modules = {

/***/ 3037:
/***/ ((module, __unused_webpack_exports, __webpack_require__) => {

module.exports = __webpack_require__.p + "7d497afdf1562378e823.mjs";

/***/ }),

/***/ 1889:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createDecryptPool: () => (/* binding */ createDecryptPool),
  defaultDecryptWorkers: () => (/* binding */ defaultDecryptWorkers)
});

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(5919);
// EXTERNAL MODULE: ../core/dist/errors.js
var errors = __webpack_require__(8246);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ../../node_modules/@aws-crypto/material-management-node/build/main/src/index.js
var src = __webpack_require__(7580);
// EXTERNAL MODULE: ../../node_modules/@aws-crypto/raw-aes-keyring-node/build/main/src/index.js
var main_src = __webpack_require__(519);
// EXTERNAL MODULE: ../core/dist/sources/activity-stream/parse-activity-payload.js
var parse_activity_payload = __webpack_require__(9159);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ../../node_modules/@aws-crypto/material-management/build/main/src/index.js
var build_main_src = __webpack_require__(4255);
;// CONCATENATED MODULE: ../core/dist/adapters/das-materials-manager.js
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



/** The encryption-context entry of a signed message's public key (`ENCODED_SIGNER_KEY` in the SDK). */
const SIGNER_KEY = "aws-crypto-public-key";
/** A compressed P-384 point: a sign byte, then the 48-byte x coordinate. */
const P384_COMPRESSED_BYTES = 49;
/** A materials manager for `decrypt` that loads a P-384 signing key natively; see the file's comment. */
class DasMaterialsManager extends src.NodeDefaultCryptographicMaterialsManager {
    async decryptMaterials(request) {
        const { suite, encryptionContext, encryptedDataKeys } = request;
        const compressed = Buffer.from(encryptionContext[SIGNER_KEY] ?? "", "base64");
        if (suite.signatureCurve !== "secp384r1" || compressed.length !== P384_COMPRESSED_BYTES)
            return super.decryptMaterials(request);
        // Extractable: it is a public key, and Node 24 deprecates KeyObject.from() of a key that is
        // not (DEP0204, a warning on stderr).
        const cryptoKey = await external_node_crypto_.webcrypto.subtle.importKey("raw", compressed, { name: "ECDSA", namedCurve: "P-384" }, true, ["verify"]);
        // A KeyObject where the SDK's type names WebCrypto's CryptoKey: Node's Verify takes either.
        const key = new build_main_src.VerificationKey(external_node_crypto_.KeyObject.from(cryptoKey), suite);
        const material = await this.keyring.onDecrypt(new src.NodeDecryptionMaterial(suite, encryptionContext).setVerificationKey(key), encryptedDataKeys.slice());
        // The SDK's manager's postcondition: the keyring found the message's data key.
        (0,build_main_src.needs)(material.getUnencryptedDataKey(), "Unencrypted data key is invalid.");
        return material;
    }
}
//# sourceMappingURL=das-materials-manager.js.map
// EXTERNAL MODULE: ../../node_modules/@aws-crypto/serialize/build/main/src/index.js
var serialize_build_main_src = __webpack_require__(264);
;// CONCATENATED MODULE: ../core/dist/adapters/decrypt-esdk-message.js
/**
 * Decrypts one whole AWS Encryption SDK message held in memory, with the SDK's own parts and
 * checks but without its streams. `@aws-crypto/decrypt-node` always decrypts through a pipeline
 * of three transform streams that hop the event loop several times a frame; for a DAS record (a
 * few kilobytes, one or two frames) that plumbing cost more CPU than the signature check, and
 * its code took thousands of records to reach V8's optimised tier, once per decrypt worker.
 *
 * What is the SDK's here, unchanged: parsing the header and frames (`@aws-crypto/serialize`), the
 * commitment and signature policies, the materials manager and keyring, the key derivation,
 * ciphers and signature verifier (`getDecryptionHelper`). What this file does is the order,
 * which is the SDK's (decrypt-node 5.0.2's `ParseHeaderStream`, `VerifyStream` and
 * `DecipherStream`), and the message format's rules (AWS Encryption SDK developer guide,
 * "Message format reference"):
 * - the header's auth tag is checked before any frame is opened;
 * - frames are numbered from 1 without a gap, and the message ends with the final frame (or
 *   the one non-framed body);
 * - each frame's AAD names the message, the frame's kind, its number and its length;
 * - a signed suite's footer is one signature over the header, its auth and the whole body,
 *   nothing after it; an unsigned message ends with its body.
 *
 * Nothing is returned unless every check passed; any failure throws.
 */


const asBuffer = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const deserialize = (0,serialize_build_main_src.deserializeFactory)((bytes) => asBuffer(bytes).toString("utf8"), src.NodeAlgorithmSuite);
const aad = (0,serialize_build_main_src.aadFactory)((text) => Buffer.from(text, "utf8"));
/** The policies `buildDecrypt(commitmentPolicy).decrypt` applies: signed and unsigned suites alike. */
const SIGNATURE_POLICY = src.SignaturePolicy.ALLOW_ENCRYPT_ALLOW_DECRYPT;
/** The plaintext of `message`, opened with the data key `materials` finds for it. */
async function decryptEsdkMessage(materials, commitmentPolicy, message) {
    const headerInfo = deserialize.deserializeMessageHeader(message, { maxEncryptedDataKeys: false });
    if (headerInfo === false)
        throw new Error("Incomplete Header");
    const { messageHeader, algorithmSuite, rawHeader, headerAuth } = headerInfo;
    const { messageId, contentType, encryptionContext, encryptedDataKeys } = messageHeader;
    const messageIdHex = asBuffer(messageId).toString("hex");
    src.CommitmentPolicySuites.isDecryptEnabled(commitmentPolicy, algorithmSuite, messageIdHex);
    src.SignaturePolicySuites.isDecryptEnabled(SIGNATURE_POLICY, algorithmSuite, messageIdHex);
    const material = await materials.decryptMaterials({
        suite: new src.NodeAlgorithmSuite(algorithmSuite.id),
        encryptionContext,
        encryptedDataKeys,
    });
    src.CommitmentPolicySuites.isDecryptEnabled(commitmentPolicy, material.suite, messageIdHex);
    src.SignaturePolicySuites.isDecryptEnabled(SIGNATURE_POLICY, material.suite, messageIdHex);
    const { getDecipherInfo, getVerify, dispose } = (0,src.getDecryptionHelper)(material);
    try {
        // Message format 2 (committing suites) carries the commitment key; format 1 (DAS's) none.
        const commitKey = "suiteData" in messageHeader ? messageHeader.suiteData : undefined;
        const getDecipher = getDecipherInfo(messageId, commitKey);
        const { headerIv, headerAuthTag, headerAuthLength } = headerAuth;
        const headerCheck = getDecipher(headerIv);
        headerCheck.setAAD(asBuffer(rawHeader));
        headerCheck.setAuthTag(asBuffer(headerAuthTag));
        headerCheck.update(Buffer.alloc(0));
        headerCheck.final(); // throws when the header was altered
        const verify = getVerify?.();
        verify?.update(asBuffer(rawHeader));
        verify?.update(asBuffer((0,serialize_build_main_src.serializeMessageHeaderAuth)({ headerIv, headerAuthTag, messageHeader })));
        const bodyStart = rawHeader.byteLength + headerAuthLength;
        const plaintext = [];
        let at = bodyStart;
        for (let sequenceNumber = 1;; sequenceNumber++) {
            const frame = (0,serialize_build_main_src.decodeBodyHeader)(message, headerInfo, at);
            if (frame === false)
                throw new Error("Incomplete message");
            (0,src.needs)(frame.sequenceNumber === sequenceNumber, "Encrypted body sequence out of order.");
            const contentEnd = frame.readPos + frame.contentLength;
            const frameEnd = contentEnd + frame.tagLength / 8;
            if (frameEnd > message.byteLength)
                throw new Error("Incomplete message");
            const contentString = aad.messageAADContentString({ contentType, isFinalFrame: frame.isFinalFrame });
            const decipher = getDecipher(frame.iv);
            decipher.setAAD(asBuffer(aad.messageAAD(messageId, contentString, sequenceNumber, frame.contentLength)));
            decipher.setAuthTag(message.subarray(contentEnd, frameEnd));
            plaintext.push(decipher.update(message.subarray(frame.readPos, contentEnd)), decipher.final());
            at = frameEnd;
            if (frame.isFinalFrame)
                break;
        }
        if (verify === undefined) {
            (0,src.needs)(at === message.byteLength, "Data after the final frame of an unsigned message.");
        }
        else {
            verify.update(message.subarray(bodyStart, at));
            // deserializeSignature also refuses anything after the signature.
            (0,src.needs)(verify.awsCryptoVerify(asBuffer((0,serialize_build_main_src.deserializeSignature)(message.subarray(at)))), "Invalid Signature");
        }
        return Buffer.concat(plaintext);
    }
    finally {
        dispose();
    }
}
//# sourceMappingURL=decrypt-esdk-message.js.map
;// CONCATENATED MODULE: ../core/dist/adapters/open-das-message.js
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







/** Decrypts, gunzips and splits one message (`databaseActivityEvents`, base64). */
async function openDasMessage(message, dataKey) {
    let plaintext;
    try {
        const keyring = new main_src.RawAesKeyringNode({
            keyNamespace: "BC",
            keyName: "DataKey",
            // The keyring may zero the key it is given once done; it gets its own copy.
            unencryptedMasterKey: new Uint8Array(dataKey),
            wrappingSuite: main_src.RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
        });
        plaintext = await decryptEsdkMessage(new DasMaterialsManager(keyring), src.CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT, Buffer.from(message, "base64"));
    }
    catch (error) {
        throw new errors/* ArchiverError */.r("RECORD_DECRYPT_FAILED", `an activity record could not be decrypted: ${error.message}`, {
            cause: error,
            // The ESDK says "unencryptedDataKey has not been set" for a wrong keyring and for a data
            // key that belongs to another record alike.
            hint: "the record's data key did not open its message: the record may be damaged, or not from this stream",
        });
    }
    try {
        return (0,parse_activity_payload/* parseActivityPayload */.x)((0,external_node_zlib_.gunzipSync)(plaintext).toString("utf8"));
    }
    catch (error) {
        if ((0,errors/* isArchiverError */.t)(error))
            throw error;
        throw new errors/* ArchiverError */.r("PAYLOAD_INVALID", `a decrypted activity record is not gzip: ${error.message}`, {
            cause: error,
            hint: "the record decrypted but its content is not what RDS writes; report it with the stream's engine and version",
        });
    }
}
//# sourceMappingURL=open-das-message.js.map
;// CONCATENATED MODULE: ../core/dist/adapters/create-decrypt-pool.js
/**
 * The default {@link RecordDecryptor}: a pool of worker threads, because opening a DAS message is
 * CPU-bound (an ECDSA P-384 public key to load and a signature to check a record, most of the
 * 1.1 ms a record takes on one core here), so concurrency within one thread gains nothing.
 *
 * Records are posted in chunks, not one a message: a page of Kinesis records arrives at once
 * and its records are asked for together, so the pool waits for the asking to end (one turn of
 * the event loop), then gives each worker four chunks, and another as each answer comes back. A
 * chunk is at most {@link MAX_CHUNK} records and, as the queue runs low, a fair share of what is
 * left, so the workers end a page together. Each record's promise settles on its own, so the
 * caller takes results in its own order. Messages are copied to the worker (strings cannot be
 * moved), a few kilobytes a record; the data keys once a chunk.
 *
 * A pool of size 0 opens messages on the calling thread.
 */




/**
 * Chunks a worker holds at once: about 100 ms of work, longer than the calling thread's longest
 * busy stretches (reading a page of records, a garbage collection), during which it answers no
 * worker. With two, the decrypt workers of the 2-core bench were idle 7-9% of the run; with four,
 * 5-6%.
 */
const CHUNKS_PER_WORKER = 4;
/** Records a chunk holds at most: about 25 ms of one core's work. */
const MAX_CHUNK = 25;
/**
 * One worker per core this process may use (`availableParallelism()` follows the CPU affinity
 * mask, so a process pinned to one core starts one), at most 8. The calling thread only reads
 * Kinesis, posts and batches, so it needs no core of its own.
 */
function defaultDecryptWorkers() {
    return Math.min(8, (0,external_node_os_.availableParallelism)());
}
/** A decryptor with `size` worker threads (0: on this thread), started on first use. */
function createDecryptPool(size = defaultDecryptWorkers()) {
    if (size <= 0)
        return { open: openDasMessage, close: async () => { } };
    const workers = [];
    const queue = [];
    let nextId = 1;
    let scheduled = false;
    let broken;
    function start() {
        // Always the built worker: from src/ (under vitest) and from dist/ alike this is the
        // package's dist, and bundlers that follow `new URL(…, import.meta.url)` bundle it.
        const worker = new external_node_worker_threads_.Worker(new URL(/* asset import */ __webpack_require__(3037), __webpack_require__.b));
        const entry = { worker, chunks: new Map() };
        worker.on("message", (answer) => {
            const chunk = entry.chunks.get(answer.id);
            if (!chunk)
                return;
            entry.chunks.delete(answer.id);
            for (const [i, pending] of chunk.entries())
                settle(pending, answer.results[i]);
            dispatch();
        });
        const fail = (error) => {
            broken ??= new errors/* ArchiverError */.r("INTERNAL", `a decrypt worker stopped: ${error?.message ?? error}`, {
                cause: error,
            });
            for (const pending of [...[...entry.chunks.values()].flat(), ...queue.splice(0)])
                pending.reject(broken);
            entry.chunks.clear();
        };
        worker.on("error", fail);
        worker.on("exit", (code) => {
            if (entry.chunks.size > 0 || code !== 0)
                fail(new Error(`exit code ${code}`));
        });
        workers.push(entry);
        return entry;
    }
    function settle(pending, result) {
        if (result !== undefined && "payload" in result) {
            pending.resolve(result.payload);
            return;
        }
        const error = result?.error ?? { code: "INTERNAL", message: "a decrypt worker answered no result" };
        pending.reject(new errors/* ArchiverError */.r(error.code, error.message, error.hint === undefined ? {} : { hint: error.hint }));
    }
    /** Posts chunks once the current turn has asked for all it will. */
    function dispatch() {
        if (scheduled)
            return;
        scheduled = true;
        setImmediate(() => {
            scheduled = false;
            post();
        });
    }
    function post() {
        while (queue.length > 0 && broken === undefined) {
            let target = workers.reduce((best, w) => (w.chunks.size < (best?.chunks.size ?? CHUNKS_PER_WORKER) ? w : best), undefined);
            // A worker starts only when every one there is busy: a few records start one, not eight.
            if ((target === undefined || target.chunks.size > 0) && workers.length < size)
                target = start();
            if (target === undefined)
                return;
            const share = Math.ceil(queue.length / (size * CHUNKS_PER_WORKER));
            const chunk = queue.splice(0, Math.min(MAX_CHUNK, share));
            const keys = [];
            const records = chunk.map((pending) => {
                let key = keys.indexOf(pending.dataKey);
                if (key < 0)
                    key = keys.push(pending.dataKey) - 1;
                return { message: pending.message, key };
            });
            const id = nextId++;
            target.chunks.set(id, chunk);
            target.worker.postMessage({ id, keys, records });
        }
    }
    return {
        open(message, dataKey) {
            if (broken !== undefined)
                return Promise.reject(broken);
            return new Promise((resolve, reject) => {
                queue.push({ message, dataKey, resolve, reject });
                dispatch();
            });
        },
        async close() {
            broken ??= new errors/* ArchiverError */.r("INTERNAL", "the decrypt pool is closed");
            await Promise.all(workers.splice(0).map((w) => w.worker.terminate()));
        },
    };
}
//# sourceMappingURL=create-decrypt-pool.js.map

/***/ })

};
