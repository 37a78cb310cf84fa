import type { ExerciseConditions, ExerciseManifest } from '../exercises/check-api';
import { checkSeed } from '../run-option-limits';
import type { FaultSettings } from '../../broker/core/fault-settings';

const keys = new Set(['title', 'goal', 'lesson', 'conditions', 'hints']);
const conditionKeys = new Set(['seeds', 'faults', 'durationMs']);
const faultKeys = new Set(['drop', 'duplicate', 'delayMs', 'jitterMs', 'reorder']);
/** A check runs every seed in turn; more than this makes Check slow for no new evidence. */
const maxSeeds = 8;
/** Ten minutes of run time: enough for any back-off, and still a moment with idle skipped. */
const maxDurationMs = 600_000;

/** What {@link parseExercise} checks the manifest against. */
export interface ExerciseContext {
  /** The exercise's folder name. */
  readonly name: string;
  readonly sandbox: string;
  /** Path of exercise.json, named in every error. */
  readonly path: string;
}

/**
 * Validates a parsed `exercise.json`, or throws an Error starting with its path and the reason
 * (so `npm run build` names the file a trainer got wrong).
 */
export function parseExercise(json: unknown, context: ExerciseContext): ExerciseManifest {
  const fail = (reason: string): never => {
    throw new Error(`${context.path}: ${reason}`);
  };
  if (!isRecord(json)) return fail('the manifest must be a JSON object');
  for (const key of Object.keys(json)) {
    if (!keys.has(key)) fail(`unknown field "${key}" (allowed: ${[...keys].join(', ')})`);
  }
  const text = (key: string): string => {
    const value = json[key];
    if (typeof value !== 'string' || value.trim() === '')
      fail(`"${key}" must be a non-empty string`);
    return value as string;
  };
  const lesson = text('lesson');
  if (!/^[a-z0-9][a-z0-9-]*$/.test(lesson))
    fail(`"lesson" must be a lesson's slug, e.g. "ordering"`);
  const hints = json['hints'];
  if (
    !Array.isArray(hints) ||
    hints.length === 0 ||
    !hints.every((hint) => typeof hint === 'string' && hint.trim() !== '')
  ) {
    fail('"hints" must be a non-empty list of strings (revealed one at a time)');
  }
  return {
    name: context.name,
    sandbox: context.sandbox,
    title: text('title'),
    goal: text('goal'),
    lesson,
    conditions: parseConditions(json['conditions'], fail),
    hints: hints as string[],
  };
}

function parseConditions(value: unknown, fail: (reason: string) => never): ExerciseConditions {
  if (!isRecord(value))
    return fail('"conditions" must be an object: { seeds, faults, durationMs }');
  for (const key of Object.keys(value)) {
    if (!conditionKeys.has(key)) {
      fail(`unknown field "conditions.${key}" (allowed: ${[...conditionKeys].join(', ')})`);
    }
  }
  const seeds = value['seeds'];
  if (!Array.isArray(seeds) || seeds.length === 0 || seeds.length > maxSeeds) {
    fail(`"conditions.seeds" must list 1 to ${maxSeeds} seeds`);
  }
  for (const seed of seeds as unknown[]) {
    const checked = typeof seed === 'number' ? checkSeed(seed) : undefined;
    if (!checked?.ok)
      fail(`"conditions.seeds": ${checked?.message ?? `${String(seed)} is not a number`}`);
  }
  if (new Set(seeds as number[]).size !== (seeds as number[]).length) {
    fail('"conditions.seeds" lists a seed twice');
  }
  const durationMs = value['durationMs'];
  if (
    typeof durationMs !== 'number' ||
    !Number.isInteger(durationMs) ||
    durationMs < 1 ||
    durationMs > maxDurationMs
  ) {
    fail(`"conditions.durationMs" must be a whole number of ms of run time, 1 to ${maxDurationMs}`);
  }
  return {
    seeds: seeds as number[],
    faults: parseFaults(value['faults'], fail),
    durationMs: durationMs,
  };
}

function parseFaults(value: unknown, fail: (reason: string) => never): FaultSettings {
  if (value === undefined) return { drop: 0, duplicate: 0, delayMs: 0, jitterMs: 0, reorder: 0 };
  if (!isRecord(value))
    return fail('"conditions.faults" must be an object, e.g. { "duplicate": 0.3 }');
  const faults: Record<string, number> = {
    drop: 0,
    duplicate: 0,
    delayMs: 0,
    jitterMs: 0,
    reorder: 0,
  };
  for (const [key, amount] of Object.entries(value)) {
    if (!faultKeys.has(key)) {
      fail(`unknown fault "conditions.faults.${key}" (allowed: ${[...faultKeys].join(', ')})`);
    }
    const isMs = key.endsWith('Ms');
    const ok =
      typeof amount === 'number' &&
      Number.isFinite(amount) &&
      amount >= 0 &&
      (isMs ? amount <= 60_000 : amount <= 1);
    if (!ok) {
      fail(
        `"conditions.faults.${key}" must be ${isMs ? 'a delay of 0 to 60000 ms' : 'a probability from 0 to 1'}`,
      );
    }
    faults[key] = amount;
  }
  return faults as unknown as FaultSettings;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
