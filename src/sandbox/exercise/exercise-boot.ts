import type { RunOptions } from '../../runtime/contract';

type FaultSettings = NonNullable<RunOptions['faults']>;

/** What `Exercise.astro` renders into `<script type="application/json" data-exercise-boot>`. */
export interface ExerciseBootData {
  readonly name: string;
  readonly sandbox: string;
  readonly title: string;
  readonly conditions: {
    readonly seeds: readonly number[];
    readonly faults: FaultSettings;
    readonly durationMs: number;
  };
  readonly hints: readonly string[];
  /** The solved files: every file the solution changes (over the starting files). */
  readonly solution: Readonly<Record<string, string>>;
}

/** Serialised for a `<script type="application/json">`; `<` escaped so no file closes it. */
export function writeExerciseBoot(data: ExerciseBootData): string {
  return JSON.stringify(data).replace(/</g, '\\u003c');
}

/** Reads the boot JSON, or throws with the reason. */
export function readExerciseBoot(script: Element | null): ExerciseBootData {
  if (!script?.textContent) throw new Error('Exercise is missing its boot data.');
  return JSON.parse(script.textContent) as ExerciseBootData;
}

/** "Duplicate 30 %, Drop 10 %" — the faults an exercise runs under, in the fault panel's words. */
export function describeFaults(faults: FaultSettings): string {
  const parts: string[] = [];
  if (faults.drop > 0) parts.push(`Drop ${Math.round(faults.drop * 100)} %`);
  if (faults.duplicate > 0) parts.push(`Duplicate ${Math.round(faults.duplicate * 100)} %`);
  if (faults.reorder > 0) parts.push(`Reorder ${Math.round(faults.reorder * 100)} %`);
  if (faults.delayMs > 0 || faults.jitterMs > 0) {
    parts.push(
      `Delay ${faults.delayMs} ms${faults.jitterMs > 0 ? ` ± ${faults.jitterMs} ms` : ''}`,
    );
  }
  return parts.length > 0 ? parts.join(', ') : 'no faults';
}
