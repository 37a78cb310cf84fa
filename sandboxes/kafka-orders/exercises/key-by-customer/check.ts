import type { ExerciseCheck } from '../../../../src/runtime/exercises/check-api';

const steps = ['placed', 'paid', 'shipped'];

/** Fulfilment saw every customer's three steps once each, in order, and the topic kept its partitions. */
const check: ExerciseCheck = (run) => {
  const seen = run
    .lines('fulfilment')
    .map((line) => ({ line, match: /^(c-\w+) (o-\d+) (\w+) \(partition (\d+)/.exec(line.text) }))
    .filter((entry) => entry.match !== null);
  const partitions = new Set(seen.map((entry) => entry.match?.[4]));
  if (partitions.size < 2)
    return run.fail('Every event went to one partition: keep the topic spread over its partitions');
  for (const customer of ['c-ada', 'c-grace', 'c-linus', 'c-barbara']) {
    const mine = seen.filter((entry) => entry.match?.[1] === customer);
    const order = mine.map((entry) => entry.match?.[3]);
    if (order.length !== steps.length) {
      return run.fail(`Fulfilment saw ${order.length} events of ${customer}, not ${steps.length}`);
    }
    const wrong = order.findIndex((step, index) => step !== steps[index]);
    if (wrong >= 0) {
      const entry = mine[wrong];
      const delivery = entry
        ? run.eventBefore(entry.line, (event) => event.kind === 'delivered')
        : undefined;
      return run.fail(`Fulfilment saw ${customer}'s order ${order.join(' → ')}`, delivery);
    }
  }
  return run.pass();
};
export default check;
