import type { ExerciseCheck } from '../../../../src/runtime/exercises/check-api';

const orders = ['o-1001', 'o-1002', 'o-1003', 'o-1004'];

/** Each order charged exactly once: a second charge points at the delivery that caused it. */
const check: ExerciseCheck = (run) => {
  const charges = run
    .lines('billing')
    .filter((line) => /^charged .* for order o-\d+$/.test(line.text));
  for (const order of orders) {
    const mine = charges.filter((line) => line.text.endsWith(` ${order}`));
    const second = mine[1];
    if (second) {
      const delivery = run.eventBefore(
        second,
        (event) =>
          event.to === 'billing' && (event.kind === 'delivered' || event.kind === 'duplicated'),
      );
      return run.fail(
        `Order ${order} was charged ${mine.length === 2 ? 'twice' : `${mine.length} times`}`,
        delivery,
      );
    }
    if (mine.length === 0) return run.fail(`Order ${order} was never charged`);
  }
  return run.pass();
};
export default check;
