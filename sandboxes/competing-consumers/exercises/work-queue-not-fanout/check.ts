import type { ExerciseCheck } from '../../../../src/runtime/exercises/check-api';

const workers = ['worker-1', 'worker-2', 'worker-3'];

/** Every task finished exactly once, and more than one replica did the work. */
const check: ExerciseCheck = (run) => {
  const finished = workers.flatMap((worker) =>
    run.lines(worker).filter((line) => /^finished task \d+$/.test(line.text)),
  );
  for (let id = 1; id <= 6; id += 1) {
    const done = finished.filter((line) => line.text === `finished task ${id}`);
    if (done.length === 0) return run.fail(`Task ${id} was never done`);
    if (done.length > 1) {
      const second = done.sort((a, b) => a.time - b.time)[1]!;
      const delivery = run
        .events('delivered')
        .find((event) => event.to === second.service && event.payload?.includes(`"id":${id},`));
      return run.fail(
        `Task ${id} was done ${done.length} times (by ${done.map((l) => l.service).join(', ')})`,
        delivery,
      );
    }
  }
  const busy = new Set(finished.map((line) => line.service));
  if (busy.size < 2)
    return run.fail(`Only ${[...busy].join('')} did any work: share the tasks among the replicas`);
  return run.pass();
};
export default check;
