import type { Queue } from './queue';
import { removeQueue } from './queue-declarations';
import type { Vhost } from './vhost';

// `x-expires`: a queue nobody uses for that long is deleted. "Used" is a declare, a basic.get or
// a consumer coming or going; while it has consumers it never expires. Its messages are dropped,
// not dead-lettered, as on RabbitMQ.

/** Marks a queue used now and, with `x-expires`, arms its unused-queue timer. */
export function markUsed(vhost: Vhost, queue: Queue): void {
  queue.lastUsed = vhost.ctx.scheduler.now();
  // One timer per queue: when it fires it re-arms for the rest of the idle time.
  if (queue.expiresMs === undefined || queue.expiryCheckScheduled) return;
  queue.expiryCheckScheduled = true;
  vhost.ctx.later(() => checkUnusedQueue(vhost, queue), queue.expiresMs);
}

/** Deletes the queue if it has been unused for `x-expires` ms, else waits out the rest. */
function checkUnusedQueue(vhost: Vhost, queue: Queue): void {
  queue.expiryCheckScheduled = false;
  if (!vhost.holds(queue) || queue.expiresMs === undefined) return;
  if (queue.consumers.length > 0) return; // re-armed when the last consumer leaves
  const idle = vhost.ctx.scheduler.now() - queue.lastUsed;
  if (idle >= queue.expiresMs) {
    removeQueue(vhost, queue, 'expired');
    return;
  }
  queue.expiryCheckScheduled = true;
  vhost.ctx.later(() => checkUnusedQueue(vhost, queue), queue.expiresMs - idle);
}
