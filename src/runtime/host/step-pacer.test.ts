import { describe, expect, it } from 'vitest';
import { createRunClock } from '../../broker';
import { manualClock } from '../../broker/core/manual-clock';
import type { TraceEvent } from '../../broker/core/trace-event';
import { StepPacer, stepActionLimit } from './step-pacer';

const event = (from: string): TraceEvent => ({
  seq: 0,
  time: 0,
  kind: 'published',
  model: 'amqp',
  from,
  to: 'q',
});

/**
 * A pacer on a run clock in virtual time, with a stand-in for run-rounds.ts: with no services,
 * the rounds are always idle, so each pump during a Step is one `advance`.
 */
function paced() {
  const real = manualClock();
  const clock = createRunClock({ clock: real });
  let lines = 0;
  let pumps = 0;
  const pacer = new StepPacer({ clock, lines: () => lines, pump: () => (pumps += 1) });
  const shown: string[] = [];
  let completed = false;
  pacer.trace$.subscribe({
    next: (e) => shown.push(e.from),
    complete: () => (completed = true),
  });
  /** Runs the pumps a Step asked for, as the rounds would once every thread has settled. */
  const runRounds = (): void => {
    // Bounded, so a pacer that never gives up fails its test instead of hanging it.
    for (let turns = 0; pumps > 0 && turns < 10 * stepActionLimit; turns += 1) {
      pumps -= 1;
      if (pacer.stepping && pacer.advance()) pumps += 1;
    }
  };
  return {
    real,
    clock,
    pacer,
    shown,
    runRounds,
    print: () => (lines += 1),
    pumps: () => pumps,
    completed: () => completed,
  };
}

describe('StepPacer', () => {
  it('while paused, the events of one instant show one per Step, in order', () => {
    const { pacer, shown } = paced();
    pacer.pause();
    for (const queue of ['a', 'b', 'c']) pacer.event(event(queue));
    expect(shown).toEqual([]);
    pacer.step();
    expect(shown).toEqual(['a']);
    pacer.step();
    expect(shown).toEqual(['a', 'b']);
  });

  it('a Step with nothing held runs the clock until the next trace event shows', () => {
    const { clock, pacer, shown, runRounds } = paced();
    clock.schedule(() => undefined, 100);
    clock.schedule(() => pacer.event(event('second')), 200);
    clock.schedule(() => pacer.event(event('third')), 300);
    pacer.pause();
    pacer.step();
    runRounds();
    expect(shown).toEqual(['second']);
    expect(clock.now()).toBe(200);
    expect(pacer.stepping).toBe(false);
  });

  it("a Step stops at a console line a service's timer printed", () => {
    const { clock, pacer, shown, runRounds, print } = paced();
    clock.schedule(() => print(), 100);
    clock.schedule(() => pacer.event(event('later')), 200);
    pacer.pause();
    pacer.step();
    runRounds();
    expect(clock.now()).toBe(100);
    expect(shown).toEqual([]);
    expect(pacer.stepping).toBe(false);
  });

  it('a Step gives up after 1,000 silent actions of a timer that sets itself again', () => {
    const { clock, pacer, runRounds } = paced();
    let ran = 0;
    const again = (): void => {
      ran += 1;
      clock.schedule(again, 10);
    };
    clock.schedule(again, 10);
    pacer.pause();
    pacer.step();
    runRounds();
    expect(ran).toBe(stepActionLimit);
    expect(pacer.stepping).toBe(false);
  });

  it('a Step while the run plays does nothing', () => {
    const { clock, pacer, shown, pumps } = paced();
    clock.schedule(() => pacer.event(event('x')), 100);
    pacer.step();
    expect(pacer.stepping).toBe(false);
    expect(pumps()).toBe(0);
    expect(shown).toEqual([]);
  });

  it('Resume ends a Step, shows every held event, and lets the clock run again', () => {
    const { real, clock, pacer, shown, pumps } = paced();
    pacer.pause();
    pacer.event(event('a'));
    pacer.event(event('b'));
    pacer.step();
    pacer.resume();
    expect(shown).toEqual(['a', 'b']);
    expect(pacer.stepping).toBe(false);
    expect(clock.paused).toBe(false);
    expect(pumps()).toBe(1);
    clock.schedule(() => pacer.event(event('c')), 50);
    real.advance(50);
    expect(shown).toEqual(['a', 'b', 'c']);
  });

  it('at the end of the run, what was held shows before the trace completes', () => {
    const { pacer, shown, completed } = paced();
    pacer.pause();
    pacer.event(event('a'));
    pacer.close();
    expect(shown).toEqual(['a']);
    expect(completed()).toBe(true);
  });
});
