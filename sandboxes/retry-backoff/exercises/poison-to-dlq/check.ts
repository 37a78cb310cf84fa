import type { ExerciseCheck } from '../../../../src/runtime/exercises/check-api';

/** o-2002 and o-2003 charged; o-2001 never charged and dead-lettered into a queue that keeps it. */
const check: ExerciseCheck = (run) => {
  const charged = (order: string) =>
    run.lines('payment').filter((line) => line.text.startsWith(`charged order ${order} `));
  if (charged('o-2001').length > 0)
    return run.fail('Order o-2001 was charged with a malformed card');
  const deadLetters = run
    .events('dead-lettered')
    .filter((event) => event.payload?.includes('"o-2001"'));
  for (const order of ['o-2002', 'o-2003']) {
    if (charged(order).length === 0) {
      const stuck = run
        .events('delivered')
        .filter((event) => event.payload?.includes('"o-2001"'))
        .at(-1);
      return run.fail(
        deadLetters.length === 0
          ? `Order ${order} was never charged: poison message o-2001 still holds the queue`
          : `Order ${order} was never charged`,
        stuck,
      );
    }
    const second = charged(order)[1];
    if (second) return run.fail(`Order ${order} was charged twice`, run.eventBefore(second));
  }
  const kept = deadLetters.find((event) => event.to.startsWith('exchange:'));
  if (deadLetters.length === 0) return run.fail('Order o-2001 was never dead-lettered');
  const stored = run
    .events('routed')
    .some((event) => event.payload?.includes('"o-2001"') && event.from === kept?.to);
  if (!kept || !stored) {
    return run.fail(
      'Order o-2001 was dead-lettered but no queue keeps it (bind a queue to the dead-letter exchange)',
      deadLetters[0],
    );
  }
  return run.pass();
};
export default check;
