import type { MessageProperties } from './amqp-types';
import { enqueueCopies, traceUnroutable } from './enqueue';
import { routeAll } from './exchange-routing';
import { traceInQueue, type Queue } from './queue';
import type { DeathReason, StoredMessage } from './server-types';
import { addressedExchange } from './trace-endpoints';
import type { Vhost } from './vhost';

/**
 * A message dies in `queue` (rejected without requeue, expired, pushed out by max-length): it
 * moves to the queue's dead-letter exchange with an `x-death` record, as RabbitMQ 3.10 writes
 * it, or is gone when the queue has none (or names one that does not exist).
 */
export function deadLetter(
  vhost: Vhost,
  queue: Queue,
  message: StoredMessage,
  reason: DeathReason,
): void {
  const dlxName = queue.deadLetterExchange;
  const exchange = dlxName === undefined ? undefined : vhost.exchanges.get(dlxName);
  if (dlxName === undefined || !exchange) {
    const gone =
      dlxName === undefined ? reason : `${reason}; dead-letter exchange '${dlxName}' missing`;
    traceInQueue(vhost.ctx, reason === 'expired' ? 'expired' : 'dropped', queue, message, gone);
    return;
  }
  if (reason === 'expired') traceInQueue(vhost.ctx, 'expired', queue, message, reason);
  const properties = withDeath(
    message,
    queue.name,
    reason,
    Math.floor(vhost.ctx.scheduler.now() / 1000),
  );
  const routingKey = queue.deadLetterRoutingKey ?? message.routingKey;
  const label = addressedExchange(dlxName);
  vhost.ctx.trace({
    kind: 'dead-lettered',
    from: queue.label,
    to: label,
    messageId: message.id,
    reason,
    payload: message.text,
    detail: vhost.ctx.traced ? { routingKey } : undefined,
  });
  const deaths = properties.headers['x-death'] as { queue: string; reason: string }[];
  const targets = routeAll(vhost, exchange, [routingKey], properties.headers).filter(
    (target) => !isCycle(target.name, deaths),
  );
  if (targets.length === 0) {
    traceUnroutable(vhost, label, message.id, message.text);
    return;
  }
  const { id, content, text } = message;
  const copy = { id, content, properties, exchange: dlxName, routingKey, text };
  // No per-message TTL: withDeath moved `expiration` aside; only the target queue's TTL counts.
  enqueueCopies(vhost, label, targets, copy, undefined);
}

/**
 * RabbitMQ drops a dead-lettered message on its way back to a queue it already died in, unless
 * a reader rejected it somewhere since (rabbit_dead_letter's is_cycle): `deaths` is the new
 * `x-death`, newest first, and the cycle runs from now back to the last death in `queue`.
 * Without this a message rejected once could loop through a max-length 0 queue forever.
 */
function isCycle(queue: string, deaths: readonly { queue: string; reason: string }[]): boolean {
  const last = deaths.findIndex((d) => d.queue === queue);
  if (last < 0) return false;
  return deaths.slice(0, last + 1).every((d) => d.reason !== 'rejected');
}

/** The properties of a dead-lettered copy: `x-death` updated, `expiration` moved aside. */
function withDeath(
  message: StoredMessage,
  queue: string,
  reason: string,
  seconds: number,
): MessageProperties {
  const old = message.properties;
  const headers: Record<string, unknown> = { ...old.headers };
  const deaths = ((headers['x-death'] as Record<string, unknown>[] | undefined) ?? []).map((d) => ({
    ...d,
  }));
  const index = deaths.findIndex((d) => d['queue'] === queue && d['reason'] === reason);
  const time = { '!': 'timestamp', value: seconds };
  if (index >= 0) {
    // A repeated death (same queue, same reason) counts up and moves to the front.
    const [entry] = deaths.splice(index, 1);
    entry!['count'] = (entry!['count'] as number) + 1;
    entry!['time'] = time;
    deaths.unshift(entry!);
  } else {
    const entry: Record<string, unknown> = {
      count: 1,
      reason,
      queue,
      time,
      exchange: message.exchange,
      'routing-keys': [message.routingKey],
    };
    if (old.expiration !== undefined) entry['original-expiration'] = old.expiration;
    deaths.unshift(entry);
  }
  headers['x-death'] = deaths;
  if (!('x-first-death-exchange' in headers)) {
    headers['x-first-death-exchange'] = message.exchange;
    headers['x-first-death-queue'] = queue;
    headers['x-first-death-reason'] = reason;
  }
  return { ...old, headers, expiration: undefined };
}
