/**
 * Exercises: a check over what a run leaves behind, run on every seed an exercise declares.
 * Browser-safe (the page loads it with import() on the first Check); the Node catalog that
 * reads exercises from disk is ../catalog.
 */
export type {
  CheckOutcome,
  ExerciseCheck,
  ExerciseConditions,
  ExerciseManifest,
  ExerciseRun,
} from './check-api';
export { exerciseRun, type RunRecord } from './exercise-run';
export { verdictOf, listSeeds, type Verdict, type SeedOutcome } from './verdict';
export {
  checkExercise,
  recordRun,
  judge,
  withFiles,
  type ExerciseCheckResult,
} from './run-exercise';
export { loadCheck } from './check-modules';
export { recordedSession } from './recorded-session';
