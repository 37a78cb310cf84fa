/**
 * Entry of `npm run exercises`, bundled with thread-entry.ts (and every exercise's check.ts)
 * by scripts/exercises.mjs.
 */
import { runExerciseCli } from './exercise-cli';

process.exitCode = await runExerciseCli(process.argv.slice(2), {
  threadEntry: new URL('./thread-entry.mjs', import.meta.url),
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
