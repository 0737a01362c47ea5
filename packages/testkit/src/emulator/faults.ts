/**
 * Fault knobs. Rates are probabilities per request, drawn from a seeded generator so that a
 * test with the same seed and the same requests sees the same faults. Knobs can be changed while
 * the emulator runs (in process, or with `PUT /_emulator/faults` on a standalone one).
 */
export interface FaultKnobs {
  /** Share of requests answered `400 Throttling: Rate exceeded`. */
  throttleRate?: number;
  /** Restricts throttling to these operations (`DescribeDBLogFiles`, `DownloadCompleteDBLogFile`, …). */
  throttleOperations?: string[];
  /** Share of REST downloads answered with a 5xx. */
  downloadErrorRate?: number;
  /** Share of REST downloads whose connection is reset part-way through the body. */
  resetMidBodyRate?: number;
  /** Share of REST downloads that end cleanly, but shorter than the file. */
  shortBodyRate?: number;
  /** Log file names that rotate away when a download of them starts: 404, and gone from listings. */
  rotateAwayOnDownload?: string[];
  /** Delay added before every response, in milliseconds. */
  latencyMs?: number;
  /** Seed for the fault draws. */
  seed?: number;
}

export type DownloadFault = "error" | "reset" | "short" | "rotate" | undefined;

export class FaultPlan {
  #knobs: FaultKnobs = {};
  #random: () => number = seeded(1);

  constructor(knobs: FaultKnobs = {}) {
    this.set(knobs);
  }

  get knobs(): Readonly<FaultKnobs> {
    return this.#knobs;
  }

  set(knobs: FaultKnobs): void {
    this.#knobs = { ...knobs };
    this.#random = seeded(knobs.seed ?? 1);
  }

  shouldThrottle(operation: string): boolean {
    const { throttleRate = 0, throttleOperations } = this.#knobs;
    if (throttleOperations !== undefined && !throttleOperations.includes(operation)) return false;
    return this.#draw(throttleRate);
  }

  /** At most one fault per download; rotation is by name, the rest by rate. */
  downloadFault(logFileName: string): DownloadFault {
    const {
      rotateAwayOnDownload = [],
      downloadErrorRate = 0,
      resetMidBodyRate = 0,
      shortBodyRate = 0,
    } = this.#knobs;
    if (rotateAwayOnDownload.includes(logFileName)) return "rotate";
    if (this.#draw(downloadErrorRate)) return "error";
    if (this.#draw(resetMidBodyRate)) return "reset";
    if (this.#draw(shortBodyRate)) return "short";
    return undefined;
  }

  #draw(rate: number): boolean {
    if (rate <= 0) return false;
    return rate >= 1 || this.#random() < rate;
  }
}

function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
}
