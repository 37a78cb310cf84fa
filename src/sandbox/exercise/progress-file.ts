/**
 * Progress as a file: export for a trainer to collect, import back (merged). Only the
 * /progress/ page loads this.
 */
import {
  fileFormat,
  loadProgress,
  parseProgress,
  safeStorage,
  save,
  type Progress,
} from './progress';

/** The file an export writes: JSON with its format named. */
export function exportProgress(progress: Progress): string {
  return `${JSON.stringify({ format: fileFormat, version: 1, exercises: progress.exercises }, null, 2)}\n`;
}

/**
 * Merges an exported file into the stored progress (an exercise passed in either stays
 * passed) and returns the result; throws an Error saying why a file is refused.
 */
export function importProgress(
  text: string,
  storage: Storage | undefined = safeStorage(),
): Progress {
  const imported = parseProgress(text, true);
  const current = loadProgress(storage);
  const next: Progress = { exercises: { ...imported.exercises, ...current.exercises } };
  save(next, storage);
  return next;
}
