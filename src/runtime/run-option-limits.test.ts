import { describe, expect, it } from 'vitest';
import {
  checkCliMs,
  checkDelayMs,
  checkFaultAmounts,
  checkPercent,
  checkProbability,
  checkSeed,
  checkSpeed,
  SEED_MAX,
} from './run-option-limits';

const value = (checked: { ok: boolean; value?: number }) =>
  checked.ok ? checked.value : 'refused';

describe('run option limits', () => {
  it('accepts every unsigned 32-bit seed, typed or stored', () => {
    expect(checkSeed('0')).toEqual({ ok: true, value: 0 });
    expect(checkSeed(' 55 ')).toEqual({ ok: true, value: 55 });
    expect(checkSeed('4294967295')).toEqual({ ok: true, value: SEED_MAX });
    expect(checkSeed(7)).toEqual({ ok: true, value: 7 });
  });

  it('refuses seeds that would be read as something else, saying why', () => {
    for (const typed of ['abc', '', '1.5', '1e3', '0x10', '+3', '--1', '4294967296', '-1']) {
      expect(value(checkSeed(typed)), typed).toBe('refused');
    }
    for (const stored of [-1, 2 ** 32, 0.5, Number.NaN, Infinity]) {
      expect(value(checkSeed(stored)), String(stored)).toBe('refused');
    }
    const tooLarge = checkSeed('4294967296');
    expect(tooLarge.ok ? '' : tooLarge.message).toBe(
      'The seed must be a whole number from 0 to 4294967295; 4294967296 is too large.',
    );
    const word = checkSeed('abc');
    expect(word.ok ? '' : word.message).toBe(
      'The seed must be a whole number from 0 to 4294967295; "abc" is not.',
    );
    const negative = checkSeed('-1');
    expect(negative.ok ? '' : negative.message).toContain('-1 is too small');
    const empty = checkSeed('  ');
    expect(empty.ok ? '' : empty.message).toBe(
      'The seed is empty; it must be a whole number from 0 to 4294967295.',
    );
  });

  it('takes fault chances in percent from 0 to 100, decimals included', () => {
    expect(value(checkPercent('0', 'Drop chance'))).toBe(0);
    expect(value(checkPercent('2.5', 'Drop chance'))).toBe(2.5);
    expect(value(checkPercent('100', 'Drop chance'))).toBe(100);
    for (const typed of ['100.1', '-5', 'lots', '', '1e2']) {
      expect(value(checkPercent(typed, 'Drop chance')), typed).toBe('refused');
    }
    const over = checkPercent('150', 'Drop chance');
    expect(over.ok ? '' : over.message).toBe(
      'Drop chance must be a number from 0 to 100 %; 150 is too large.',
    );
  });

  it('bounds probabilities, delays, speeds and CLI durations', () => {
    expect(value(checkProbability(1, 'drop'))).toBe(1);
    expect(value(checkProbability(1.01, 'drop'))).toBe('refused');
    expect(value(checkDelayMs('60000', 'Delay'))).toBe(60_000);
    expect(value(checkDelayMs('60001', 'Delay'))).toBe('refused');
    expect(value(checkSpeed('0.25'))).toBe(0.25);
    expect(value(checkSpeed('4'))).toBe(4);
    expect(value(checkSpeed('0'))).toBe('refused');
    expect(value(checkSpeed(Infinity))).toBe('refused');
    expect(value(checkCliMs('1500', '--quiet'))).toBe(1500);
    expect(value(checkCliMs('1.5', '--quiet'))).toBe('refused');
    expect(value(checkCliMs('-1', '--quiet'))).toBe('refused');
  });

  it('checks whole fault settings from an untrusted line', () => {
    const ok = { drop: 0.1, duplicate: 0, delayMs: 300, jitterMs: 0, reorder: 0 };
    expect(checkFaultAmounts(ok)).toEqual({ ok: true, value: ok });
    expect(checkFaultAmounts({ ...ok, extra: 1 })).toEqual({ ok: true, value: ok });
    expect(checkFaultAmounts({ ...ok, drop: 2 }).ok).toBe(false);
    expect(checkFaultAmounts({ ...ok, delayMs: '300' }).ok).toBe(false);
    expect(checkFaultAmounts(null).ok).toBe(false);
  });
});
