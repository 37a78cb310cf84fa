import { describe, expect, it } from 'vitest';
import { hasPassed, loadProgress, markPassed, parseProgress } from './progress';
import { exportProgress, importProgress } from './progress-file';

class MemoryStorage {
  readonly map = new Map<string, string>();
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.map.set(key, value);
  }
}
const memory = () => new MemoryStorage() as unknown as Storage;

describe('exercise progress', () => {
  it('keeps a pass with its first time, and exports and imports it', () => {
    const storage = memory();
    markPassed('charge-once', [1, 2, 3], storage, new Date('2026-01-02T03:04:05Z'));
    markPassed('charge-once', [1, 2, 3], storage, new Date('2027-01-01T00:00:00Z'));
    const progress = loadProgress(storage);
    expect(progress.exercises['charge-once']?.passedAt).toBe('2026-01-02T03:04:05.000Z');
    const file = exportProgress(progress);
    const other = memory();
    markPassed('prefetch-share', [1], other);
    const merged = importProgress(file, other);
    expect(hasPassed(merged, 'charge-once')).toBe(true);
    expect(hasPassed(merged, 'prefetch-share')).toBe(true);
    expect(hasPassed(loadProgress(other), 'charge-once')).toBe(true);
  });

  it('refuses files that are not progress files, and drops entries of the wrong shape', () => {
    expect(() => importProgress('not json', memory())).toThrow(/not JSON/);
    expect(() => importProgress('{"exercises":{}}', memory())).toThrow(/not a progress file/);
    const parsed = parseProgress(
      JSON.stringify({
        format: 'eda-playground-progress',
        exercises: {
          __proto__: { passedAt: '2026-01-01T00:00:00Z', seeds: [1] },
          'Bad Name': { passedAt: '2026-01-01T00:00:00Z', seeds: [1] },
          good: { passedAt: '2026-01-01T00:00:00Z', seeds: [1] },
          'no-date': { passedAt: 'yesterday', seeds: [1] },
        },
      }),
      true,
    );
    expect(Object.keys(parsed.exercises)).toEqual(['good']);
    expect(hasPassed(parsed, 'toString')).toBe(false);
  });

  it('reads no progress from broken storage', () => {
    const storage = memory();
    storage.setItem('eda-progress', '{oops');
    expect(Object.keys(loadProgress(storage).exercises)).toEqual([]);
  });
});
