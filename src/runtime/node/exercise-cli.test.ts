import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** `npm run exercises -- …` as a trainer runs it: bundled, worker_threads, permission model. */
function exercises(...args: string[]) {
  const result = spawnSync(
    process.execPath,
    [join(process.cwd(), 'scripts', 'exercises.mjs'), ...args],
    {
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('npm run exercises', () => {
  it('prints the verdict the page shows: the starting code fails with its seed and event', () => {
    const { code, out } = exercises('check', 'charge-once');
    expect(out.trim()).toMatch(/^Order o-\d+ was charged twice on seed \d — see event #\d+$/);
    expect(code).toBe(1);
  }, 120_000);

  it('passes the solution on every seed', () => {
    const { code, out } = exercises('check', 'charge-once', '--solution');
    expect(out.trim()).toBe('Passed on seeds 1, 2 and 3');
    expect(code).toBe(0);
  }, 120_000);

  it('names an exercise that does not exist, and refuses unknown options', () => {
    const missing = exercises('check', 'no-such-exercise');
    expect(missing.err).toContain('no exercise named "no-such-exercise"');
    expect(missing.code).toBe(2);
    const wrong = exercises('check', 'charge-once', '--fast');
    expect(wrong.err).toContain('usage: npm run exercises');
    expect(wrong.code).toBe(2);
  }, 120_000);
});
