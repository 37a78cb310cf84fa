/**
 * The reader's exercise progress, kept in this browser only (localStorage `eda-progress`):
 * which exercises passed, when and on which seeds. Export writes it to a file a trainer can
 * collect; import reads such a file back. Nothing leaves the browser.
 */

import { progressEvent, progressKey } from './progress-keys';

export { progressEvent, progressKey };

/** One passed exercise. */
export interface ExerciseProgress {
  /** ISO time of the first passing Check. */
  readonly passedAt: string;
  readonly seeds: readonly number[];
}

export interface Progress {
  readonly exercises: Readonly<Record<string, ExerciseProgress>>;
}

/** What an exported file says it is, so a wrong file is refused with a reason. */
export const fileFormat = 'eda-playground-progress';
/** A progress file is a few KB; a larger one is not ours. */
const maxFileChars = 1_000_000;
const maxExercises = 2_000;
const exerciseName = /^[a-z0-9][a-z0-9-]{0,79}$/;

/** Reads progress from storage; anything unreadable counts as no progress. */
export function loadProgress(storage: Storage | undefined = safeStorage()): Progress {
  try {
    const raw = storage?.getItem(progressKey);
    return raw ? parseProgress(raw) : empty();
  } catch {
    return empty();
  }
}

/** Whether this exercise has passed. */
export function hasPassed(progress: Progress, name: string): boolean {
  return Object.hasOwn(progress.exercises, name);
}

/** Records a passing Check (the first pass's time is kept) and tells the page. */
export function markPassed(
  name: string,
  seeds: readonly number[],
  storage: Storage | undefined = safeStorage(),
  now: Date = new Date(),
): Progress {
  const current = loadProgress(storage);
  if (hasPassed(current, name)) return current;
  const next: Progress = {
    exercises: { ...current.exercises, [name]: { passedAt: now.toISOString(), seeds: [...seeds] } },
  };
  save(next, storage);
  return next;
}

/**
 * Parses stored or exported progress. Names and values are checked one by one (a file may come
 * from anyone): unknown shapes are refused, maps have no prototype.
 */
export function parseProgress(text: string, file = false): Progress {
  if (text.length > maxFileChars) throw new Error('This file is too large to be a progress file.');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('This file is not a progress file (it is not JSON).');
  }
  if (!isRecord(json) || (file && json['format'] !== fileFormat) || !isRecord(json['exercises'])) {
    throw new Error('This file is not a progress file of this site.');
  }
  const entries = Object.entries(json['exercises']);
  if (entries.length > maxExercises)
    throw new Error('This progress file lists too many exercises.');
  const exercises: Record<string, ExerciseProgress> = Object.create(null) as Record<
    string,
    ExerciseProgress
  >;
  for (const [name, value] of entries) {
    if (!exerciseName.test(name) || !isRecord(value)) continue;
    const passedAt = value['passedAt'];
    const seeds = value['seeds'];
    if (typeof passedAt !== 'string' || Number.isNaN(Date.parse(passedAt))) continue;
    if (!Array.isArray(seeds) || !seeds.every((s) => Number.isInteger(s))) continue;
    exercises[name] = { passedAt: new Date(passedAt).toISOString(), seeds: seeds as number[] };
  }
  return { exercises };
}

export function save(progress: Progress, storage: Storage | undefined): void {
  try {
    storage?.setItem(progressKey, JSON.stringify({ version: 1, exercises: progress.exercises }));
  } catch {
    // Storage full or blocked: the tick shows for this page only.
  }
  if (typeof window !== 'undefined') window.dispatchEvent(new CustomEvent(progressEvent));
}

function empty(): Progress {
  return { exercises: Object.create(null) as Record<string, ExerciseProgress> };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function safeStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}
