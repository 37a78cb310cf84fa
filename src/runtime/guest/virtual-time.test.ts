import { describe, expect, it } from 'vitest';
import { createVirtualTime } from './virtual-time';

function harness(seed = 1) {
  const timers: Array<[number, number]> = [];
  const cleared: number[] = [];
  const errors: unknown[] = [];
  const time = createVirtualTime({
    epochMs: Date.UTC(2030, 0, 7, 9),
    seed,
    setTimer: (id, delay) => timers.push([id, delay]),
    clearTimer: (id) => cleared.push(id),
    onError: (error) => errors.push(error),
  });
  return { time, timers, cleared, errors };
}

describe('virtual time in a service', () => {
  it('asks the host for timers and runs them when the host says they are due', () => {
    const { time, timers } = harness();
    const seen: string[] = [];
    const id = time.globals.setTimeout((word: string) => seen.push(word), 1_500, 'late');
    expect(timers).toEqual([[id, 1_500]]);
    expect(seen).toEqual([]);
    time.advance(1_500);
    time.fire(id);
    expect(seen).toEqual(['late']);
    time.fire(id); // once only
    expect(seen).toEqual(['late']);
  });

  it('re-arms an interval after each tick, and clearInterval ends it', () => {
    const { time, timers, cleared } = harness();
    let ticks = 0;
    const id = time.globals.setInterval(() => (ticks += 1), 200);
    time.fire(id);
    time.fire(id);
    expect(ticks).toBe(2);
    expect(timers).toEqual([
      [id, 200],
      [id, 200],
      [id, 200],
    ]);
    time.globals.clearInterval(id);
    expect(cleared).toEqual([id]);
    time.fire(id);
    expect(ticks).toBe(2);
  });

  it('reads Date and performance.now from the run clock', () => {
    const { time } = harness();
    const { Date: RunDate, performance } = time.globals;
    time.advance(1_100);
    expect(new RunDate().toISOString()).toBe('2030-01-07T09:00:01.100Z');
    expect(RunDate.now()).toBe(Date.UTC(2030, 0, 7, 9) + 1_100);
    expect(performance.now()).toBe(1_100);
    expect(new RunDate(0).toISOString()).toBe('1970-01-01T00:00:00.000Z');
    expect(new RunDate() instanceof Date).toBe(true);
    expect(typeof (RunDate as unknown as () => string)()).toBe('string');
  });

  it('gives the same Math.random sequence for the same seed, and another for another', () => {
    const draw = (seed: number) =>
      Array.from({ length: 5 }, () => harness(seed).time.globals.Math.random());
    const a = harness(7).time.globals.Math;
    const b = harness(7).time.globals.Math;
    const first = [a.random(), a.random(), a.random()];
    expect([b.random(), b.random(), b.random()]).toEqual(first);
    expect(draw(8)).not.toEqual(draw(9));
    expect(a.max(1, 2)).toBe(2); // the rest of Math is Math
  });

  it('refuses a string of code as a timer, and reports a throwing callback', () => {
    const { time, errors } = harness();
    expect(() => time.globals.setTimeout('alert(1)', 10)).toThrow(/not a string of code/);
    const id = time.globals.setTimeout(() => {
      throw new Error('boom');
    }, 0);
    time.fire(id);
    expect(errors).toHaveLength(1);
  });
});
