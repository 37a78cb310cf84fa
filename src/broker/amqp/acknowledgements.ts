import { failures, type AmqpFailure, type AmqpMethod } from './amqp-errors';
import { requestDispatch } from './consumer-dispatch';
import { deadLetter } from './dead-lettering';
import { requeue } from './enqueue';
import type { Queue } from './queue';
import type { ServerChannel, SettleOutcome, Unacked } from './server-types';
import type { Vhost } from './vhost';

/**
 * basic.ack / basic.nack / basic.reject on a channel: one delivery tag, or with `multiple` every
 * outstanding tag up to it (tag 0: all of them). An unknown tag is a channel error.
 */
export function settle(
  vhost: Vhost,
  channel: ServerChannel,
  deliveryTag: number,
  multiple: boolean,
  outcome: SettleOutcome,
  method: AmqpMethod,
): AmqpFailure | undefined {
  if (!multiple) {
    // The common case, one tag, without the bookkeeping of the multiple case.
    const entry = channel.unacked.get(deliveryTag);
    if (!entry) return failures.unknownDeliveryTag(deliveryTag, method);
    settleOne(vhost, channel, deliveryTag, entry, outcome);
    requestDispatch(vhost, entry.queue);
    return undefined;
  }
  const entries: [number, Unacked][] = [];
  for (const entry of channel.unacked) {
    if (deliveryTag !== 0 && entry[0] > deliveryTag) break;
    entries.push(entry);
  }
  if (entries.length === 0 && deliveryTag !== 0) {
    return failures.unknownDeliveryTag(deliveryTag, method);
  }
  const touched = new Set<Queue>();
  for (const [tag, entry] of entries) {
    settleOne(vhost, channel, tag, entry, outcome);
    touched.add(entry.queue);
  }
  for (const queue of touched) requestDispatch(vhost, queue);
  return undefined;
}

function settleOne(
  vhost: Vhost,
  channel: ServerChannel,
  tag: number,
  entry: Unacked,
  outcome: SettleOutcome,
): void {
  const ctx = vhost.ctx;
  channel.unacked.delete(tag);
  const { queue, message, consumer } = entry;
  if (consumer) consumer.unacked--;
  queue.unackedCount--;
  if (outcome === 'ack') {
    ctx.trace({
      kind: 'acked',
      from: channel.clientName,
      to: queue.label,
      messageId: message.id,
      detail: ctx.traced ? { deliveryTag: tag } : undefined,
    });
    return;
  }
  ctx.trace({
    kind: 'nacked',
    from: channel.clientName,
    to: queue.label,
    messageId: message.id,
    reason: outcome === 'requeue' ? 'requeue' : 'rejected',
    payload: message.text,
    detail: ctx.traced ? { deliveryTag: tag, requeue: outcome === 'requeue' } : undefined,
  });
  // The nack travels to the broker like any frame: deliveries already on their way go first,
  // and the consumer's prefetch slot stays taken until the message is back in the queue.
  if (consumer) consumer.unacked++;
  queue.unackedCount++;
  ctx.soon(() => {
    if (consumer) consumer.unacked--;
    queue.unackedCount--;
    if (!vhost.holds(queue)) return;
    if (outcome === 'requeue') requeue(vhost, queue, message, channel.clientName, 'nacked');
    else deadLetter(vhost, queue, message, 'rejected');
    requestDispatch(vhost, queue);
  });
}

/** basic.recover (requeue=true): every unacked message of the channel goes back, redelivered. */
export function recover(vhost: Vhost, channel: ServerChannel): void {
  const outstanding = [...channel.unacked.values()];
  channel.unacked.clear();
  const touched = new Set<Queue>();
  for (const entry of outstanding) {
    if (entry.consumer) entry.consumer.unacked--;
    entry.queue.unackedCount--;
    // A message whose queue is gone has nowhere to go back to.
    if (!vhost.holds(entry.queue)) continue;
    requeue(vhost, entry.queue, entry.message, channel.clientName, 'channel-closed');
    touched.add(entry.queue);
  }
  for (const queue of touched) requestDispatch(vhost, queue);
}
