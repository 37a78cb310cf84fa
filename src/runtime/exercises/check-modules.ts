import type { ExerciseCheck } from './check-api';

/**
 * Loads one exercise's `check.ts`. The import names a pattern, not a file, so each bundler
 * makes every check its own chunk (Vite turns it into `import.meta.glob`, esbuild bundles the
 * matching files): the page fetches a check on the first Check and never before.
 */
export async function loadCheck(sandbox: string, exercise: string): Promise<ExerciseCheck> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(sandbox) || !/^[a-z0-9][a-z0-9-]*$/.test(exercise)) {
    throw new Error(`No exercise "${sandbox}/${exercise}".`);
  }
  const module = (await import(`../../../sandboxes/${sandbox}/exercises/${exercise}/check.ts`)) as {
    default?: unknown;
  };
  if (typeof module.default !== 'function') {
    throw new Error(
      `sandboxes/${sandbox}/exercises/${exercise}/check.ts has no default export function`,
    );
  }
  return module.default as ExerciseCheck;
}
