import type { CheckOutcome } from './check-api';

/** One seed's answer. */
export interface SeedOutcome {
  readonly seed: number;
  readonly outcome: CheckOutcome;
}

/** What the page and `npm run exercises -- check` show after a Check. */
export interface Verdict {
  readonly passed: boolean;
  /** "Passed on seeds 1, 2 and 3" or "Order o-1002 was charged twice on seed 2 — see event #57". */
  readonly text: string;
  /** The first failing seed, and the event its check pointed at. */
  readonly seed?: number;
  readonly event?: number;
}

/** "1", "1 and 2", "1, 2 and 3". */
export function listSeeds(seeds: readonly number[]): string {
  if (seeds.length <= 1) return seeds.join('');
  return `${seeds.slice(0, -1).join(', ')} and ${seeds[seeds.length - 1] ?? ''}`;
}

/**
 * The verdict over every seed: passed when each passed, else the first failure in plain words
 * with its seed and, when the check named one, the event to look at.
 */
export function verdictOf(outcomes: readonly SeedOutcome[]): Verdict {
  const failed = outcomes.find((o) => !o.outcome.passed);
  if (!failed || failed.outcome.passed) {
    const seeds = outcomes.map((o) => o.seed);
    return {
      passed: true,
      text: `Passed on ${seeds.length === 1 ? 'seed' : 'seeds'} ${listSeeds(seeds)}`,
    };
  }
  const { message, event } = failed.outcome;
  const where = `${message} on seed ${failed.seed}`;
  return event === undefined
    ? { passed: false, text: where, seed: failed.seed }
    : { passed: false, text: `${where} — see event #${event}`, seed: failed.seed, event };
}
