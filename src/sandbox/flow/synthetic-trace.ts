import { endpoint } from '../../broker/core/endpoint';
import type { TraceEvent, TraceKind } from '../../broker/core/trace-event';
import { createPrng } from '../../broker/core/prng';

/** Options of {@link createSyntheticTrace}. */
export interface SyntheticTraceOptions {
  /** Consumer services, each with its own queue bound to one fanout exchange. */
  readonly services?: readonly string[];
  readonly producer?: string;
  readonly exchange?: string;
  readonly seed?: number;
  /** Share of deliveries that go wrong (dropped, redelivered, dead-lettered, expired). */
  readonly trouble?: number;
}

/**
 * An endless, plausible AMQP fan-out trace (declare, publish, route, deliver, ack, with some
 * redeliveries, drops, dead-letters and expiries), for the benchmark and the view's browser
 * tests. It is generated, not recorded, so it never depends on the broker under development.
 *
 * @example
 * const next = createSyntheticTrace({ seed: 1 });
 * const events = Array.from({ length: 1000 }, () => next(now));
 */
export function createSyntheticTrace(
  options: SyntheticTraceOptions = {},
): (time: number) => TraceEvent {
  const services = options.services ?? ['inventory', 'notification', 'billing', 'shipping'];
  const producer = options.producer ?? 'order';
  const exchange = endpoint.exchange(options.exchange ?? 'orders');
  const deadLetters = endpoint.queue('dead-letters');
  const random = createPrng(options.seed ?? 1);
  const trouble = options.trouble ?? 0.04;
  let seq = 0;
  let message = 0;
  const queue: Omit<TraceEvent, 'seq' | 'time' | 'model'>[] = [
    { kind: 'declared', from: producer, to: exchange, detail: { type: 'fanout', durable: true } },
    ...services.flatMap((s) => [
      { kind: 'declared' as TraceKind, from: s, to: endpoint.queue(s), detail: { durable: true } },
      {
        kind: 'declared' as TraceKind,
        from: exchange,
        to: endpoint.queue(s),
        detail: { bindingKey: '' },
      },
    ]),
    { kind: 'declared', from: endpoint.broker, to: deadLetters, detail: { durable: true } },
  ];

  const enqueueMessage = (): void => {
    message++;
    const id = `m${message}`;
    const payload = JSON.stringify({
      type: 'OrderPlaced',
      orderId: `o-${1000 + message}`,
      total: 12.5,
    });
    queue.push({
      kind: 'published',
      from: producer,
      to: exchange,
      messageId: id,
      payload,
      detail: { routingKey: '' },
    });
    for (const s of services)
      queue.push({ kind: 'routed', from: exchange, to: endpoint.queue(s), messageId: id });
    for (const s of services) {
      const roll = random();
      const q = endpoint.queue(s);
      if (roll < trouble * 0.25) {
        queue.push({ kind: 'dropped', from: q, to: s, messageId: id, reason: 'fault' });
      } else if (roll < trouble * 0.5) {
        queue.push({ kind: 'expired', from: q, to: q, messageId: id, reason: 'ttl' });
      } else if (roll < trouble * 0.75) {
        queue.push({
          kind: 'delivered',
          from: q,
          to: s,
          messageId: id,
          payload,
          detail: { redelivered: false },
        });
        queue.push({ kind: 'nacked', from: s, to: q, messageId: id, reason: 'rejected' });
        queue.push({
          kind: 'dead-lettered',
          from: q,
          to: deadLetters,
          messageId: id,
          reason: 'rejected',
        });
      } else if (roll < trouble) {
        queue.push({
          kind: 'delivered',
          from: q,
          to: s,
          messageId: id,
          payload,
          detail: { redelivered: false },
        });
        queue.push({ kind: 'requeued', from: s, to: q, messageId: id, reason: 'nack' });
        queue.push({
          kind: 'redelivered',
          from: q,
          to: s,
          messageId: id,
          payload,
          detail: { redelivered: true },
        });
        queue.push({ kind: 'acked', from: s, to: q, messageId: id });
      } else {
        queue.push({
          kind: 'delivered',
          from: q,
          to: s,
          messageId: id,
          payload,
          detail: { redelivered: false },
        });
        queue.push({ kind: 'acked', from: s, to: q, messageId: id });
      }
    }
  };

  return (time: number): TraceEvent => {
    if (queue.length === 0) enqueueMessage();
    const next = queue.shift() as Omit<TraceEvent, 'seq' | 'time' | 'model'>;
    seq++;
    return { ...next, seq, time, model: 'amqp' };
  };
}
