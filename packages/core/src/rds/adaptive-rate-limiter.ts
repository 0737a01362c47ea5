/**
 * Client-side pacing for one account and region of RDS. RDS throttles API requests per account
 * and region with a token bucket, by default bursts of 300 and a sustained 12 requests a second
 * (Amazon RDS User Guide, "Request throttling for the Amazon RDS API"); a quota can be raised,
 * and other clients of the account spend the same bucket. So the limiter starts from those
 * defaults and adapts: a request answered `Throttling` cuts the rate by a fifth (at most once a
 * second, since one overdraft throttles every request in flight) and empties the local bucket;
 * each request answered while the limiter held requests back raises the rate by a small step, so
 * a busy run probes upwards by about 5% a second and settles just under what RDS allows. Every
 * RDS call of the account and region, through whichever client, waits its turn here, first come
 * first served, so a thousand instances waiting cost one timer, not a thousand.
 */

/** What the limiter reads the time with and waits on; tests inject a fake. */
export interface LimiterClock {
  /** Milliseconds, monotonic. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The pacing of one account and region, as the RDS adapters use it. */
export interface RequestPacer {
  /** Resolves when the next request may be sent. */
  take(): Promise<void>;
  /** The request was answered `Throttling` (or another throttling error). */
  throttled(): void;
  /** The request was answered, other than throttled. */
  answered(): void;
}

export interface AdaptiveRateLimits {
  /** Requests a second to start with; default 12, RDS's default sustained rate. */
  initialRate?: number;
  /** Bucket size, and what a fresh limiter holds; default 300, RDS's default burst. */
  burst?: number;
  /** The rate never falls below this; default 0.5 a second. */
  minRate?: number;
}

const DECREASE = 0.8;
/** Added to the rate per answered request while requests wait: at `rate` answers a second, 5% a second. */
const INCREASE_SHARE = 0.05;
const DECREASE_COOLDOWN_MS = 1000;
const MAX_RATE = 10_000;

export const systemClock: LimiterClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A token bucket whose rate adapts to throttling; see the file's comment. */
export class AdaptiveRateLimiter implements RequestPacer {
  readonly #clock: LimiterClock;
  readonly #burst: number;
  readonly #minRate: number;
  readonly #queue: (() => void)[] = [];
  #rate: number;
  #tokens: number;
  #at: number;
  #lastDecrease = Number.NEGATIVE_INFINITY;
  #pumping = false;
  /** Whether requests waited for a token since the rate last changed: only then does it rise. */
  #held = false;

  constructor(limits: AdaptiveRateLimits = {}, clock: LimiterClock = systemClock) {
    this.#clock = clock;
    this.#rate = limits.initialRate ?? 12;
    this.#burst = limits.burst ?? 300;
    this.#minRate = limits.minRate ?? 0.5;
    this.#tokens = this.#burst;
    this.#at = clock.now();
  }

  /** Requests a second, as it stands. */
  get rate(): number {
    return this.#rate;
  }

  take(): Promise<void> {
    return new Promise((resolve) => {
      this.#queue.push(resolve);
      if (!this.#pumping) void this.#pump();
    });
  }

  throttled(): void {
    const now = this.#clock.now();
    this.#refill(now);
    this.#tokens = Math.min(this.#tokens, 0);
    if (now - this.#lastDecrease < DECREASE_COOLDOWN_MS) return;
    this.#lastDecrease = now;
    this.#rate = Math.max(this.#minRate, this.#rate * DECREASE);
    this.#held = false;
  }

  answered(): void {
    if (this.#held) this.#rate = Math.min(MAX_RATE, this.#rate + INCREASE_SHARE);
  }

  async #pump(): Promise<void> {
    this.#pumping = true;
    try {
      while (this.#queue.length > 0) {
        this.#refill(this.#clock.now());
        if (this.#tokens >= 1) {
          this.#tokens -= 1;
          this.#queue.shift()?.();
          continue;
        }
        this.#held = true;
        await this.#clock.sleep(((1 - this.#tokens) / this.#rate) * 1000);
      }
    } finally {
      this.#pumping = false;
    }
  }

  #refill(now: number): void {
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#at) / 1000) * this.#rate);
    this.#at = now;
  }
}
