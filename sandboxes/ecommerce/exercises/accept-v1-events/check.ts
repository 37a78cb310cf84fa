import type { ExerciseCheck } from '../../../../src/runtime/exercises/check-api';

const amounts: Record<string, string> = {
  'o-1001': '€42.50',
  'o-1002': '€19.80',
  'o-1003': '€89.00',
  'o-1004': '€6.00',
};

/** Billing charged every order, of either version, its right amount exactly once. */
const check: ExerciseCheck = (run) => {
  const charges = run.lines('billing').filter((line) => line.text.startsWith('charged '));
  for (const [order, amount] of Object.entries(amounts)) {
    const mine = charges.filter((line) => line.text.endsWith(` for order ${order}`));
    const first = mine[0];
    if (!first) return run.fail(`Order ${order} was never charged`);
    if (mine.length > 1)
      return run.fail(`Order ${order} was charged ${mine.length} times`, run.eventBefore(mine[1]!));
    const charged = first.text.slice('charged '.length, first.text.indexOf(' for order'));
    if (charged !== amount) {
      const delivery = run.eventBefore(
        first,
        (event) => event.to === 'billing' && event.kind === 'delivered',
      );
      return run.fail(`Order ${order} was charged ${charged} instead of ${amount}`, delivery);
    }
  }
  return run.pass();
};
export default check;
