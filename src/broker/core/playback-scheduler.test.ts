import { describe, expect, it } from 'vitest';
import { manualClock } from './manual-clock';
import { createPlaybackScheduler } from './playback-scheduler';

describe('playback scheduler', () => {
  it('runs actions when their virtual time is due, at speed 1', () => {
    const clock = manualClock();
    const scheduler = createPlaybackScheduler({ clock });
    const seen: number[] = [];
    scheduler.schedule(() => seen.push(scheduler.now()), 100);
    clock.advance(99);
    expect(seen).toEqual([]);
    clock.advance(1);
    expect(seen).toEqual([100]);
  });

  it('speed 2 makes 100 virtual ms pass in 50 real ms', () => {
    const clock = manualClock();
    const scheduler = createPlaybackScheduler({ clock, speed: 2 });
    const seen: number[] = [];
    scheduler.schedule(() => seen.push(scheduler.now()), 100);
    clock.advance(49);
    expect(seen).toEqual([]);
    clock.advance(1);
    expect(seen).toEqual([100]);
  });

  it('speed 0.25 makes 100 virtual ms take 400 real ms', () => {
    const clock = manualClock();
    const scheduler = createPlaybackScheduler({ clock, speed: 0.25 });
    let ran = false;
    scheduler.schedule(() => (ran = true), 100);
    clock.advance(399);
    expect(ran).toBe(false);
    clock.advance(1);
    expect(ran).toBe(true);
  });

  it('speed is clamped to 0.25–4', () => {
    const scheduler = createPlaybackScheduler({ clock: manualClock(), speed: 10 });
    expect(scheduler.speed).toBe(4);
    scheduler.setSpeed(0.01);
    expect(scheduler.speed).toBe(0.25);
  });

  it('changing speed mid-wait keeps virtual time continuous', () => {
    const clock = manualClock();
    const scheduler = createPlaybackScheduler({ clock });
    let ranAt = -1;
    scheduler.schedule(() => (ranAt = clock.now()), 100);
    clock.advance(50); // virtual 50
    scheduler.setSpeed(0.5);
    expect(scheduler.now()).toBe(50);
    clock.advance(99);
    expect(ranAt).toBe(-1);
    clock.advance(1); // 50 more virtual ms took 100 real ms
    expect(ranAt).toBe(150);
  });

  it('pause freezes time and fires nothing; resume continues where it stopped', () => {
    const clock = manualClock();
    const scheduler = createPlaybackScheduler({ clock });
    let ran = false;
    scheduler.schedule(() => (ran = true), 100);
    clock.advance(40);
    scheduler.pause();
    clock.advance(1000);
    expect(ran).toBe(false);
    expect(scheduler.now()).toBe(40);
    scheduler.resume();
    clock.advance(59);
    expect(ran).toBe(false);
    clock.advance(1);
    expect(ran).toBe(true);
    expect(scheduler.now()).toBe(100);
  });

  it('step while paused runs exactly the next due action and moves time to it', () => {
    const clock = manualClock();
    const scheduler = createPlaybackScheduler({ clock });
    const seen: string[] = [];
    scheduler.schedule(() => seen.push('b'), 200);
    scheduler.schedule(() => seen.push('a'), 100);
    scheduler.schedule(() => seen.push('a2'), 100);
    scheduler.pause();
    expect(scheduler.step()).toBe(true);
    expect(seen).toEqual(['a']);
    expect(scheduler.now()).toBe(100);
    expect(scheduler.step()).toBe(true);
    expect(seen).toEqual(['a', 'a2']);
    expect(scheduler.step()).toBe(true);
    expect(seen).toEqual(['a', 'a2', 'b']);
    expect(scheduler.now()).toBe(200);
    expect(scheduler.step()).toBe(false);
  });

  it('step does nothing while running', () => {
    const scheduler = createPlaybackScheduler({ clock: manualClock() });
    scheduler.schedule(() => undefined, 10);
    expect(scheduler.step()).toBe(false);
    expect(scheduler.pending()).toBe(1);
  });

  it('an unsubscribed action never runs', () => {
    const clock = manualClock();
    const scheduler = createPlaybackScheduler({ clock });
    let ran = false;
    const subscription = scheduler.schedule(() => (ran = true), 10);
    subscription.unsubscribe();
    clock.advance(100);
    expect(ran).toBe(false);
    expect(scheduler.pending()).toBe(0);
  });

  it('an action can reschedule itself, as RxJS periodic actions do', () => {
    const clock = manualClock();
    const scheduler = createPlaybackScheduler({ clock });
    const times: number[] = [];
    scheduler.schedule<number>(function (count = 0) {
      times.push(scheduler.now());
      if (count < 2) this.schedule(count + 1, 10);
    }, 10);
    clock.advance(100);
    expect(times).toEqual([10, 20, 30]);
  });

  it('equal due times run in the order they were scheduled', () => {
    const clock = manualClock();
    const scheduler = createPlaybackScheduler({ clock });
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) scheduler.schedule(() => seen.push(i), 0);
    clock.advance(1);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('a zero-delay action that keeps rescheduling itself yields between passes', () => {
    const clock = manualClock();
    const scheduler = createPlaybackScheduler({ clock });
    let runs = 0;
    scheduler.schedule(function () {
      runs++;
      this.schedule(undefined, 0);
    }, 0);
    clock.advance(1);
    // One timer pass ran it once; the rescheduled run waits for the next real timer.
    expect(runs).toBe(1);
    clock.advance(3);
    expect(runs).toBe(4);
    scheduler.dispose();
  });
});
