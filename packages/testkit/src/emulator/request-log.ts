/** One request the emulator answered, for tests and benchmarks to read. */
export interface RecordedRequest {
  operation: string;
  status: number;
  /** The error code sent, if any (`Throttling`, `SignatureDoesNotMatch`, …). */
  errorCode?: string;
  instance?: string;
  logFileName?: string;
  /** The access key that signed the request, once its signature checked out. */
  accessKeyId?: string;
  /** When that key is an STS session: `arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION`. */
  assumedRoleArn?: string;
  /** STS requests: the role, session name and duration as the client sent them. */
  roleArn?: string;
  roleSessionName?: string;
  durationSeconds?: number;
  /** AssumeRole's ExternalId, as sent. */
  externalId?: string;
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
