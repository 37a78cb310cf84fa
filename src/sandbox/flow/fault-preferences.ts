import type { FaultSettings } from '../../broker/core/fault-settings';
import {
  checkDelayMs,
  checkProbability,
  checkSeed,
  type Checked,
} from '../../runtime/run-option-limits';

/** One fault switch: on or off, and the amount it uses when on. */
export interface FaultSwitch {
  readonly on: boolean;
  /** Probability in [0, 1], or milliseconds for delay. */
  readonly amount: number;
}

/** What the fault panel remembers per sandbox: the seed and every switch with its amount. */
export interface FaultPreferences {
  readonly seed: number;
  readonly drop: FaultSwitch;
  readonly duplicate: FaultSwitch;
  readonly delay: FaultSwitch & { readonly jitterMs: number };
  readonly reorder: FaultSwitch;
}

/**
 * Defaults: no fault on, sensible amounts ready for when one is switched on. The seed is
 * the one the delivery-guarantees lesson names: with Duplicate at 30 %, it duplicates billing's
 * o-1001 and o-1002 in the e-commerce sandbox (a browser test keeps that true).
 */
export const defaultFaultPreferences: FaultPreferences = {
  seed: 55,
  drop: { on: false, amount: 0.2 },
  duplicate: { on: false, amount: 0.3 },
  delay: { on: false, amount: 300, jitterMs: 200 },
  reorder: { on: false, amount: 0.3 },
};

/** The FaultSettings the broker gets: switched-off faults count as zero. */
export function toFaultSettings(prefs: FaultPreferences): FaultSettings {
  return {
    drop: prefs.drop.on ? prefs.drop.amount : 0,
    duplicate: prefs.duplicate.on ? prefs.duplicate.amount : 0,
    delayMs: prefs.delay.on ? prefs.delay.amount : 0,
    jitterMs: prefs.delay.on ? prefs.delay.jitterMs : 0,
    reorder: prefs.reorder.on ? prefs.reorder.amount : 0,
  };
}

/**
 * The panel's preferences that give `faults` (a share link's): a fault above zero is switched
 * on at that amount; one at zero is off, keeping the amount the reader had ready.
 */
export function withFaultSettings(
  prefs: FaultPreferences,
  faults: FaultSettings,
): FaultPreferences {
  const set = (current: FaultSwitch, amount: number): FaultSwitch =>
    amount > 0 ? { on: true, amount } : { ...current, on: false };
  return {
    ...prefs,
    drop: set(prefs.drop, faults.drop),
    duplicate: set(prefs.duplicate, faults.duplicate),
    delay: {
      ...set(prefs.delay, faults.delayMs),
      jitterMs: faults.delayMs > 0 ? faults.jitterMs : prefs.delay.jitterMs,
    },
    reorder: set(prefs.reorder, faults.reorder),
  };
}

/** The localStorage key for one sandbox's fault settings. */
export function faultStorageKey(sandboxId: string): string {
  return `eda-playground:faults:${sandboxId}`;
}

/** The page's localStorage, or undefined where it is blocked (a sandboxed or private frame). */
export function browserStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

/** The slice of `Storage` used, so tests can pass a Map-backed fake. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/**
 * A stored number through the same check the panel's field uses; anything refused (a
 * hand-edited 4294967296, a string) falls back to the default rather than being clamped or
 * wrapped into a value the reader never chose.
 */
function valid(
  value: unknown,
  check: (value: number) => Checked<number>,
  fallback: number,
): number {
  if (typeof value !== 'number') return fallback;
  const checked = check(value);
  return checked.ok ? checked.value : fallback;
}

function readSwitch(
  raw: unknown,
  fallback: FaultSwitch,
  check: (value: number) => Checked<number>,
): FaultSwitch {
  const value = (raw ?? {}) as { on?: unknown; amount?: unknown };
  return {
    on: typeof value.on === 'boolean' ? value.on : fallback.on,
    amount: valid(value.amount, check, fallback.amount),
  };
}

const probability = (value: number) => checkProbability(value, 'A stored chance');
const milliseconds = (value: number) => checkDelayMs(value, 'A stored delay');

/**
 * Reads and validates stored preferences; anything missing, malformed or out of range falls
 * back to the defaults field by field, so an old or hand-edited entry never breaks the panel.
 */
export function parseFaultPreferences(text: string | null): FaultPreferences {
  const d = defaultFaultPreferences;
  if (text === null) return d;
  let raw: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return d;
    raw = parsed as Record<string, unknown>;
  } catch {
    return d;
  }
  const delay = (raw['delay'] ?? {}) as { jitterMs?: unknown };
  return {
    seed: valid(raw['seed'], checkSeed, d.seed),
    drop: readSwitch(raw['drop'], d.drop, probability),
    duplicate: readSwitch(raw['duplicate'], d.duplicate, probability),
    delay: {
      ...readSwitch(raw['delay'], d.delay, milliseconds),
      jitterMs: valid(delay.jitterMs, milliseconds, d.delay.jitterMs),
    },
    reorder: readSwitch(raw['reorder'], d.reorder, probability),
  };
}

/** Loads one sandbox's preferences (defaults when storage is missing or blocked). */
export function loadFaultPreferences(
  storage: KeyValueStorage | undefined,
  sandboxId: string,
): FaultPreferences {
  try {
    return parseFaultPreferences(storage?.getItem(faultStorageKey(sandboxId)) ?? null);
  } catch {
    return defaultFaultPreferences;
  }
}

/** Saves one sandbox's preferences; a full or blocked storage is ignored on purpose. */
export function saveFaultPreferences(
  storage: KeyValueStorage | undefined,
  sandboxId: string,
  prefs: FaultPreferences,
): void {
  try {
    storage?.setItem(faultStorageKey(sandboxId), JSON.stringify(prefs));
  } catch {
    // Private mode or quota: the settings still apply to this page, they just are not kept.
  }
}
