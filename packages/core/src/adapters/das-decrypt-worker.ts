/**
 * A decrypt worker of {@link createDecryptPool}: opens DAS messages as jobs arrive and answers
 * each with its payload or its error, by job id. Several jobs may be in flight; each answer goes
 * out as soon as its decrypt ends.
 */
import { parentPort } from "node:worker_threads";
import { isArchiverError } from "../errors.js";
import { openDasMessage } from "./open-das-message.js";

/** A job as the pool posts it. */
export interface DecryptJob {
  id: number;
  message: string;
  dataKey: Uint8Array;
}

/** An answer as the worker posts it. */
export type DecryptAnswer =
  | { id: number; payload: Awaited<ReturnType<typeof openDasMessage>> }
  | { id: number; error: { code: string; message: string; hint?: string } };

parentPort?.on("message", (job: DecryptJob) => {
  openDasMessage(job.message, job.dataKey).then(
    (payload) => parentPort?.postMessage({ id: job.id, payload } satisfies DecryptAnswer),
    (error: unknown) =>
      parentPort?.postMessage({
        id: job.id,
        error: isArchiverError(error)
          ? {
              code: error.code,
              message: error.message,
              ...(error.hint === undefined ? {} : { hint: error.hint }),
            }
          : { code: "INTERNAL", message: String((error as Error)?.message ?? error) },
      } satisfies DecryptAnswer),
  );
});
