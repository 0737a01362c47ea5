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
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { ArchiverError, type ArchiverErrorCode } from "../errors.js";
import type { RecordDecryptor } from "../sources/activity-stream/activity-ports.js";
import type { ActivityPayload } from "../sources/activity-stream/parse-activity-payload.js";
import type { DecryptAnswer, DecryptChunk, DecryptResult } from "./das-decrypt-worker.js";
import { openDasMessage } from "./open-das-message.js";

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
export function defaultDecryptWorkers(): number {
  return Math.min(8, availableParallelism());
}

interface Pending {
  message: string;
  dataKey: Uint8Array;
  resolve: (payload: ActivityPayload) => void;
  reject: (error: unknown) => void;
}

interface PoolWorker {
  worker: Worker;
  /** Chunks posted and not yet answered, by id. */
  chunks: Map<number, Pending[]>;
}

/** A decryptor with `size` worker threads (0: on this thread), started on first use. */
export function createDecryptPool(size = defaultDecryptWorkers()): RecordDecryptor {
  if (size <= 0) return { open: openDasMessage, close: async () => {} };
  const workers: PoolWorker[] = [];
  const queue: Pending[] = [];
  let nextId = 1;
  let scheduled = false;
  let broken: unknown;

  function start(): PoolWorker {
    // Always the built worker: from src/ (under vitest) and from dist/ alike this is the
    // package's dist, and bundlers that follow `new URL(…, import.meta.url)` bundle it.
    const worker = new Worker(new URL("../../dist/das-decrypt-worker.mjs", import.meta.url));
    const entry: PoolWorker = { worker, chunks: new Map() };
    worker.on("message", (answer: DecryptAnswer) => {
      const chunk = entry.chunks.get(answer.id);
      if (!chunk) return;
      entry.chunks.delete(answer.id);
      for (const [i, pending] of chunk.entries()) settle(pending, answer.results[i]);
      dispatch();
    });
    const fail = (error: unknown) => {
      broken ??= new ArchiverError(
        "INTERNAL",
        `a decrypt worker stopped: ${(error as Error)?.message ?? error}`,
        {
          cause: error,
        },
      );
      for (const pending of [...[...entry.chunks.values()].flat(), ...queue.splice(0)])
        pending.reject(broken);
      entry.chunks.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => {
      if (entry.chunks.size > 0 || code !== 0) fail(new Error(`exit code ${code}`));
    });
    workers.push(entry);
    return entry;
  }

  function settle(pending: Pending, result: DecryptResult | undefined): void {
    if (result !== undefined && "payload" in result) {
      pending.resolve(result.payload);
      return;
    }
    const error = result?.error ?? { code: "INTERNAL", message: "a decrypt worker answered no result" };
    pending.reject(
      new ArchiverError(
        error.code as ArchiverErrorCode,
        error.message,
        error.hint === undefined ? {} : { hint: error.hint },
      ),
    );
  }

  /** Posts chunks once the current turn has asked for all it will. */
  function dispatch(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      post();
    });
  }

  function post(): void {
    while (queue.length > 0 && broken === undefined) {
      let target = workers.reduce<PoolWorker | undefined>(
        (best, w) => (w.chunks.size < (best?.chunks.size ?? CHUNKS_PER_WORKER) ? w : best),
        undefined,
      );
      // A worker starts only when every one there is busy: a few records start one, not eight.
      if ((target === undefined || target.chunks.size > 0) && workers.length < size) target = start();
      if (target === undefined) return;
      const share = Math.ceil(queue.length / (size * CHUNKS_PER_WORKER));
      const chunk = queue.splice(0, Math.min(MAX_CHUNK, share));
      const keys: Uint8Array[] = [];
      const records = chunk.map((pending) => {
        let key = keys.indexOf(pending.dataKey);
        if (key < 0) key = keys.push(pending.dataKey) - 1;
        return { message: pending.message, key };
      });
      const id = nextId++;
      target.chunks.set(id, chunk);
      target.worker.postMessage({ id, keys, records } satisfies DecryptChunk);
    }
  }

  return {
    open(message, dataKey) {
      if (broken !== undefined) return Promise.reject(broken);
      return new Promise<ActivityPayload>((resolve, reject) => {
        queue.push({ message, dataKey, resolve, reject });
        dispatch();
      });
    },
    async close() {
      broken ??= new ArchiverError("INTERNAL", "the decrypt pool is closed");
      await Promise.all(workers.splice(0).map((w) => w.worker.terminate()));
    },
  };
}
