import { describe, expect, it } from "vitest";
import { type RateLimit, RateLimiter } from "./rate-limit.js";

/** A limiter on a clock the test moves by hand. */
function limiterAt(start = 0) {
  let now = start;
  return { limiter: new RateLimiter(() => now), advance: (ms: number) => (now += ms) };
}

const takeMany = (limiter: RateLimiter, key: string, count: number, limit: RateLimit | undefined) =>
  Array.from({ length: count }, () => limiter.take(key, limit)).filter(Boolean).length;

describe("RateLimiter", () => {
  it("lets everything through without a limit", () => {
    const { limiter } = limiterAt();
    expect(takeMany(limiter, "a/us-east-1", 1000, undefined)).toBe(1000);
  });

  it("defaults to RDS's documented bucket: bursts of 300, then 12 a second", () => {
    const { limiter, advance } = limiterAt();
    const limit = {};
    expect(takeMany(limiter, "a/us-east-1", 400, limit)).toBe(300);
    advance(1000);
    expect(takeMany(limiter, "a/us-east-1", 100, limit)).toBe(12);
    advance(250);
    expect(takeMany(limiter, "a/us-east-1", 100, limit)).toBe(3);
  });

  it("keeps one bucket per account and region", () => {
    const { limiter } = limiterAt();
    const limit = { burst: 5, requestsPerSecond: 1 };
    expect(takeMany(limiter, "111111111111/us-east-1", 10, limit)).toBe(5);
    expect(takeMany(limiter, "111111111111/eu-west-1", 10, limit)).toBe(5);
    expect(takeMany(limiter, "222222222222/us-east-1", 10, limit)).toBe(5);
  });

  it("never fills a bucket past its burst, and starts full buckets when the limit changes", () => {
    const { limiter, advance } = limiterAt();
    const limit = { burst: 4, requestsPerSecond: 10 };
    expect(takeMany(limiter, "k", 4, limit)).toBe(4);
    advance(60_000);
    expect(takeMany(limiter, "k", 10, limit)).toBe(4);
    expect(takeMany(limiter, "k", 10, { burst: 2, requestsPerSecond: 10 })).toBe(2);
  });
});
