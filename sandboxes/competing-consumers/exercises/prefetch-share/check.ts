import type { ExerciseCheck } from '../../../../src/runtime/exercises/check-api';

const workers = ['worker-1', 'worker-2', 'worker-3'];
const limitMs = 2200;

/** Every task finished once, and the last one within 2.2 s of the first start. */
const check: ExerciseCheck = (run) => {
  const lines = workers.flatMap((worker) => run.lines(worker));
  const started = lines.filter((line) => line.text.startsWith('started task '));
  const finished = lines.filter((line) => /^finished task \d+$/.test(line.text));
  const first = Math.min(...started.map((line) => line.time));
  for (let id = 1; id <= 9; id += 1) {
    const done = finished.filter((line) => line.text === `finished task ${id}`);
    if (done.length === 0) return run.fail(`Task ${id} was never finished`);
    if (done.length > 1) return run.fail(`Task ${id} was done ${done.length} times`);
  }
  const last = finished.reduce((a, b) => (b.time > a.time ? b : a));
  const took = last.time - first;
  if (took > limitMs) {
    const busiest = workers
      .map((worker) => ({
        worker,
        tasks: run.lines(worker).filter((l) => l.text.startsWith('started')).length,
      }))
      .sort((a, b) => b.tasks - a.tasks)[0];
    // The delivery of the last task: which worker it was pushed to, and when.
    const lastId = last.text.slice('finished task '.length);
    const delivery = run
      .events('delivered')
      .find((event) => event.payload?.includes(`"id":${lastId},`));
    return run.fail(
      `The nine tasks took ${took / 1000} s, not at most ${limitMs / 1000} s (${last.service} finished the last one; ${busiest?.worker} started ${busiest?.tasks})`,
      delivery,
    );
  }
  return run.pass();
};
export default check;
