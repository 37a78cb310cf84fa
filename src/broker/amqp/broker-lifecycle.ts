import { recover } from './acknowledgements';
import { removeConsumer } from './consumers';
import { traceInQueue } from './queue';
import { removeQueue } from './queue-declarations';
import type { ServerChannel, ServerConnection, StoredMessage } from './server-types';
import { rabbitmq } from './trace-endpoints';
import type { Vhost } from './vhost';

// Connections and channels coming and going, a client process dying, the broker restarting:
// what the server keeps and what it gives back each time.

export function connect(vhost: Vhost, connection: ServerConnection): void {
  vhost.connections.add(connection);
  vhost.ctx.trace({ kind: 'connected', from: connection.clientName, to: rabbitmq });
}

/** A connection went away: close its channels (requeueing), delete its exclusive queues. */
export function disconnect(vhost: Vhost, connection: ServerConnection, reason: string): void {
  if (!vhost.connections.delete(connection)) return;
  for (const channel of connection.channels) closeChannel(vhost, channel);
  for (const queue of [...vhost.queues.values()]) {
    if (queue.exclusiveOwner === connection) removeQueue(vhost, queue, 'exclusive-owner-gone');
  }
  vhost.ctx.trace({ kind: 'disconnected', from: connection.clientName, to: rabbitmq, reason });
}

/** Server side of a channel closing: cancel its consumers, requeue what it held. */
export function closeChannel(vhost: Vhost, channel: ServerChannel): void {
  for (const consumer of [...channel.consumers.values()]) removeConsumer(vhost, consumer);
  recover(vhost, channel);
}

/**
 * The process that owned `connection` died: the server sees the connection go (its unacked
 * messages are requeued, redelivered), and the dead process hears nothing of it.
 */
export function processCrashed(vhost: Vhost, connection: ServerConnection): void {
  if (!vhost.connections.has(connection)) return;
  disconnect(vhost, connection, 'crashed');
  vhost.ctx.trace({
    kind: 'crashed',
    from: connection.clientName,
    to: rabbitmq,
    detail: { connections: 1 },
  });
}

/** Drops every connection whose client is `name`, as if its process died; returns how many. */
export function crash(vhost: Vhost, name: string): number {
  let dropped = 0;
  for (const connection of [...vhost.connections]) {
    if (connection.clientName !== name) continue;
    disconnect(vhost, connection, 'crashed');
    connection.drop(new Error('Unexpected close'));
    dropped++;
  }
  return dropped;
}

/**
 * Broker restart: connections close (their unacked messages go back first), then transient
 * queues and exchanges vanish with their messages; durable queues keep persistent messages.
 */
export function restart(vhost: Vhost): void {
  const error = Object.assign(
    new Error(
      'Connection closed: 320 (CONNECTION-FORCED) with message "CONNECTION_FORCED - broker forced connection closure with reason \'shutdown\'"',
    ),
    { code: 320 },
  );
  for (const connection of [...vhost.connections]) {
    disconnect(vhost, connection, 'restart');
    connection.drop(error);
  }
  for (const queue of [...vhost.queues.values()]) {
    if (!queue.durable) {
      removeQueue(vhost, queue, 'restart');
      continue;
    }
    const lost: StoredMessage[] = [];
    queue.ready.retain((m) => m.properties.deliveryMode === 2 || (lost.push(m), false));
    for (const message of lost) {
      traceInQueue(vhost.ctx, 'dropped', queue, message, 'restart-transient');
    }
  }
  for (const exchange of [...vhost.exchanges.values()]) {
    if (!exchange.durable) vhost.exchanges.delete(exchange.name);
    else exchange.bindings = exchange.bindings.filter((b) => b.queue.durable);
    exchange.routeCache.clear();
  }
  // An exchange-to-exchange binding lasts only if the exchange it leads to does.
  for (const exchange of vhost.exchanges.values()) {
    exchange.exchangeBindings = exchange.exchangeBindings.filter((b) =>
      vhost.exchanges.has(b.destination),
    );
  }
}
