import { listExercises, loadExercise, type ExerciseSource } from '../catalog';
import { checkExercise, loadCheck, recordRun, withFiles } from '../exercises';
import { createNodeRuntime } from './node-runtime';

/** Where {@link runExerciseCli} writes and which thread script its runs use. */
export interface ExerciseCliIo {
  readonly threadEntry: string | URL;
  out(text: string): void;
  err(text: string): void;
}

const usage =
  'usage: npm run exercises -- check <exercise> [--solution] | npm run exercises -- list';

/**
 * `npm run exercises -- check <exercise> [--solution]`: runs the exercise's starting code (or
 * its solution) on every seed it declares, in Node's worker_threads, and prints the verdict the
 * page shows. Exit code 0 when it passed, 1 when it did not, 2 for bad arguments.
 * `npm run exercises -- list` prints every exercise with its sandbox and lesson.
 */
export async function runExerciseCli(argv: readonly string[], io: ExerciseCliIo): Promise<number> {
  const [command, name, ...flags] = argv;
  if (command === 'list' && name === undefined) {
    for (const { manifest } of listExercises()) {
      io.out(`${manifest.name}\t${manifest.sandbox}\t${manifest.lesson}\t${manifest.title}\n`);
    }
    return 0;
  }
  if (command === 'show' && name && flags[0] !== undefined && /^\d+$/.test(flags[0])) {
    return show(name, Number(flags[0]), flags.slice(1), io);
  }
  const unknown = flags.filter((flag) => flag !== '--solution');
  if (command !== 'check' || !name || name.startsWith('-') || unknown.length > 0) {
    io.err(`${usage}\n`);
    return 2;
  }
  let exercise: ExerciseSource;
  try {
    exercise = loadExercise(name);
  } catch (error) {
    io.err(`${(error as Error).message}\n`);
    return 2;
  }
  const { manifest } = exercise;
  const solution = flags.includes('--solution');
  const check = await loadCheck(manifest.sandbox, manifest.name);
  const files = solution ? { ...exercise.start, ...exercise.solution } : exercise.start;
  const { verdict } = await checkExercise({
    runtime: createNodeRuntime({ threadEntry: io.threadEntry }),
    source: withFiles(exercise.sandbox, files),
    conditions: manifest.conditions,
    check,
    onSeed: (seed, index) =>
      io.err(
        `${manifest.name} (${solution ? 'solution' : 'starting code'}): seed ${seed}, ${index + 1} of ${manifest.conditions.seeds.length}\n`,
      ),
  });
  io.out(`${verdict.text}\n`);
  return verdict.passed ? 0 : 1;
}

/**
 * `npm run exercises -- show <exercise> <seed> [--solution]`: one seed's run under the
 * exercise's conditions, as a check sees it: every console line and trace event with its run
 * time and number, for a trainer writing or debugging a check.
 */
async function show(name: string, seed: number, flags: readonly string[], io: ExerciseCliIo) {
  if (flags.some((flag) => flag !== '--solution')) {
    io.err(`${usage}\n`);
    return 2;
  }
  let exercise: ExerciseSource;
  try {
    exercise = loadExercise(name);
  } catch (error) {
    io.err(`${(error as Error).message}\n`);
    return 2;
  }
  const files = flags.includes('--solution')
    ? { ...exercise.start, ...exercise.solution }
    : exercise.start;
  const record = await recordRun(
    createNodeRuntime({ threadEntry: io.threadEntry }),
    withFiles(exercise.sandbox, files),
    exercise.manifest.conditions,
    seed,
  );
  const rows = [
    ...record.output.map((line) => ({ time: line.time, text: `[${line.service}] ${line.text}` })),
    ...record.trace.map((event) => ({
      time: event.time,
      text: `#${event.seq} ${event.kind} ${event.from} → ${event.to}${event.reason ? ` (${event.reason})` : ''}${event.payload ? ` ${event.payload.slice(0, 80)}` : ''}`,
    })),
  ].sort((a, b) => a.time - b.time);
  for (const row of rows) io.out(`${String(row.time).padStart(7)} ${row.text}\n`);
  io.out(`ended: ${record.result.reason}\n`);
  return 0;
}
