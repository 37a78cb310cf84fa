import { AmqpFailure, failures, methods } from './amqp-errors';
import type { AmqpMessage, ConsumeCallback, GetFields } from './amqp-types';
import { requestDispatch } from './consumer-dispatch';
import { expireHead, scheduleExpiry } from './message-expiry';
import { removeQueue } from './queue-declarations';
import { markUsed } from './queue-expiry';
import type { Consumer, ServerChannel } from './server-types';
import type { Vhost } from './vhost';

// The two ways a client takes messages: a consumer, which the broker pushes deliveries to
// (`consumer-dispatch.ts`), and basic.get, which pulls the head message once.

/** basic.consume: registers a consumer under the channel's per-consumer prefetch of the moment. */
export function consume(
  vhost: Vhost,
  channel: ServerChannel,
  queueName: string,
  callback: ConsumeCallback,
  options: {
    readonly consumerTag?: string;
    readonly noAck?: boolean;
    readonly exclusive?: boolean;
  },
): AmqpFailure | { consumerTag: string } {
  const method = methods.basicConsume;
  const queue = vhost.findQueue(channel.connection, queueName, method);
  if (queue instanceof AmqpFailure) return queue;
  const tag = options.consumerTag || vhost.generateName('amq.ctag-');
  if (channel.consumers.has(tag)) return failures.consumerTagReused(tag, method);
  if (options.exclusive && queue.consumers.length > 0) return failures.exclusiveConsumer(queueName);
  const consumer: Consumer = {
    tag,
    channel,
    queue,
    noAck: options.noAck ?? false,
    prefetch: channel.prefetchPerConsumer,
    unacked: 0,
    callback,
  };
  channel.consumers.set(tag, consumer);
  queue.consumers.push(consumer);
  queue.hadConsumer = true;
  requestDispatch(vhost, queue);
  return { consumerTag: tag };
}

/** basic.cancel: an unknown tag is no error. */
export function cancel(vhost: Vhost, channel: ServerChannel, tag: string): { consumerTag: string } {
  const consumer = channel.consumers.get(tag);
  if (consumer) removeConsumer(vhost, consumer);
  return { consumerTag: tag };
}

/**
 * A consumer goes (cancelled, or its channel closed). Its unacked messages stay with the channel.
 * An auto-delete queue that loses its last consumer is deleted.
 */
export function removeConsumer(vhost: Vhost, consumer: Consumer): void {
  const { queue, channel } = consumer;
  channel.consumers.delete(consumer.tag);
  const index = queue.consumers.indexOf(consumer);
  if (index >= 0) queue.consumers.splice(index, 1);
  vhost.ctx.gate.forget(consumer);
  if (queue.autoDelete && queue.hadConsumer && queue.consumers.length === 0) {
    removeQueue(vhost, queue, 'auto-delete');
  } else markUsed(vhost, queue);
}

/** basic.get: the head message (or false), counted as unacked unless noAck. */
export function get(
  vhost: Vhost,
  channel: ServerChannel,
  queueName: string,
  noAck: boolean,
): AmqpFailure | false | AmqpMessage<GetFields> {
  const queue = vhost.findQueue(channel.connection, queueName, methods.basicGet);
  if (queue instanceof AmqpFailure) return queue;
  markUsed(vhost, queue);
  expireHead(vhost, queue);
  const message = queue.ready.shift();
  if (!message) return false;
  const deliveryTag = ++channel.nextDeliveryTag;
  if (!noAck) {
    // No consumer: a fetched message takes no prefetch slot.
    channel.unacked.set(deliveryTag, { message, queue, consumer: undefined });
    queue.unackedCount++;
  }
  vhost.ctx.trace({
    kind: message.redelivered ? 'redelivered' : 'delivered',
    from: queue.label,
    to: channel.clientName,
    messageId: message.id,
    payload: message.text,
    detail: vhost.ctx.traced
      ? { deliveryTag, redelivered: message.redelivered, get: true }
      : undefined,
  });
  scheduleExpiry(vhost, queue);
  return {
    content: message.content,
    fields: {
      deliveryTag,
      redelivered: message.redelivered,
      exchange: message.exchange,
      routingKey: message.routingKey,
      messageCount: queue.ready.length,
    },
    properties: message.properties,
  };
}
