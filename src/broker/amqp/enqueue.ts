import { deliverDirectly, requestDispatch } from './consumer-dispatch';
import { deadLetter } from './dead-lettering';
import { expiresAt } from './message-expiry';
import { traceInQueue, type Queue } from './queue';
import type { PublishOutcome, StoredMessage } from './server-types';
import type { Vhost } from './vhost';

/** A routed message before it is copied into each queue (each copy has its own expiry). */
export type RoutedMessage = Pick<
  StoredMessage,
  'id' | 'content' | 'properties' | 'exchange' | 'routingKey' | 'text'
>;

/**
 * Stores one copy of `message` in each target queue, tracing each hop from the exchange `from`.
 * `expiration` is the message's own TTL, if any. 'rejected' when a reject-publish queue refused
 * its copy (the publisher's confirm is then a nack), else 'routed'.
 */
export function enqueueCopies(
  vhost: Vhost,
  from: string,
  targets: readonly Queue[],
  message: RoutedMessage,
  expiration: number | undefined,
): PublishOutcome {
  const now = vhost.ctx.scheduler.now();
  let outcome: PublishOutcome = 'routed';
  for (let i = 0; i < targets.length; i++) {
    const queue = targets[i]!;
    const copy: StoredMessage = {
      id: message.id,
      content: message.content,
      properties: message.properties,
      exchange: message.exchange,
      routingKey: message.routingKey,
      redelivered: false,
      expiresAt: expiresAt(now, queue.messageTtl, expiration),
      seq: 0,
      text: message.text,
    };
    vhost.ctx.trace({
      kind: 'routed',
      from,
      to: queue.label,
      messageId: message.id,
      payload: message.text,
    });
    if (!enqueue(vhost, queue, copy)) outcome = 'rejected';
  }
  return outcome;
}

/**
 * Adds a message to a queue; false when a reject-publish overflow refused it. With `maxLength`
 * or `x-max-length-bytes` the overflow mode decides: drop-head dead-letters the oldest until
 * both limits hold, reject-publish refuses the new one (reject-publish-dlx dead-letters it
 * too). Without either the simulator's own cap drops the oldest, so a run that never consumes
 * cannot grow without bound. Before any limit or a TTL of 0 applies, a message reaching an empty
 * queue goes straight to a consumer that has room, as on RabbitMQ (docs/broker-semantics.md,
 * RabbitMQ 43).
 */
export function enqueue(vhost: Vhost, queue: Queue, message: StoredMessage): boolean {
  message.seq = ++queue.nextSeq;
  const limit = queue.maxLength;
  const byteLimit = queue.maxLengthBytes;
  const size = message.content.length;
  const tooFull = (count: number, bytes: number): boolean =>
    (limit !== undefined && count > limit) || (byteLimit !== undefined && bytes > byteLimit);
  const overflows = tooFull(queue.ready.length + 1, queue.ready.bytes + size);
  // A consumer with room takes a message that finds the queue empty, whatever the limits.
  if (queue.ready.length === 0 && deliverDirectly(vhost, queue, message)) return true;
  if (
    overflows &&
    (queue.overflow === 'reject-publish' || queue.overflow === 'reject-publish-dlx')
  ) {
    if (queue.overflow === 'reject-publish-dlx') deadLetter(vhost, queue, message, 'maxlen');
    else traceInQueue(vhost.ctx, 'dropped', queue, message, 'maxlen');
    return false;
  }
  queue.ready.push(message);
  if (overflows) {
    while (queue.ready.length > 0 && tooFull(queue.ready.length, queue.ready.bytes)) {
      deadLetter(vhost, queue, queue.ready.shift()!, 'maxlen');
    }
  } else if (
    limit === undefined &&
    byteLimit === undefined &&
    queue.ready.length > vhost.queueCap
  ) {
    const head = queue.ready.shift()!;
    traceInQueue(vhost.ctx, 'dropped', queue, head, 'overflow', { cap: vhost.queueCap });
  }
  requestDispatch(vhost, queue);
  return true;
}

/** Puts a message back where it was in its queue, marked redelivered (a nack, a lost channel). */
export function requeue(
  vhost: Vhost,
  queue: Queue,
  message: StoredMessage,
  from: string,
  reason: string,
): void {
  message.redelivered = true;
  queue.ready.insertByPosition(message);
  vhost.ctx.trace({
    kind: 'requeued',
    from,
    to: queue.label,
    messageId: message.id,
    reason,
    payload: message.text,
  });
}

/** A message no binding took, and nobody asked to have it returned: it is dropped at the exchange. */
export function traceUnroutable(
  vhost: Vhost,
  exchangeLabel: string,
  messageId: string,
  text: string | undefined,
): void {
  vhost.ctx.trace({
    kind: 'dropped',
    from: exchangeLabel,
    to: exchangeLabel,
    messageId,
    reason: 'unroutable',
    payload: text,
  });
}
