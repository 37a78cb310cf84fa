import type { ExerciseCheck } from '../../../../src/runtime/exercises/check-api';

const services = ['inventory', 'notification', 'billing', 'shipping'];

/** Each service's lines about an order carry the correlation id the order service logged for it. */
const check: ExerciseCheck = (run) => {
  const ids = new Map<string, string>();
  for (const line of run.lines('order')) {
    const match = /^\[(req-[0-9a-f]+)\] placed order (o-\d+)/.exec(line.text);
    if (match?.[1] && match[2]) ids.set(match[2], match[1]);
  }
  if (ids.size === 0) return run.fail('The order service logged no "[req-…] placed order" line');
  for (const service of services) {
    for (const [order, id] of ids) {
      const about = run
        .lines(service)
        .filter((line) => new RegExp(`order ${order}\\b`).test(line.text));
      if (about.length === 0) return run.fail(`${service} logged nothing about order ${order}`);
      const untagged = about.find((line) => !line.text.startsWith(`[${id}] `));
      if (untagged) {
        const delivery = run.eventBefore(
          untagged,
          (event) => event.to === service && event.kind === 'delivered',
        );
        return run.fail(
          `${service}'s line "${untagged.text}" does not start with order ${order}'s correlation id [${id}]`,
          delivery,
        );
      }
    }
  }
  return run.pass();
};
export default check;
