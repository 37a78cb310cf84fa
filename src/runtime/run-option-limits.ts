/**
 * The limits of every run option a reader types: the seed, fault amounts, speed and the CLI's
 * durations. One module, with no DOM and no Node, so the flow panel in the browser and
 * `npm run sandbox` in Node accept and refuse exactly the same values with the same words.
 *
 * Each check takes what the reader typed (text from a field or an argument, or a number from
 * storage) and either returns the value or says, in a sentence meant for the reader, what is
 * wrong. Nothing is clamped or wrapped silently: a refused value is reported, never changed.
 */

/** A checked value, or the reason it was refused. */
export type Checked<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/**
 * The seed feeds a 32-bit PRNG, so every unsigned 32-bit integer is a distinct run and nothing
 * else is: 4294967296 would wrap to 0 and -1 to 4294967295, replaying a run the reader did not ask for.
 */
export const SEED_MAX = 0xffff_ffff;

/** Fault chances are shown in percent; the broker takes probabilities in [0, 1]. */
export const PERCENT_MAX = 100;

/** Delay and jitter: a minute is far beyond any lesson, and keeps a run from stalling for hours. */
export const DELAY_MAX_MS = 60_000;

/** The speeds the run controls accept (the Speed slider offers steps inside this range). */
export const SPEED_MIN = 0.25;
export const SPEED_MAX = 4;

/** `--duration`, `--quiet`, `--time-limit`: up to a day; longer is a typo, not a lesson. */
export const CLI_MS_MAX = 86_400_000;

const wholeNumber = /^\d+$/;
const decimalNumber = /^\d+(?:\.\d+)?$/;

/**
 * A seed: a whole number from 0 to 4294967295. Refused: empty text, signs, fractions,
 * exponents and hex ("1e3", "0x10"), and anything past 2^32 - 1.
 * @example checkSeed('55') // { ok: true, value: 55 }
 */
export function checkSeed(input: string | number): Checked<number> {
  return checkNumber(input, {
    what: 'The seed',
    min: 0,
    max: SEED_MAX,
    integer: true,
  });
}

/**
 * A fault chance in percent, 0 to 100 (decimals allowed: 2.5 %).
 * @example checkPercent('30', 'Duplicate chance') // { ok: true, value: 30 }
 */
export function checkPercent(input: string | number, what: string): Checked<number> {
  return checkNumber(input, { what, min: 0, max: PERCENT_MAX, integer: false, unit: ' %' });
}

/**
 * A probability in [0, 1], as the broker's fault settings hold it (what `--controls` sends).
 * @example checkProbability(0.3, 'drop') // { ok: true, value: 0.3 }
 */
export function checkProbability(input: string | number, what: string): Checked<number> {
  return checkNumber(input, { what, min: 0, max: 1, integer: false });
}

/**
 * A delay or jitter in milliseconds, 0 to 60000.
 * @example checkDelayMs('300', 'Delay') // { ok: true, value: 300 }
 */
export function checkDelayMs(input: string | number, what: string): Checked<number> {
  return checkNumber(input, { what, min: 0, max: DELAY_MAX_MS, integer: false, unit: ' ms' });
}

/**
 * A playback speed, 0.25 to 4 (1 is real time).
 * @example checkSpeed('2') // { ok: true, value: 2 }
 */
export function checkSpeed(input: string | number): Checked<number> {
  return checkNumber(input, {
    what: 'The speed',
    min: SPEED_MIN,
    max: SPEED_MAX,
    integer: false,
    unit: '×',
  });
}

/**
 * One of the CLI's durations in whole milliseconds, 0 to a day.
 * @example checkCliMs('1500', '--quiet') // { ok: true, value: 1500 }
 */
export function checkCliMs(input: string | number, what: string): Checked<number> {
  return checkNumber(input, { what, min: 0, max: CLI_MS_MAX, integer: true, unit: ' ms' });
}

/** Fault settings as the broker takes them (probabilities and milliseconds). */
export interface FaultAmounts {
  readonly drop: number;
  readonly duplicate: number;
  readonly delayMs: number;
  readonly jitterMs: number;
  readonly reorder: number;
}

/**
 * Whole fault settings from an untrusted source (a `--controls` line): every field present and
 * in range, nothing else.
 */
export function checkFaultAmounts(input: unknown): Checked<FaultAmounts> {
  if (typeof input !== 'object' || input === null) {
    return refuse('The faults must be an object with drop, duplicate, delayMs, jitterMs, reorder.');
  }
  const raw = input as Record<string, unknown>;
  const fields = [
    ['drop', checkProbability],
    ['duplicate', checkProbability],
    ['reorder', checkProbability],
    ['delayMs', checkDelayMs],
    ['jitterMs', checkDelayMs],
  ] as const;
  const out: Record<string, number> = {};
  for (const [key, check] of fields) {
    const value = raw[key];
    if (typeof value !== 'number') return refuse(`The fault "${key}" must be a number.`);
    const checked = check(value, `The fault "${key}"`);
    if (!checked.ok) return checked;
    out[key] = checked.value;
  }
  return { ok: true, value: out as unknown as FaultAmounts };
}

interface NumberRule {
  readonly what: string;
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
  readonly unit?: string;
}

function checkNumber(input: string | number, rule: NumberRule): Checked<number> {
  const range = `${rule.integer ? 'a whole number' : 'a number'} from ${rule.min} to ${rule.max}${rule.unit ?? ''}`;
  let value: number;
  if (typeof input === 'number') {
    value = input;
  } else {
    const text = input.trim();
    if (text === '') return refuse(`${rule.what} is empty; it must be ${range}.`);
    // Number() would read "", "0x10", "1e3" and " 7 " as numbers; a reader means digits.
    if (!(rule.integer ? wholeNumber : decimalNumber).test(text.replace(/^-/, ''))) {
      return refuse(`${rule.what} must be ${range}; "${shorten(text)}" is not.`);
    }
    value = Number(text);
  }
  // NaN is also what a browser's number field reports for letters typed into it (badInput).
  if (Number.isNaN(value)) return refuse(`${rule.what} must be ${range}; that is not a number.`);
  if (!Number.isFinite(value)) return refuse(`${rule.what} must be ${range}; got ${value}.`);
  if (rule.integer && !Number.isInteger(value)) {
    return refuse(`${rule.what} must be ${range}; ${value} is not whole.`);
  }
  if (value < rule.min) return refuse(`${rule.what} must be ${range}; ${value} is too small.`);
  if (value > rule.max) return refuse(`${rule.what} must be ${range}; ${value} is too large.`);
  // -0 typed as "-0" is 0 for every purpose here; keep it from showing as "-0" later.
  return { ok: true, value: value === 0 ? 0 : value };
}

function refuse(message: string): { readonly ok: false; readonly message: string } {
  return { ok: false, message };
}

/** Long pasted junk is cut so the message stays one readable line. */
function shorten(text: string): string {
  return text.length > 24 ? `${text.slice(0, 24)}…` : text;
}
