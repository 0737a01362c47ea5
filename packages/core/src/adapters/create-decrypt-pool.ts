/**
 * The default {@link RecordDecryptor}: a small pool of worker threads, because opening a DAS
 * message is CPU-bound and synchronous inside the Encryption SDK (about 4.5 ms a record on one
 * core, nearly all of it the ECDSA P-384 signature check), so concurrency within one thread gains
 * nothing. Each worker holds up to two jobs, so it never idles while its next job is posted.
 * A pool of size 0 opens messages on the calling thread.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { ArchiverError, type ArchiverErrorCode } from "../errors.js";
import type { RecordDecryptor } from "../sources/activity-stream/activity-ports.js";
import type { ActivityPayload } from "../sources/activity-stream/parse-activity-payload.js";
import type { DecryptAnswer, DecryptJob } from "./das-decrypt-worker.js";
import { openDasMessage } from "./open-das-message.js";

/** Jobs a worker holds at once. */
const IN_FLIGHT_PER_WORKER = 2;

/** One worker per core, at most 8, by default. */
export function defaultDecryptWorkers(): number {
  return Math.min(8, availableParallelism());
}

interface Pending {
  job: DecryptJob;
  resolve: (payload: ActivityPayload) => void;
  reject: (error: unknown) => void;
}

interface PoolWorker {
  worker: Worker;
  jobs: Map<number, Pending>;
}

/** A decryptor with `size` worker threads (0: on this thread), started on first use. */
export function createDecryptPool(size = defaultDecryptWorkers()): RecordDecryptor {
  if (size <= 0) return { open: openDasMessage, close: async () => {} };
  const workers: PoolWorker[] = [];
  const queue: Pending[] = [];
  let nextId = 1;
  let broken: unknown;

  function start(): PoolWorker {
    // Always the built worker: from src/ (under vitest) and from dist/ alike this is the
    // package's dist, and bundlers that follow `new URL(…, import.meta.url)` bundle it.
    const worker = new Worker(new URL("../../dist/das-decrypt-worker.mjs", import.meta.url));
    const entry: PoolWorker = { worker, jobs: new Map() };
    worker.on("message", (answer: DecryptAnswer) => {
      const pending = entry.jobs.get(answer.id);
      if (!pending) return;
      entry.jobs.delete(answer.id);
      if ("payload" in answer) pending.resolve(answer.payload);
      else
        pending.reject(
          new ArchiverError(
            answer.error.code as ArchiverErrorCode,
            answer.error.message,
            answer.error.hint === undefined ? {} : { hint: answer.error.hint },
          ),
        );
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
      for (const pending of [...entry.jobs.values(), ...queue.splice(0)]) pending.reject(broken);
      entry.jobs.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => {
      if (entry.jobs.size > 0 || code !== 0) fail(new Error(`exit code ${code}`));
    });
    workers.push(entry);
    return entry;
  }

  function dispatch(): void {
    while (queue.length > 0 && broken === undefined) {
      let target = workers.reduce<PoolWorker | undefined>(
        (best, w) =>
          w.jobs.size < IN_FLIGHT_PER_WORKER && (!best || w.jobs.size < best.jobs.size) ? w : best,
        undefined,
      );
      if (target === undefined || target.jobs.size > 0) {
        if (workers.length < size) target = start();
        else if (target === undefined) return;
      }
      const pending = queue.shift() as Pending;
      target.jobs.set(pending.job.id, pending);
      target.worker.postMessage(pending.job);
    }
  }

  return {
    open(message, dataKey) {
      if (broken !== undefined) return Promise.reject(broken);
      return new Promise<ActivityPayload>((resolve, reject) => {
        queue.push({ job: { id: nextId++, message, dataKey }, resolve, reject });
        dispatch();
      });
    },
    async close() {
      broken ??= new ArchiverError("INTERNAL", "the decrypt pool is closed");
      await Promise.all(workers.splice(0).map((w) => w.worker.terminate()));
    },
  };
}
