/** One request the emulator answered, for tests and benchmarks to read. */
export interface RecordedRequest {
  operation: string;
  status: number;
  /** The error code sent, if any (`Throttling`, `SignatureDoesNotMatch`, …). */
  errorCode?: string;
  instance?: string;
  logFileName?: string;
  /** Body bytes written, for downloads. */
  bytesSent: number;
  startedAt: string;
  durationMs: number;
}

export class RequestLog {
  readonly #requests: RecordedRequest[] = [];

  record(request: RecordedRequest): void {
    this.#requests.push(request);
  }

  get requests(): readonly RecordedRequest[] {
    return this.#requests;
  }

  /** Requests per operation, counting failed ones too. */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const { operation } of this.#requests) counts[operation] = (counts[operation] ?? 0) + 1;
    return counts;
  }

  clear(): void {
    this.#requests.length = 0;
  }
}
