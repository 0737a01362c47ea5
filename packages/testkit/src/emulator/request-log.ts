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
  /** The account of the key that signed the request (an STS session's role's), and its signature's region. */
  accountId?: string;
  region?: string;
  /** The fault knob that shaped the answer: `stall-headers`, `stall-body`, `stall-query`, `reset`, … */
  fault?: string;
  /** STS requests: the role, session name and duration as the client sent them. */
  roleArn?: string;
  roleSessionName?: string;
  durationSeconds?: number;
  /** KMS requests: the ARN of the key the request used. */
  kmsKeyArn?: string;
  /** AssumeRole's ExternalId, as sent. */
  externalId?: string;
  /** Body bytes written, for downloads. */
  bytesSent: number;
  startedAt: string;
  durationMs: number;
}

export class RequestLog {
  readonly #requests: RecordedRequest[] = [];
  #inFlight = 0;

  /** Counts a request received; its record comes with {@link record} once it is answered. */
  begin(): void {
    this.#inFlight++;
  }

  record(request: RecordedRequest): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
    this.#requests.push(request);
  }

  /** Requests received and not yet answered in full: a stalled one stays here until the client goes. */
  get inFlight(): number {
    return this.#inFlight;
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

  /** Requests answered `Throttling`, whether by the rate limit or by `throttleRate`. */
  throttled(): number {
    return this.#requests.filter((request) => request.errorCode === "Throttling").length;
  }

  clear(): void {
    this.#requests.length = 0;
  }
}
