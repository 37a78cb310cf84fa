import type { RunResult, SandboxRuntime, SandboxSource } from '../contract';
import type { OutputLine } from '../contract';
import type { TraceEvent } from '../../broker/core/trace-event';
import type { CheckOutcome, ExerciseCheck, ExerciseConditions } from './check-api';
import { exerciseRun, type RunRecord } from './exercise-run';
import { verdictOf, type SeedOutcome, type Verdict } from './verdict';

/** Console lines a check keeps per run: far more than any exercise prints in its time. */
const checkOutputLimit = 20_000;

/** The sandbox with some of its files replaced (an exercise's starting files or solution). */
export function withFiles(
  source: SandboxSource,
  files: Readonly<Record<string, string>>,
): SandboxSource {
  return { manifest: source.manifest, files: { ...source.files, ...files } };
}

/**
 * Runs the code once under the exercise's conditions on one seed, headless: idle time skipped,
 * ended by the run's own clock at `durationMs`, so the same code and seed give the same record.
 */
export async function recordRun(
  runtime: SandboxRuntime,
  source: SandboxSource,
  conditions: ExerciseConditions,
  seed: number,
): Promise<RunRecord> {
  const session = runtime.start(source, {
    seed,
    faults: conditions.faults,
    durationMs: conditions.durationMs,
    skipIdle: true,
    outputLimit: checkOutputLimit,
  });
  const output: OutputLine[] = [];
  const trace: TraceEvent[] = [];
  const lines = session.output$.subscribe((line) => output.push(line));
  const events = session.trace$.subscribe((event) => trace.push(event));
  let result: RunResult;
  try {
    result = await session.finished;
  } finally {
    lines.unsubscribe();
    events.unsubscribe();
  }
  return { seed, output, trace, result };
}

/** What a Check leaves: the verdict and each seed's run (the page opens a failing one's log). */
export interface ExerciseCheckResult {
  readonly verdict: Verdict;
  readonly records: readonly RunRecord[];
}

/**
 * Runs the code on every seed of the exercise, one after another, and judges each run with the
 * check. A service that threw fails that seed before the check is asked.
 */
export async function checkExercise(options: {
  readonly runtime: SandboxRuntime;
  readonly source: SandboxSource;
  readonly conditions: ExerciseConditions;
  readonly check: ExerciseCheck;
  /** Told before each seed's run starts ("Checking seed 2 of 3…"). */
  readonly onSeed?: (seed: number, index: number) => void;
}): Promise<ExerciseCheckResult> {
  const outcomes: SeedOutcome[] = [];
  const records: RunRecord[] = [];
  const seeds = options.conditions.seeds;
  for (const [index, seed] of seeds.entries()) {
    options.onSeed?.(seed, index);
    const record = await recordRun(options.runtime, options.source, options.conditions, seed);
    records.push(record);
    outcomes.push({ seed, outcome: judge(record, options.check) });
  }
  return { verdict: verdictOf(outcomes), records };
}

/** One seed's outcome: a thrown service or a check that throws fails it, in plain words. */
export function judge(record: RunRecord, check: ExerciseCheck): CheckOutcome {
  const failure = record.result.failures[0];
  if (failure) {
    const where = failure.location ? ` (${failure.location.file}:${failure.location.line})` : '';
    const first = failure.text.split('\n')[0] ?? '';
    return { passed: false, message: `The ${failure.service} service failed${where}: ${first}` };
  }
  // The browser relays at most so many trace events a second (src/runtime/frame/relay-budget.ts);
  // a run that traced faster reaches the page with gaps, and a check must not judge half a run.
  const gap = record.trace.findIndex((event, index) => event.seq !== index + 1);
  if (gap >= 0) {
    return {
      passed: false,
      message: `Only part of this run's trace reached the check (event #${gap + 1} is missing: the run traced faster than the page relays), so it cannot be judged here`,
    };
  }
  try {
    return check(exerciseRun(record));
  } catch (error) {
    return {
      passed: false,
      message: `The check itself failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
