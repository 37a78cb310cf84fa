import type { ExerciseCheck } from '../../../../src/runtime/exercises/check-api';

/** What each customer spent on the six orders the order service sends. */
const expected: Record<string, string> = {
  'c-ada': '134.60',
  'c-grace': '32.20',
  'c-linus': '6.00',
};

/** The read model ends with every customer's full revenue (each order counted once). */
const check: ExerciseCheck = (run) => {
  const lines = run.lines('analytics');
  for (const [customer, total] of Object.entries(expected)) {
    const last = lines.filter((line) => line.text.includes(`: ${customer} has spent `)).at(-1);
    if (!last) {
      const missed = run
        .events('published')
        .find((event) => event.payload?.includes(`"${customer}"`));
      return run.fail(
        `The read model has no revenue for ${customer} (it should be ${total})`,
        missed,
      );
    }
    const spent = last.text.split(' has spent ')[1];
    if (spent !== total)
      return run.fail(
        `The read model says ${customer} spent ${spent}, not ${total}`,
        run.eventBefore(last),
      );
  }
  return run.pass();
};
export default check;
