/**
 * RDS's API rate limit as a token bucket per account and region. AWS documents it thus: "Amazon
 * RDS throttles API requests for each AWS account in each AWS Region … By default, you can make
 * up to 300 requests in a burst and a sustained 12 requests per second", using a token bucket
 * (Amazon RDS User Guide, "Request throttling for the Amazon RDS API", rds-api-throttling.html).
 * The emulator answers an empty bucket as RDS does: `400 Throttling`, "Rate exceeded".
 */
export interface RateLimit {
  /** Tokens added per second; default 12. */
  requestsPerSecond?: number;
  /** Bucket size, and what a fresh bucket holds; default 300. */
  burst?: number;
}

export const RDS_DEFAULT_RATE_LIMIT: Required<RateLimit> = { requestsPerSecond: 12, burst: 300 };

interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date, in clock milliseconds. */
  at: number;
}

export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #clock: () => number;
  #limit: RateLimit | undefined;

  /** `clock` in milliseconds, monotonic; the default is `performance.now`. */
  constructor(clock: () => number = () => performance.now()) {
    this.#clock = clock;
  }

  /**
   * Takes a token from the bucket of `key` (`account/region`) under `limit`, or says no.
   * Without a limit every request passes. A new limit (another object) starts full buckets.
   */
  take(key: string, limit: RateLimit | undefined): boolean {
    if (limit !== this.#limit) {
      this.#limit = limit;
      this.#buckets.clear();
    }
    if (limit === undefined) return true;
    const { requestsPerSecond, burst } = { ...RDS_DEFAULT_RATE_LIMIT, ...limit };
    const now = this.#clock();
    const bucket = this.#buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * requestsPerSecond);
    bucket.at = now;
    this.#buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
