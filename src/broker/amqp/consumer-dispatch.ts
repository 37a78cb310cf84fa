import { expireHead, scheduleExpiry } from './message-expiry';
import type { Queue } from './queue';
import type { Consumer, ServerChannel, StoredMessage } from './server-types';
import type { Vhost } from './vhost';

/** Deliveries one dispatch pass may make before yielding to the scheduler. */
const dispatchBudget = 10_000;

/**
 * Schedules one dispatch pass for `queue` (several requests collapse into one). Deliveries wait
 * for the scheduler, as a real broker's wait for the network. A queue with no consumers only
 * needs its expiry timer.
 */
export function requestDispatch(vhost: Vhost, queue: Queue): void {
  if (queue.consumers.length === 0) {
    scheduleExpiry(vhost, queue);
    return;
  }
  if (queue.dispatchScheduled || queue.dispatching) return;
  queue.dispatchScheduled = true;
  vhost.ctx.soon(() => dispatch(vhost, queue));
}

/** Hands ready messages to consumers, round-robin, while one has prefetch room. */
function dispatch(vhost: Vhost, queue: Queue): void {
  queue.dispatchScheduled = false;
  if (!vhost.holds(queue)) return;
  queue.dispatching = true;
  let budget = dispatchBudget;
  try {
    while (budget-- > 0) {
      expireHead(vhost, queue);
      if (queue.ready.length === 0) break;
      const consumer = pickConsumer(queue);
      if (!consumer) break;
      handOver(vhost, consumer, queue.ready.shift()!);
    }
  } finally {
    queue.dispatching = false;
  }
  if (budget < 0 && queue.ready.length > 0) requestDispatch(vhost, queue);
  scheduleExpiry(vhost, queue);
}

/**
 * Hands `message` to a consumer with room now, bypassing the queue: RabbitMQ does so for a
 * message reaching an empty queue, before max-length or a TTL of 0 could drop it. The consumer's
 * slot is taken at once; the delivery itself waits for the scheduler like any other. False
 * when no consumer has room.
 */
export function deliverDirectly(vhost: Vhost, queue: Queue, message: StoredMessage): boolean {
  const consumer = pickConsumer(queue);
  if (!consumer) return false;
  consumer.unacked++;
  vhost.ctx.soon(() => {
    consumer.unacked--;
    if (vhost.holds(queue) && queue.consumers.includes(consumer) && !consumer.channel.failed) {
      handOver(vhost, consumer, message);
      return;
    }
    // The consumer went while the delivery was on its way: the message is back in its queue.
    if (!vhost.holds(queue)) return;
    message.redelivered = true;
    queue.ready.insertByPosition(message);
    requestDispatch(vhost, queue);
  });
  return true;
}

/**
 * The next consumer in turn with room under its own prefetch and its channel's global one;
 * a failed channel's consumers are passed over. A single-active-consumer queue only ever
 * considers its oldest consumer.
 */
function pickConsumer(queue: Queue): Consumer | undefined {
  const consumers = queue.singleActiveConsumer ? queue.consumers.slice(0, 1) : queue.consumers;
  const n = consumers.length;
  for (let i = 0; i < n; i++) {
    const index = (queue.roundRobin + i) % n;
    const consumer = consumers[index]!;
    const channel = consumer.channel;
    if (channel.failed) continue;
    if (consumer.prefetch > 0 && consumer.unacked >= consumer.prefetch) continue;
    if (channel.prefetchGlobal > 0 && channel.unacked.size >= channel.prefetchGlobal) continue;
    queue.roundRobin = (index + 1) % n;
    return consumer;
  }
  return undefined;
}

/**
 * Gives `message` a delivery tag and hands it to the consumer: directly, or through the fault
 * gate while the reader has faults on (it may drop, duplicate, delay or reorder it).
 */
function handOver(vhost: Vhost, consumer: Consumer, message: StoredMessage): void {
  const channel = consumer.channel;
  const queue = consumer.queue;
  const deliveryTag = ++channel.nextDeliveryTag;
  if (!consumer.noAck) holdUntilSettled(channel, deliveryTag, consumer, message);
  if (!vhost.ctx.faulty) {
    emitDelivery(vhost, consumer, message, deliveryTag, message.redelivered);
    return;
  }
  vhost.ctx.gate.pass(consumer, {
    messageId: message.id,
    from: queue.label,
    to: channel.clientName,
    deliver: (duplicate) => {
      if (!channel.consumers.has(consumer.tag)) return;
      if (!duplicate) {
        // Delayed past an ack-all or a channel close: the delivery no longer exists.
        if (!consumer.noAck && channel.unacked.get(deliveryTag)?.message !== message) return;
        emitDelivery(vhost, consumer, message, deliveryTag, message.redelivered);
        return;
      }
      // A duplicate is a delivery of its own: its own tag, to be acked on its own.
      const extraTag = ++channel.nextDeliveryTag;
      if (!consumer.noAck) holdUntilSettled(channel, extraTag, consumer, message);
      emitDelivery(vhost, consumer, message, extraTag, true);
    },
    lost: () => {
      // A dropped delivery frees its prefetch slot; the message itself is gone for good.
      const entry = channel.unacked.get(deliveryTag);
      if (entry && entry.message === message) {
        channel.unacked.delete(deliveryTag);
        consumer.unacked--;
        queue.unackedCount--;
        requestDispatch(vhost, queue);
      }
    },
  });
}

/** Counts a delivery as outstanding on its channel, consumer and queue until it is settled. */
function holdUntilSettled(
  channel: ServerChannel,
  deliveryTag: number,
  consumer: Consumer,
  message: StoredMessage,
): void {
  channel.unacked.set(deliveryTag, { message, queue: consumer.queue, consumer });
  consumer.unacked++;
  consumer.queue.unackedCount++;
}

function emitDelivery(
  vhost: Vhost,
  consumer: Consumer,
  message: StoredMessage,
  deliveryTag: number,
  redelivered: boolean,
): void {
  vhost.ctx.trace({
    kind: redelivered ? 'redelivered' : 'delivered',
    from: consumer.queue.label,
    to: consumer.channel.clientName,
    messageId: message.id,
    payload: message.text,
    detail: vhost.ctx.traced
      ? { consumerTag: consumer.tag, deliveryTag, redelivered, noAck: consumer.noAck }
      : undefined,
  });
  consumer.channel.deliver(consumer, {
    content: message.content,
    fields: {
      consumerTag: consumer.tag,
      deliveryTag,
      redelivered,
      exchange: message.exchange,
      routingKey: message.routingKey,
    },
    properties: message.properties,
  });
}
