import { describe, expect, it } from 'vitest';
import { manualClock } from './manual-clock';
import { asFastAsPossible, createRunClock, idleCapMs } from './run-clock';

describe('run clock', () => {
  it('moves time only from one action to the next, paced at speed × real time', () => {
    const real = manualClock();
    const clock = createRunClock({ clock: real });
    const seen: number[] = [];
    clock.schedule(() => seen.push(clock.now()), 100);
    real.advance(60);
    expect(clock.now()).toBe(0); // discrete: nothing ran, so no time passed
    real.advance(40);
    expect(seen).toEqual([100]);
    expect(clock.now()).toBe(100);
  });

  it('runs nothing while the gate is shut, then goes on at its pace (no burst to catch up)', () => {
    const real = manualClock();
    const clock = createRunClock({ clock: real });
    let open = false;
    clock.setGate(() => open);
    const seen: number[] = [];
    clock.schedule(() => seen.push(clock.now()), 10);
    clock.schedule(() => seen.push(clock.now()), 20);
    real.advance(1_000);
    expect(seen).toEqual([]);
    open = true;
    clock.kick();
    real.advance(1);
    expect(seen).toEqual([10]);
    real.advance(9);
    expect(seen).toEqual([10]);
    real.advance(1);
    expect(seen).toEqual([10, 20]);
  });

  it('looks at the gate when a pass starts, then runs everything due at that time in it', () => {
    const real = manualClock();
    const clock = createRunClock({ clock: real });
    let open = true;
    clock.setGate(() => open);
    const seen: string[] = [];
    clock.schedule(() => {
      seen.push('first');
      open = false; // it handed a thread work
    }, 0);
    clock.schedule(() => seen.push('second at the same time'), 0);
    clock.schedule(() => seen.push('later'), 1);
    real.advance(5);
    // Due at the time the pass began: it runs, gate or not (which ran was fixed at the start).
    expect(seen).toEqual(['first', 'second at the same time']);
    open = true;
    clock.kick();
    real.advance(5);
    expect(seen).toEqual(['first', 'second at the same time', 'later']);
  });

  it('a pass that finds the gate shut runs nothing, however much is due', () => {
    const real = manualClock();
    const clock = createRunClock({ clock: real });
    let open = false;
    clock.setGate(() => open);
    const seen: number[] = [];
    for (let i = 0; i < 3; i += 1) clock.schedule(() => seen.push(i), 0);
    real.advance(5);
    expect(seen).toEqual([]);
    open = true;
    clock.kick();
    real.advance(1);
    expect(seen).toEqual([0, 1, 2]);
  });

  it('as fast as possible: run time never waits for the wall clock', () => {
    const real = manualClock();
    const clock = createRunClock({ clock: real, speed: asFastAsPossible });
    const seen: number[] = [];
    clock.schedule(() => seen.push(clock.now()), 30_000);
    clock.schedule(() => seen.push(clock.now()), 60_000);
    real.advance(1); // one real turn (the manual clock's 0 ms timer), not a minute
    expect(seen).toEqual([30_000, 60_000]);
    expect(clock.speed).toBe(asFastAsPossible);
    clock.setSpeed(100);
    expect(clock.speed).toBe(4); // finite speeds stay clamped to the slider's range
  });

  it('pauses, steps one action at a time, and resumes without jumping', () => {
    const real = manualClock();
    const clock = createRunClock({ clock: real });
    const seen: number[] = [];
    for (const at of [100, 200, 300]) clock.schedule(() => seen.push(clock.now()), at);
    clock.pause();
    real.advance(1_000);
    expect(seen).toEqual([]);
    expect(clock.step()).toBe(true);
    expect(seen).toEqual([100]);
    clock.resume();
    real.advance(99);
    expect(seen).toEqual([100]);
    real.advance(1);
    expect(seen).toEqual([100, 200]);
  });

  it('skips idle time: a 30 s wait plays in a tenth of a second, the times stay the run’s', () => {
    const real = manualClock();
    const clock = createRunClock({ clock: real, skipIdle: true });
    const seen: number[] = [];
    clock.schedule(() => seen.push(clock.now()), 30_000);
    real.advance(idleCapMs);
    expect(seen).toEqual([30_000]);
  });

  it('speed 4 plays 400 run ms in 100 real ms', () => {
    const real = manualClock();
    const clock = createRunClock({ clock: real, speed: 4 });
    const seen: number[] = [];
    clock.schedule(() => seen.push(clock.now()), 400);
    real.advance(99);
    expect(seen).toEqual([]);
    real.advance(1);
    expect(seen).toEqual([400]);
  });

  it('runs equal times in the order they were scheduled', () => {
    const real = manualClock();
    const clock = createRunClock({ clock: real });
    const seen: string[] = [];
    clock.schedule(() => seen.push('a'), 50);
    clock.schedule(() => seen.push('b'), 50);
    clock.schedule(() => seen.push('c'), 10);
    real.advance(50);
    expect(seen).toEqual(['c', 'a', 'b']);
  });
});
