import type { RetryOptions } from './types';

/** The retry settings kafkajs's retrier reads. */
export interface RetryTiming {
  readonly initialRetryTime: number;
  readonly factor: number;
  readonly multiplier: number;
  readonly maxRetryTime: number;
}

function randomFromRetryTime(factor: number, retryTime: number, random: () => number): number {
  const delta = factor * retryTime;
  return Math.ceil(retryTime - delta + random() * 2 * delta);
}

/**
 * The wait before retry number `count` (0-based), following kafkajs's src/retry: the first
 * wait is initialRetryTime ± factor, each next one the previous × multiplier ± factor, capped
 * at maxRetryTime. `random` is the broker's seeded PRNG, not Math.random.
 *
 * @example
 * retryTimes({ initialRetryTime: 300, factor: 0.2, multiplier: 2, maxRetryTime: 30000 }, 0, 0, rnd);
 * // somewhere in 240..360
 */
export function retryTimes(
  timing: RetryTiming,
  count: number,
  previous: number,
  random: () => number,
): number {
  if (count === 0 || previous === 0) {
    return randomFromRetryTime(timing.factor, timing.initialRetryTime, random);
  }
  return Math.min(
    randomFromRetryTime(timing.factor, previous, random) * timing.multiplier,
    timing.maxRetryTime,
  );
}

/** Everything a consumer's retrier uses: the timing and how many retries before a crash. */
export interface RetrySettings extends RetryTiming {
  readonly retries: number;
}

/** A client's `retry` option with kafkajs's defaults filled in (5 retries from 300 ms, ×2, ±20 %). */
export function retrySettings(retry: RetryOptions = {}): RetrySettings {
  return {
    retries: retry.retries ?? 5,
    initialRetryTime: retry.initialRetryTime ?? 300,
    factor: retry.factor ?? 0.2,
    multiplier: retry.multiplier ?? 2,
    maxRetryTime: retry.maxRetryTime ?? 30000,
  };
}
