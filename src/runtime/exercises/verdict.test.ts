import { describe, expect, it } from 'vitest';
import { listSeeds, verdictOf } from './verdict';

describe('the verdict a reader reads', () => {
  it('lists the seeds it passed on in plain words', () => {
    expect(listSeeds([1])).toBe('1');
    expect(listSeeds([1, 2])).toBe('1 and 2');
    expect(listSeeds([1, 2, 3])).toBe('1, 2 and 3');
    const passed = [1, 2, 3].map((seed) => ({ seed, outcome: { passed: true as const } }));
    expect(verdictOf(passed)).toEqual({ passed: true, text: 'Passed on seeds 1, 2 and 3' });
    expect(verdictOf(passed.slice(0, 1)).text).toBe('Passed on seed 1');
  });

  it('names the first failing seed and the event to look at', () => {
    const verdict = verdictOf([
      { seed: 1, outcome: { passed: true } },
      { seed: 2, outcome: { passed: false, message: 'Order o-1002 was charged twice', event: 57 } },
      { seed: 3, outcome: { passed: false, message: 'Order o-1003 was charged twice' } },
    ]);
    expect(verdict).toEqual({
      passed: false,
      text: 'Order o-1002 was charged twice on seed 2 — see event #57',
      seed: 2,
      event: 57,
    });
  });
});
