import type { ModelContext } from '../core/model-context';
import { failures, type AmqpFailure, type AmqpMethod } from './amqp-errors';
import type { Queue } from './queue';
import type { Exchange, ServerConnection } from './server-types';

/** Ready messages a queue may hold when the reader set no `maxLength`: the simulator's own cap. */
export const defaultQueueCap = 10_000;

/**
 * What the broker holds for its one virtual host, `/` (RabbitMQ's errors name it): exchanges,
 * queues and the open connections, with the model's context. Every part of the model (routing,
 * dispatch, expiry, dead-lettering…) is a set of functions over this one object.
 */
export class Vhost {
  readonly exchanges = new Map<string, Exchange>();
  readonly queues = new Map<string, Queue>();
  readonly connections = new Set<ServerConnection>();
  private generatedNames = 0;
  private generatedTags = 0;

  constructor(
    readonly ctx: ModelContext,
    /** Ready messages a queue keeps at most when `maxLength` is not set. */
    readonly queueCap: number = defaultQueueCap,
  ) {}

  /**
   * Whether `queue` is still the live queue of its name. Timers, nacks and redeliveries run
   * later than they were caused: by then the queue may be gone, or redeclared as a new one.
   */
  holds(queue: Queue): boolean {
    return this.queues.get(queue.name) === queue;
  }

  /** The queue `name` as `connection` may use it, or the channel error RabbitMQ gives. */
  findQueue(connection: ServerConnection, name: string, method: AmqpMethod): Queue | AmqpFailure {
    const queue = this.queues.get(name);
    if (!queue) return failures.noQueue(name, method);
    // Another connection's exclusive queue is locked to everyone else.
    if (queue.exclusiveOwner && queue.exclusiveOwner !== connection)
      return failures.locked(name, method);
    return queue;
  }

  /** A server-chosen name (`amq.gen-…` queue, `amq.ctag-…` consumer tag). */
  generateName(prefix: 'amq.gen-' | 'amq.ctag-'): string {
    const n = prefix === 'amq.ctag-' ? ++this.generatedTags : ++this.generatedNames;
    // Same shape as RabbitMQ's (22 url-safe characters), but from a counter: replayable.
    return `${prefix}${n.toString(36).padStart(22, '0')}`;
  }
}
