import { describe, expect, it } from 'vitest';
import {
  defaultFaultPreferences,
  faultStorageKey,
  loadFaultPreferences,
  parseFaultPreferences,
  saveFaultPreferences,
  toFaultSettings,
  withFaultSettings,
  type KeyValueStorage,
} from './fault-preferences';

function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
  };
}

describe('fault preferences', () => {
  it('turns switched-off faults into zeros and keeps their amounts for later', () => {
    const prefs = { ...defaultFaultPreferences, duplicate: { on: true, amount: 0.5 } };
    expect(toFaultSettings(prefs)).toEqual({
      drop: 0,
      duplicate: 0.5,
      delayMs: 0,
      jitterMs: 0,
      reorder: 0,
    });
    const delayed = { ...prefs, delay: { on: true, amount: 250, jitterMs: 50 } };
    expect(toFaultSettings(delayed)).toMatchObject({ delayMs: 250, jitterMs: 50 });
  });

  it('round-trips through storage per sandbox', () => {
    const storage = memoryStorage();
    const prefs = { ...defaultFaultPreferences, seed: 7, drop: { on: true, amount: 0.1 } };
    saveFaultPreferences(storage, 'ecommerce', prefs);
    expect(storage.data.has(faultStorageKey('ecommerce'))).toBe(true);
    expect(loadFaultPreferences(storage, 'ecommerce')).toEqual(prefs);
    expect(loadFaultPreferences(storage, 'other')).toEqual(defaultFaultPreferences);
  });

  it('repairs malformed or out-of-range entries field by field', () => {
    expect(parseFaultPreferences('not json')).toEqual(defaultFaultPreferences);
    expect(parseFaultPreferences('[1]').seed).toBe(defaultFaultPreferences.seed);
    const repaired = parseFaultPreferences(
      JSON.stringify({ seed: 12.7, drop: { on: true, amount: 7 }, delay: { on: 'yes' } }),
    );
    // Out of range means "not what the reader chose": the default, never a clamped neighbour.
    expect(repaired.seed).toBe(defaultFaultPreferences.seed);
    expect(repaired.drop).toEqual({ on: true, amount: defaultFaultPreferences.drop.amount });
    expect(repaired.delay).toEqual(defaultFaultPreferences.delay);
    for (const seed of [2 ** 32, -1, '7']) {
      expect(parseFaultPreferences(JSON.stringify({ seed })).seed).toBe(55);
    }
    expect(parseFaultPreferences(JSON.stringify({ seed: 2 ** 32 - 1 })).seed).toBe(2 ** 32 - 1);
    const delays = parseFaultPreferences(
      JSON.stringify({ delay: { on: true, amount: 60_001, jitterMs: -5 } }),
    );
    expect(delays.delay).toEqual({ ...defaultFaultPreferences.delay, on: true });
  });

  it('survives a storage that throws', () => {
    const broken: KeyValueStorage = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('quota');
      },
    };
    expect(loadFaultPreferences(broken, 'x')).toEqual(defaultFaultPreferences);
    expect(() => saveFaultPreferences(broken, 'x', defaultFaultPreferences)).not.toThrow();
  });

  it("takes a share link's faults: above zero is on at that amount, zero is off with the amount kept", () => {
    const prefs = withFaultSettings(defaultFaultPreferences, {
      drop: 0,
      duplicate: 0.5,
      delayMs: 120,
      jitterMs: 30,
      reorder: 0,
    });
    expect(prefs.duplicate).toEqual({ on: true, amount: 0.5 });
    expect(prefs.delay).toEqual({ on: true, amount: 120, jitterMs: 30 });
    expect(prefs.drop).toEqual({ ...defaultFaultPreferences.drop, on: false });
    expect(toFaultSettings(prefs)).toEqual({
      drop: 0,
      duplicate: 0.5,
      delayMs: 120,
      jitterMs: 30,
      reorder: 0,
    });
  });
});
