/**
 * A decrypt worker of {@link createDecryptPool}: opens a chunk of DAS messages at a time, chunks
 * in the order they come, and answers each with one message holding each record's payload or
 * error, in the chunk's order. A chunk rather than a record a message, because posting a message
 * costs both threads a wake-up and a turn of their event loops: paid once a chunk, it is a small
 * share of opening the records.
 */
import { parentPort } from "node:worker_threads";
import { isArchiverError } from "../errors.js";
import type { ActivityPayload } from "../sources/activity-stream/parse-activity-payload.js";
import { openDasMessage } from "./open-das-message.js";

/** A chunk as the pool posts it: each record names its data key by its index in `keys`. */
export interface DecryptChunk {
  id: number;
  /** The chunk's distinct plaintext data keys (records of one stream share a few). */
  keys: Uint8Array[];
  records: { message: string; key: number }[];
}

/** One record's answer. */
export type DecryptResult =
  | { payload: ActivityPayload }
  | { error: { code: string; message: string; hint?: string } };

/** A chunk's answers, in the order of its records. */
export interface DecryptAnswer {
  id: number;
  results: DecryptResult[];
}

/** Chunks are opened one after another, so the first answer is not held back by the next chunk. */
let previous = Promise.resolve();

parentPort?.on("message", (chunk: DecryptChunk) => {
  previous = previous.then(() => openChunk(chunk));
});

async function openChunk(chunk: DecryptChunk): Promise<void> {
  const results: DecryptResult[] = [];
  for (const record of chunk.records) {
    try {
      results.push({ payload: await openDasMessage(record.message, chunk.keys[record.key] as Uint8Array) });
    } catch (error) {
      results.push({
        error: isArchiverError(error)
          ? {
              code: error.code,
              message: error.message,
              ...(error.hint === undefined ? {} : { hint: error.hint }),
            }
          : { code: "INTERNAL", message: String((error as Error)?.message ?? error) },
      });
    }
  }
  parentPort?.postMessage({ id: chunk.id, results } satisfies DecryptAnswer);
}
