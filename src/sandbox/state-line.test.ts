import { describe, expect, it } from 'vitest';
import { stateLine } from './state-line';

const none = { drop: 0, duplicate: 0, delayMs: 0, jitterMs: 0, reorder: 0 };

describe('the state line', () => {
  it('says nothing when the sandbox is as the lesson set it up', () => {
    expect(stateLine(none, 0)).toBe('');
    expect(stateLine(undefined, 0)).toBe('');
  });

  it('names every fault that is on, with its amount, and the edited files', () => {
    expect(stateLine({ ...none, duplicate: 0.3 }, 1)).toBe('Duplicate 30 % on · 1 file edited');
    expect(
      stateLine({ drop: 0.125, duplicate: 0, delayMs: 300, jitterMs: 200, reorder: 1 }, 2),
    ).toBe('Drop 12.5 % on · Delay 300 ms ± 200 ms on · Reorder 100 % on · 2 files edited');
    expect(stateLine(undefined, 3)).toBe('3 files edited');
  });
});
