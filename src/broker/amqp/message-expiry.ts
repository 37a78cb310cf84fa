import { requestDispatch } from './consumer-dispatch';
import { deadLetter } from './dead-lettering';
import type { Queue } from './queue';
import type { Vhost } from './vhost';

// Message TTL: a queue's `x-message-ttl` and a message's own `expiration`. The lower wins.
// As on RabbitMQ, expired messages leave only from the head of the queue: one behind a message
// that lives longer waits for it. An expired message is dead-lettered when the queue says so.

/** When a message entering a queue now expires: the lower of the two TTLs, or Infinity. */
export function expiresAt(
  now: number,
  queueTtl: number | undefined,
  messageTtl: number | undefined,
): number {
  let ttl = Infinity;
  if (queueTtl !== undefined && queueTtl >= 0) ttl = queueTtl;
  if (messageTtl !== undefined && Number.isFinite(messageTtl) && messageTtl >= 0)
    ttl = Math.min(ttl, messageTtl);
  return ttl === Infinity ? Infinity : now + ttl;
}

/** Removes the expired messages at the head of the queue, dead-lettering each. */
export function expireHead(vhost: Vhost, queue: Queue): void {
  let head = queue.ready.peek();
  if (!head || head.expiresAt === Infinity) return;
  const now = vhost.ctx.scheduler.now();
  while (head && head.expiresAt <= now) {
    queue.ready.shift();
    deadLetter(vhost, queue, head, 'expired');
    head = queue.ready.peek();
  }
}

/**
 * Arms a timer for when the head message expires, so it leaves on time even when nobody
 * consumes. One timer per queue: a new one only when the head expires sooner than the armed one.
 */
export function scheduleExpiry(vhost: Vhost, queue: Queue): void {
  const head = queue.ready.peek();
  if (!head || head.expiresAt === Infinity || head.expiresAt >= queue.expiryTimerDue) return;
  queue.expiryTimerDue = head.expiresAt;
  const wait = Math.max(0, head.expiresAt - vhost.ctx.scheduler.now());
  vhost.ctx.later(() => {
    if (queue.expiryTimerDue === head.expiresAt) queue.expiryTimerDue = Infinity;
    if (!vhost.holds(queue)) return;
    expireHead(vhost, queue);
    if (queue.consumers.length > 0) requestDispatch(vhost, queue);
    scheduleExpiry(vhost, queue);
  }, wait);
}
