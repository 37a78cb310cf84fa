/**
 * What an exercise's `check.ts` is written against: a run as it was left behind (the trace,
 * each service's console lines, the values services reported) and the two answers a check
 * gives. A check never sees the reader's source text, so any code that behaves passes.
 *
 * @example
 * // sandboxes/ecommerce/exercises/charge-once/check.ts
 * import type { ExerciseCheck } from '../../../../src/runtime/exercises/check-api';
 * const check: ExerciseCheck = (run) => {
 *   const charged = run.lines('billing').filter((l) => l.text.startsWith('charged'));
 *   return charged.length === 4 ? run.pass() : run.fail('Not every order was charged');
 * };
 * export default check;
 */
import type { TraceEvent, TraceKind } from '../../broker/core/trace-event';
import type { FaultSettings } from '../../broker/core/fault-settings';
import type { OutputLine, RunResult } from '../contract';

/** What a check answers for one seed. */
export type CheckOutcome =
  | { readonly passed: true }
  | {
      readonly passed: false;
      /** Plain words, without the seed: "Order o-1002 was charged twice". */
      readonly message: string;
      /** The trace event (its `seq`) that shows the failure, opened from the verdict's link. */
      readonly event?: number;
    };

/** One finished run of the exercise's code on one seed, and helpers to read it. */
export interface ExerciseRun {
  readonly seed: number;
  /** Every trace event, in order (`seq` 1, 2, …). */
  readonly trace: readonly TraceEvent[];
  /** Every console line, in order. */
  readonly output: readonly OutputLine[];
  /** How the run ended (`duration` for a run that lasted the exercise's time). */
  readonly result: RunResult;
  /** One service's console lines (every service's when no name is given), warnings included. */
  lines(service?: string): readonly OutputLine[];
  /** The trace events of one kind (or of several). */
  events(...kinds: TraceKind[]): readonly TraceEvent[];
  /**
   * Values a service reported with `console.log('report', name, value)`: every value of that
   * name, in order, parsed as JSON where it is JSON (`report balance 120` gives `120`).
   */
  reports(service: string, name: string): readonly unknown[];
  /**
   * The last trace event at or before a console line that matches `filter`: the event that
   * led to what the line says (the delivery a duplicate charge came from).
   */
  eventBefore(line: OutputLine, filter?: (event: TraceEvent) => boolean): TraceEvent | undefined;
  pass(): CheckOutcome;
  /** A failure in plain words; `event` (a trace event or its seq) becomes the verdict's link. */
  fail(message: string, event?: TraceEvent | number): CheckOutcome;
}

/** The default export of every `check.ts`. */
export type ExerciseCheck = (run: ExerciseRun) => CheckOutcome;

/** How the exercise's code is run for its check (exercise.json's `conditions`). */
export interface ExerciseConditions {
  /** Every seed the check runs on; it passes only when it passes on all of them. */
  readonly seeds: readonly number[];
  readonly faults: FaultSettings;
  /** How long each run lasts, in ms of run time. */
  readonly durationMs: number;
}

/** `sandboxes/<id>/exercises/<name>/exercise.json`, validated. */
export interface ExerciseManifest {
  /** The folder name; unique across every sandbox. */
  readonly name: string;
  /** The sandbox it starts from. */
  readonly sandbox: string;
  readonly title: string;
  /** One or two sentences: what the reader's code must do. */
  readonly goal: string;
  /** Slug of the lesson whose "Try it" offers it. */
  readonly lesson: string;
  readonly conditions: ExerciseConditions;
  /** Revealed one at a time. */
  readonly hints: readonly string[];
}
