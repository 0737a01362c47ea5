import { describe, expect, it } from "vitest";
import { AdaptiveRateLimiter, type LimiterClock } from "./adaptive-rate-limiter.js";

/**
 * A clock that moves only when the limiter sleeps. It lets the tasks that
 * are due run before it moves, as a real timer does.
 */
function fakeClock(): LimiterClock & { at: number } {
  const clock = {
    at: 0,
    now: () => clock.at,
    sleep: async (ms: number) => {
      await new Promise((resolve) => setImmediate(resolve));
      clock.at += ms;
    },
  };
  return clock;
}

/** Takes `n` tokens one after the other and returns the clock time each was granted at. */
async function takeTimes(limiter: AdaptiveRateLimiter, clock: { now(): number }, n: number) {
  const times: number[] = [];
  await Promise.all(Array.from({ length: n }, () => limiter.take().then(() => times.push(clock.now()))));
  return times;
}

describe("AdaptiveRateLimiter", () => {
  it("grants the burst at once, then one request per 1/rate seconds, in order", async () => {
    const clock = fakeClock();
    const limiter = new AdaptiveRateLimiter({ initialRate: 4, burst: 3 }, clock);
    const times = await takeTimes(limiter, clock, 6);
    expect(times).toEqual([0, 0, 0, 250, 500, 750]);
  });

  it("cuts the rate by a fifth on a throttle, once however many requests were throttled together", () => {
    const clock = fakeClock();
    const limiter = new AdaptiveRateLimiter({ initialRate: 10 }, clock);
    for (let i = 0; i < 5; i++) limiter.throttled();
    expect(limiter.rate).toBe(8);
    clock.at += 1000;
    limiter.throttled();
    expect(limiter.rate).toBeCloseTo(6.4);
  });

  it("empties its bucket on a throttle, since RDS's is empty", async () => {
    const clock = fakeClock();
    const limiter = new AdaptiveRateLimiter({ initialRate: 10, burst: 100 }, clock);
    limiter.throttled();
    const times = await takeTimes(limiter, clock, 2);
    expect(times).toEqual([125, 250]);
  });

  it("never falls below the minimum rate", () => {
    const clock = fakeClock();
    const limiter = new AdaptiveRateLimiter({ initialRate: 1, minRate: 0.5 }, clock);
    for (let i = 0; i < 10; i++) {
      limiter.throttled();
      clock.at += 1000;
    }
    expect(limiter.rate).toBe(0.5);
  });

  it("raises the rate only while it holds requests back", async () => {
    const clock = fakeClock();
    const limiter = new AdaptiveRateLimiter({ initialRate: 10, burst: 2 }, clock);
    await takeTimes(limiter, clock, 2);
    limiter.answered();
    limiter.answered();
    expect(limiter.rate).toBe(10);
    await takeTimes(limiter, clock, 2);
    for (let i = 0; i < 20; i++) limiter.answered();
    expect(limiter.rate).toBeCloseTo(11);
  });
});
