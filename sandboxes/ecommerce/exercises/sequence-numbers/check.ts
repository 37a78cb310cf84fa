import type { ExerciseCheck } from '../../../../src/runtime/exercises/check-api';

const statuses = ['placed', 'paid', 'packed', 'shipped'];

/** The dashboard never moves an order back, and ends with every order shipped. */
const check: ExerciseCheck = (run) => {
  const shown = run
    .lines('shipping')
    .map((line) => ({ line, match: /^dashboard: (o-\d+) is now (\w+)$/.exec(line.text) }));
  for (const order of ['o-1001', 'o-1002', 'o-1003']) {
    const mine = shown.filter((entry) => entry.match?.[1] === order);
    let rank = -1;
    for (const { line, match } of mine) {
      const next = statuses.indexOf(match?.[2] ?? '');
      if (next < rank) {
        // The late delivery: this order's older status reaching shipping.
        const delivery = run.eventBefore(
          line,
          (event) =>
            event.to === 'shipping' &&
            event.kind === 'delivered' &&
            (event.payload?.includes(`"orderId":"${order}","status":"${match?.[2]}"`) ?? false),
        );
        return run.fail(
          `The dashboard moved ${order} back from ${statuses[rank]} to ${match?.[2]}`,
          delivery,
        );
      }
      rank = next;
    }
    const last = mine.at(-1)?.match?.[2];
    if (last !== 'shipped')
      return run.fail(`The dashboard ends with ${order} ${last ?? 'missing'}, not shipped`);
  }
  return run.pass();
};
export default check;
