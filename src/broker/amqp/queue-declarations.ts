import { AmqpFailure, failures, inequivalentValues, methods } from './amqp-errors';
import type { AssertQueueOptions } from './amqp-types';
import { unbindDeletedQueue } from './exchange-routing';
import { Queue, traceInQueue } from './queue';
import { NotModelledError, refusedQueueDeclaration } from './not-modelled';
import { invalidQueueArgument, knownQueueArguments } from './queue-arguments';
import { markUsed } from './queue-expiry';
import type { ServerConnection } from './server-types';
import { rabbitmq } from './trace-endpoints';
import type { Vhost } from './vhost';

/** What queue.declare answers. */
export interface QueueDeclared {
  queue: string;
  messageCount: number;
  consumerCount: number;
}

/** amqplib's assertQueue options and the `x-` arguments it sends them as, in amqplib's order. */
const optionArguments = [
  ['expires', 'x-expires'],
  ['messageTtl', 'x-message-ttl'],
  ['deadLetterExchange', 'x-dead-letter-exchange'],
  ['deadLetterRoutingKey', 'x-dead-letter-routing-key'],
  ['maxLength', 'x-max-length'],
  ['maxPriority', 'x-max-priority'],
  ['overflow', 'x-overflow'],
  ['queueMode', 'x-queue-mode'],
] as const;

/**
 * queue.declare: creates the queue (a server-named `amq.gen-…` one for `''`), or accepts a
 * redeclaration with the same durability and arguments from a connection allowed to use it.
 */
export function assertQueue(
  vhost: Vhost,
  connection: ServerConnection,
  requested: string,
  options: AssertQueueOptions = {},
): AmqpFailure | NotModelledError | QueueDeclared {
  const method = methods.queueDeclare;
  const args: Record<string, unknown> = { ...(options.arguments ?? {}) };
  for (const [option, argument] of optionArguments) {
    if (options[option] !== undefined) args[argument] = options[option];
  }
  const exclusive = options.exclusive ?? false;
  const durable = options.durable ?? true;
  const autoDelete = options.autoDelete ?? false;
  const name = requested === '' ? vhost.generateName('amq.gen-') : requested;
  const refused = refusedQueueDeclaration(args);
  if (refused) return refused;
  const existing = vhost.queues.get(name);
  if (existing) {
    const difference = redeclarationDifference(existing, connection, options, args);
    if (difference) return difference;
    markUsed(vhost, existing);
    return {
      queue: name,
      messageCount: existing.ready.length,
      consumerCount: existing.consumers.length,
    };
  }
  if (requested.startsWith('amq.')) return failures.reservedName('queue', requested, method);
  // Only a new queue's arguments are checked: a redeclare is first compared with the existing
  // queue, and differing arguments fail as "inequivalent", as on RabbitMQ.
  const invalid = invalidQueueArgument(name, args);
  if (invalid) return invalid;
  const queue = new Queue(name, durable, exclusive ? connection : undefined, autoDelete, args);
  vhost.queues.set(name, queue);
  markUsed(vhost, queue);
  vhost.ctx.trace({
    kind: 'declared',
    from: connection.clientName,
    to: queue.label,
    detail: { durable, exclusive, autoDelete, arguments: args },
  });
  return { queue: name, messageCount: 0, consumerCount: 0 };
}

/**
 * What RabbitMQ refuses when a queue is declared again, in its order: another connection's
 * exclusive queue, or a different exclusive flag (405); then durable, auto_delete and the
 * arguments it knows (406 "inequivalent arg"). Arguments it does not know may differ, and a
 * classic queue is the same with or without `x-queue-type: 'classic'`.
 */
function redeclarationDifference(
  existing: Queue,
  connection: ServerConnection,
  options: AssertQueueOptions,
  args: Record<string, unknown>,
): AmqpFailure | undefined {
  const name = existing.name;
  const exclusive = options.exclusive ?? false;
  if (existing.exclusiveOwner ? existing.exclusiveOwner !== connection || !exclusive : exclusive) {
    return failures.locked(name, methods.queueDeclare);
  }
  const durable = options.durable ?? true;
  if (!existing.exclusiveOwner && existing.durable !== durable) {
    return failures.inequivalent('queue', name, 'durable', `'${durable}'`, `'${existing.durable}'`);
  }
  const autoDelete = options.autoDelete ?? false;
  if (existing.autoDelete !== autoDelete) {
    const [received, current] = [`'${autoDelete}'`, `'${existing.autoDelete}'`];
    return failures.inequivalent('queue', name, 'auto_delete', received, current);
  }
  for (const [key] of knownQueueArguments) {
    const classic = (value: unknown) =>
      key === 'x-queue-type' && value === 'classic' ? undefined : value;
    const differs = inequivalentValues(classic(args[key]), classic(existing.args[key]));
    if (differs) return failures.inequivalent('queue', name, key, ...differs);
  }
  return undefined;
}

/** queue.declare with passive set: the counts, or NOT_FOUND. */
export function checkQueue(
  vhost: Vhost,
  connection: ServerConnection,
  name: string,
): AmqpFailure | QueueDeclared {
  const queue = vhost.findQueue(connection, name, methods.queueDeclare);
  if (queue instanceof AmqpFailure) return queue;
  return { queue: name, messageCount: queue.ready.length, consumerCount: queue.consumers.length };
}

/** queue.delete: a missing queue is no error; `ifUnused` and `ifEmpty` may refuse. */
export function deleteQueue(
  vhost: Vhost,
  connection: ServerConnection,
  name: string,
  options: { readonly ifUnused?: boolean; readonly ifEmpty?: boolean } = {},
): AmqpFailure | { messageCount: number } {
  const method = methods.queueDelete;
  const queue = vhost.queues.get(name);
  if (!queue) return { messageCount: 0 };
  if (queue.exclusiveOwner && queue.exclusiveOwner !== connection) {
    return failures.locked(name, method);
  }
  if (options.ifUnused && queue.consumers.length > 0) return failures.inUse('queue', name, method);
  if (options.ifEmpty && queue.ready.length > 0) return failures.notEmpty(name, method);
  const messageCount = queue.ready.length;
  removeQueue(vhost, queue, 'deleted');
  return { messageCount };
}

/** queue.purge: drops the ready messages (not the unacked ones), without dead-lettering. */
export function purgeQueue(
  vhost: Vhost,
  connection: ServerConnection,
  name: string,
): AmqpFailure | { messageCount: number } {
  const queue = vhost.findQueue(connection, name, methods.queuePurge);
  if (queue instanceof AmqpFailure) return queue;
  const purged = queue.ready.drain();
  for (const message of purged) traceInQueue(vhost.ctx, 'dropped', queue, message, 'purged');
  return { messageCount: purged.length };
}

/**
 * Removes a queue for `reason` (deleted, auto-delete, exclusive owner gone, expired, restart):
 * its bindings go, its consumers are cancelled and its ready messages are dropped.
 */
export function removeQueue(vhost: Vhost, queue: Queue, reason: string): void {
  if (!vhost.holds(queue)) return;
  vhost.queues.delete(queue.name);
  unbindDeletedQueue(vhost, queue);
  // Consumers of a deleted queue are cancelled by the server: their callback gets null.
  for (const consumer of [...queue.consumers]) {
    consumer.channel.consumers.delete(consumer.tag);
    vhost.ctx.soon(() => consumer.callback(null));
  }
  queue.consumers.length = 0;
  for (const message of queue.ready.drain()) {
    traceInQueue(vhost.ctx, 'dropped', queue, message, `queue-${reason}`);
  }
  vhost.ctx.trace({ kind: 'dropped', from: rabbitmq, to: queue.label, reason: `queue-${reason}` });
}
