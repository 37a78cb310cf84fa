import type { ModelContext } from '../core/model-context';
import type { Bytes } from '../core/bytes';
import { AmqpFailure, describeArgument, failures, methods, type AmqpMethod } from './amqp-errors';
import { MessageDeque } from './message-deque';
import { topicMatcher } from './topic-match';
import type {
  AmqpMessage,
  AssertExchangeOptions,
  AssertQueueOptions,
  ConsumeCallback,
  MessageProperties,
} from './amqp-types';
import { invalidQueueArgument } from './queue-arguments';

/** Ready messages a queue may hold when the reader set no `maxLength`: the simulator's own cap. */
export const defaultQueueCap = 10_000;
/** Deliveries one dispatch pass may make before yielding to the scheduler. */
const dispatchBudget = 10_000;
const exchangeTypes = new Set(['direct', 'fanout', 'topic', 'headers']);
const defaultExchangeLabel = 'exchange:(AMQP default)';

/** How a publish went, for confirms: a reject-publish overflow makes the broker nack it. */
export type PublishOutcome = 'routed' | 'unroutable' | 'rejected';

/** One copy of a message sitting in one queue. */
export interface StoredMessage {
  readonly id: string;
  readonly content: Bytes;
  properties: MessageProperties;
  exchange: string;
  routingKey: string;
  redelivered: boolean;
  expiresAt: number;
  seq: number;
  readonly text: string | undefined;
}

interface Binding {
  readonly queue: Queue;
  readonly key: string;
  readonly args: Record<string, unknown>;
  readonly matches: (routingKey: string) => boolean;
}

/** An exchange: a name, a type and its bindings. */
export interface Exchange {
  readonly name: string;
  readonly type: string;
  readonly durable: boolean;
  readonly autoDelete: boolean;
  readonly internal: boolean;
  readonly alternate: string | undefined;
  bindings: Binding[];
  routeCache: Map<string, Queue[]>;
}

/** A consumer registered on a queue through a channel. */
export interface Consumer {
  readonly tag: string;
  readonly channel: ServerChannel;
  readonly queue: Queue;
  readonly noAck: boolean;
  readonly prefetch: number;
  unacked: number;
  readonly callback: ConsumeCallback;
}

/** An outstanding (delivered, unacked) message on a channel. */
export interface Unacked {
  readonly message: StoredMessage;
  readonly queue: Queue;
  readonly consumer: Consumer | undefined;
}

/** What the model needs from a client channel (implemented by `AmqpChannel`). */
export interface ServerChannel {
  readonly clientName: string;
  readonly connection: ServerConnection;
  /** Server side: tags outstanding on this channel, in tag order. */
  readonly unacked: Map<number, Unacked>;
  readonly consumers: Map<string, Consumer>;
  nextDeliveryTag: number;
  prefetchPerConsumer: number;
  prefetchGlobal: number;
  /** Set once the server has failed this channel: later methods on it are ignored. */
  failed: boolean;
  /** Hands a delivery to the consumer callback. */
  deliver(consumer: Consumer, message: AmqpMessage): void;
  /** basic.return of a mandatory message nobody could take. */
  returned(message: AmqpMessage<import('./amqp-types').ReturnFields>): void;
  /** The server closes this channel with `failure` (asynchronously, like a frame arriving). */
  fail(failure: AmqpFailure): void;
}

/** What the model needs from a client connection. */
export interface ServerConnection {
  readonly clientName: string;
  readonly channels: Set<ServerChannel>;
  /** The server drops this connection (crash, restart, connection-level error). */
  drop(error: Error): void;
}

/** A queue: ready messages, consumers, and its arguments. */
export class Queue {
  readonly ready = new MessageDeque<StoredMessage>();
  readonly consumers: Consumer[] = [];
  unackedCount = 0;
  nextSeq = 0;
  roundRobin = 0;
  dispatchScheduled = false;
  dispatching = false;
  expiryTimerDue = Infinity;
  hadConsumer = false;
  /** Scheduler time of the last declare, get or consumer change (for `x-expires`). */
  lastUsed = 0;
  expiryCheckScheduled = false;
  readonly label: string;
  readonly expiresMs: number | undefined;
  readonly messageTtl: number | undefined;
  readonly deadLetterExchange: string | undefined;
  readonly deadLetterRoutingKey: string | undefined;
  readonly maxLength: number | undefined;
  readonly overflow: string;

  constructor(
    readonly name: string,
    readonly durable: boolean,
    readonly exclusiveOwner: ServerConnection | undefined,
    readonly autoDelete: boolean,
    readonly args: Record<string, unknown>,
  ) {
    this.label = `queue:${name}`;
    this.messageTtl = numberArg(args['x-message-ttl']);
    this.expiresMs = numberArg(args['x-expires']);
    this.deadLetterExchange = stringArg(args['x-dead-letter-exchange']);
    this.deadLetterRoutingKey = stringArg(args['x-dead-letter-routing-key']);
    this.maxLength = numberArg(args['x-max-length']);
    this.overflow = stringArg(args['x-overflow']) ?? 'drop-head';
  }
}

/**
 * The RabbitMQ model: exchanges (direct, fanout, topic, headers, and the default one), queues
 * with TTL, max-length and dead-lettering, round-robin dispatch under prefetch, acks, requeues
 * with `redelivered`, returns of mandatory messages, durability across a restart. Every hop is
 * traced; every delivery waits for the scheduler.
 */
export class AmqpModel {
  readonly exchanges = new Map<string, Exchange>();
  readonly queues = new Map<string, Queue>();
  readonly connections = new Set<ServerConnection>();
  private generatedNames = 0;
  private generatedTags = 0;
  /** Ready messages a queue keeps at most when `maxLength` is not set. */
  queueCap = defaultQueueCap;

  constructor(private readonly ctx: ModelContext) {
    this.declareBuiltIns();
  }

  // ---------- connections ----------

  connect(connection: ServerConnection): void {
    this.connections.add(connection);
    this.ctx.trace({ kind: 'connected', from: connection.clientName, to: 'rabbitmq' });
  }

  /** A connection went away: close its channels (requeueing), delete its exclusive queues. */
  disconnect(connection: ServerConnection, reason: string): void {
    if (!this.connections.delete(connection)) return;
    for (const channel of connection.channels) this.closeChannel(channel);
    for (const queue of [...this.queues.values()]) {
      if (queue.exclusiveOwner === connection) this.removeQueue(queue, 'exclusive-owner-gone');
    }
    this.ctx.trace({ kind: 'disconnected', from: connection.clientName, to: 'rabbitmq', reason });
  }

  /** Server side of a channel closing: cancel its consumers, requeue what it held. */
  closeChannel(channel: ServerChannel): void {
    for (const consumer of [...channel.consumers.values()]) this.removeConsumer(consumer);
    this.recover(channel);
  }

  /** basic.recover (requeue=true): every unacked message of the channel goes back, redelivered. */
  recover(channel: ServerChannel): void {
    const outstanding = [...channel.unacked.values()];
    channel.unacked.clear();
    const touched = new Set<Queue>();
    for (const entry of outstanding) {
      if (entry.consumer) entry.consumer.unacked--;
      entry.queue.unackedCount--;
      if (!this.queues.has(entry.queue.name) || this.queues.get(entry.queue.name) !== entry.queue) {
        continue;
      }
      this.requeue(entry.queue, entry.message, channel.clientName, 'channel-closed');
      touched.add(entry.queue);
    }
    for (const queue of touched) this.requestDispatch(queue);
  }

  // ---------- declarations ----------

  assertExchange(
    name: string,
    type: string,
    options: AssertExchangeOptions = {},
  ): AmqpFailure | { exchange: string } {
    const method = methods.exchangeDeclare;
    if (!exchangeTypes.has(type)) return failures.invalidExchangeType(type);
    if (name === '') return failures.defaultExchange(method);
    const durable = options.durable ?? true;
    const autoDelete = options.autoDelete ?? false;
    const internal = options.internal ?? false;
    const alternate =
      options.alternateExchange ?? stringArg(options.arguments?.['alternate-exchange']);
    const existing = this.exchanges.get(name);
    if (existing) {
      if (existing.type !== type) {
        return failures.inequivalent('exchange', name, 'type', `'${type}'`, `'${existing.type}'`);
      }
      if (existing.durable !== durable) {
        return failures.inequivalent(
          'exchange',
          name,
          'durable',
          `'${durable}'`,
          `'${existing.durable}'`,
        );
      }
      if (existing.autoDelete !== autoDelete) {
        return failures.inequivalent(
          'exchange',
          name,
          'auto_delete',
          `'${autoDelete}'`,
          `'${existing.autoDelete}'`,
        );
      }
      return { exchange: name };
    }
    if (name.startsWith('amq.')) return failures.reservedName('exchange', name, method);
    this.exchanges.set(name, {
      name,
      type,
      durable,
      autoDelete,
      internal,
      alternate,
      bindings: [],
      routeCache: new Map(),
    });
    this.ctx.trace({
      kind: 'declared',
      from: 'rabbitmq',
      to: `exchange:${name}`,
      detail: { type, durable },
    });
    return { exchange: name };
  }

  checkExchange(name: string): AmqpFailure | Record<string, never> {
    if (name !== '' && !this.exchanges.has(name)) {
      return failures.noExchange(name, methods.exchangeDeclare);
    }
    return {};
  }

  deleteExchange(name: string, ifUnused = false): AmqpFailure | Record<string, never> {
    const method = methods.exchangeDelete;
    if (name === '') return failures.defaultExchange(method);
    if (name.startsWith('amq.')) return failures.reservedName('exchange', name, method);
    const exchange = this.exchanges.get(name);
    if (!exchange) return {};
    if (ifUnused && exchange.bindings.length > 0) {
      return new AmqpFailure(
        406,
        `PRECONDITION_FAILED - exchange '${name}' in vhost '/' in use`,
        method,
      );
    }
    this.exchanges.delete(name);
    return {};
  }

  assertQueue(
    connection: ServerConnection,
    requested: string,
    options: AssertQueueOptions = {},
  ): AmqpFailure | { queue: string; messageCount: number; consumerCount: number } {
    const method = methods.queueDeclare;
    const args: Record<string, unknown> = { ...(options.arguments ?? {}) };
    setIf(args, 'x-expires', options.expires);
    setIf(args, 'x-message-ttl', options.messageTtl);
    setIf(args, 'x-dead-letter-exchange', options.deadLetterExchange);
    setIf(args, 'x-dead-letter-routing-key', options.deadLetterRoutingKey);
    setIf(args, 'x-max-length', options.maxLength);
    setIf(args, 'x-max-priority', options.maxPriority);
    setIf(args, 'x-overflow', options.overflow);
    setIf(args, 'x-queue-mode', options.queueMode);
    const exclusive = options.exclusive ?? false;
    const durable = options.durable ?? true;
    const autoDelete = options.autoDelete ?? false;
    const name = requested === '' ? this.generateName('amq.gen-') : requested;
    const existing = this.queues.get(name);
    if (existing) {
      if (existing.exclusiveOwner && existing.exclusiveOwner !== connection) {
        return failures.locked(name, method);
      }
      if (!existing.exclusiveOwner && existing.durable !== durable) {
        return failures.inequivalent(
          'queue',
          name,
          'durable',
          `'${durable}'`,
          `'${existing.durable}'`,
        );
      }
      for (const key of new Set([...Object.keys(existing.args), ...Object.keys(args)])) {
        if (existing.args[key] !== args[key]) {
          return failures.inequivalent(
            'queue',
            name,
            key,
            describeArgument(args[key]),
            describeArgument(existing.args[key]),
          );
        }
      }
      this.touch(existing);
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
    this.queues.set(name, queue);
    this.touch(queue);
    this.clearRouteCaches();
    this.ctx.trace({
      kind: 'declared',
      from: connection.clientName,
      to: queue.label,
      detail: { durable, exclusive, autoDelete, arguments: args },
    });
    return { queue: name, messageCount: 0, consumerCount: 0 };
  }

  checkQueue(
    connection: ServerConnection,
    name: string,
  ): AmqpFailure | { queue: string; messageCount: number; consumerCount: number } {
    const queue = this.findQueue(connection, name, methods.queueDeclare);
    if (queue instanceof AmqpFailure) return queue;
    return { queue: name, messageCount: queue.ready.length, consumerCount: queue.consumers.length };
  }

  deleteQueue(
    connection: ServerConnection,
    name: string,
    options: { readonly ifUnused?: boolean; readonly ifEmpty?: boolean } = {},
  ): AmqpFailure | { messageCount: number } {
    const queue = this.queues.get(name);
    if (!queue) return { messageCount: 0 };
    if (queue.exclusiveOwner && queue.exclusiveOwner !== connection) {
      return failures.locked(name, methods.queueDelete);
    }
    if (options.ifUnused && queue.consumers.length > 0) {
      return new AmqpFailure(
        406,
        `PRECONDITION_FAILED - queue '${name}' in vhost '/' in use`,
        methods.queueDelete,
      );
    }
    if (options.ifEmpty && queue.ready.length > 0) {
      return new AmqpFailure(
        406,
        `PRECONDITION_FAILED - queue '${name}' in vhost '/' is not empty`,
        methods.queueDelete,
      );
    }
    const messageCount = queue.ready.length;
    this.removeQueue(queue, 'deleted');
    return { messageCount };
  }

  purgeQueue(connection: ServerConnection, name: string): AmqpFailure | { messageCount: number } {
    const queue = this.findQueue(connection, name, methods.queuePurge);
    if (queue instanceof AmqpFailure) return queue;
    const purged = queue.ready.drain();
    for (const message of purged) {
      this.ctx.trace({
        kind: 'dropped',
        from: queue.label,
        to: queue.label,
        messageId: message.id,
        reason: 'purged',
        payload: message.text,
      });
    }
    return { messageCount: purged.length };
  }

  /** The queue and exchange a (un)bind names, or the channel error RabbitMQ gives. */
  private bindingEnds(
    connection: ServerConnection,
    queueName: string,
    exchangeName: string,
    method: (typeof methods)[keyof typeof methods],
  ) {
    // Binding to the default exchange is refused before anything else is looked up.
    if (exchangeName === '') return failures.defaultExchange(method);
    const queue = this.findQueue(connection, queueName, method);
    if (queue instanceof AmqpFailure) return queue;
    const exchange = this.exchanges.get(exchangeName);
    if (!exchange) return failures.noExchange(exchangeName, method);
    return { queue, exchange };
  }

  bindQueue(
    connection: ServerConnection,
    queueName: string,
    exchangeName: string,
    key: string,
    args: Record<string, unknown> = {},
  ): AmqpFailure | Record<string, never> {
    const ends = this.bindingEnds(connection, queueName, exchangeName, methods.queueBind);
    if (ends instanceof AmqpFailure) return ends;
    const { queue, exchange } = ends;
    const exists = exchange.bindings.some(
      (b) => b.queue === queue && b.key === key && sameArgs(b.args, args),
    );
    if (!exists) {
      exchange.bindings.push({
        queue,
        key,
        args: { ...args },
        matches: exchange.type === 'topic' ? topicMatcher(key) : (rk) => rk === key,
      });
      exchange.routeCache.clear();
      this.ctx.trace({
        kind: 'declared',
        from: `exchange:${exchangeName}`,
        to: queue.label,
        detail: { binding: key },
      });
    }
    return {};
  }

  unbindQueue(
    connection: ServerConnection,
    queueName: string,
    exchangeName: string,
    key: string,
    args: Record<string, unknown> = {},
  ): AmqpFailure | Record<string, never> {
    const ends = this.bindingEnds(connection, queueName, exchangeName, methods.queueUnbind);
    if (ends instanceof AmqpFailure) return ends;
    const { queue, exchange } = ends;
    exchange.bindings = exchange.bindings.filter(
      (b) => !(b.queue === queue && b.key === key && sameArgs(b.args, args)),
    );
    exchange.routeCache.clear();
    return {};
  }

  // ---------- consumers ----------

  consume(
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
    const queue = this.findQueue(channel.connection, queueName, method);
    if (queue instanceof AmqpFailure) return queue;
    const tag = options.consumerTag || this.generateName('amq.ctag-');
    if (channel.consumers.has(tag)) {
      return new AmqpFailure(
        530,
        `NOT_ALLOWED - attempt to reuse consumer tag '${tag}'`,
        method,
        true,
      );
    }
    if (options.exclusive && queue.consumers.length > 0)
      return failures.exclusiveConsumer(queueName);
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
    this.requestDispatch(queue);
    return { consumerTag: tag };
  }

  cancel(channel: ServerChannel, tag: string): { consumerTag: string } {
    const consumer = channel.consumers.get(tag);
    if (consumer) this.removeConsumer(consumer);
    return { consumerTag: tag };
  }

  /** basic.get: the head message (or false), counted as unacked unless noAck. */
  get(
    channel: ServerChannel,
    queueName: string,
    noAck: boolean,
  ): AmqpFailure | false | AmqpMessage<import('./amqp-types').GetFields> {
    const queue = this.findQueue(channel.connection, queueName, methods.basicGet);
    if (queue instanceof AmqpFailure) return queue;
    this.touch(queue);
    this.expireHead(queue);
    const message = queue.ready.shift();
    if (!message) return false;
    const deliveryTag = ++channel.nextDeliveryTag;
    if (!noAck) {
      channel.unacked.set(deliveryTag, { message, queue, consumer: undefined });
      queue.unackedCount++;
    }
    this.ctx.trace({
      kind: message.redelivered ? 'redelivered' : 'delivered',
      from: queue.label,
      to: channel.clientName,
      messageId: message.id,
      payload: message.text,
      detail: this.ctx.traced
        ? { deliveryTag, redelivered: message.redelivered, get: true }
        : undefined,
    });
    this.scheduleExpiry(queue);
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

  // ---------- publishing ----------

  /**
   * basic.publish. Returns a failure when the exchange does not exist (the channel then closes),
   * else how it went (for confirms).
   */
  publish(
    channel: ServerChannel,
    exchangeName: string,
    routingKey: string,
    content: Bytes,
    properties: MessageProperties,
    mandatory: boolean,
  ): AmqpFailure | PublishOutcome {
    const exchange = this.exchanges.get(exchangeName);
    if (!exchange) return failures.noExchange(exchangeName, methods.basicPublish);
    const id = this.ctx.nextMessageId();
    const text = this.ctx.traced ? content.toString() : undefined;
    const label = exchangeName === '' ? defaultExchangeLabel : `exchange:${exchangeName}`;
    this.ctx.trace({
      kind: 'published',
      from: channel.clientName,
      to: label,
      messageId: id,
      payload: text,
      detail: this.ctx.traced ? { exchange: exchangeName, routingKey, properties } : undefined,
    });
    let targets = this.route(exchange, routingKey, properties.headers);
    let via = exchange;
    // An alternate exchange catches what the exchange could not route.
    while (targets.length === 0 && via.alternate !== undefined) {
      const alternate = this.exchanges.get(via.alternate);
      if (!alternate || alternate === exchange) break;
      via = alternate;
      targets = this.route(alternate, routingKey, properties.headers);
    }
    if (targets.length === 0) {
      if (mandatory) {
        this.ctx.trace({
          kind: 'returned',
          from: label,
          to: channel.clientName,
          messageId: id,
          reason: 'no-route',
          payload: text,
        });
        const returned = {
          content,
          fields: { replyCode: 312, replyText: 'NO_ROUTE', exchange: exchangeName, routingKey },
          properties,
        };
        this.ctx.soon(() => channel.returned(returned));
      } else
        this.ctx.trace({
          kind: 'dropped',
          from: label,
          to: label,
          messageId: id,
          reason: 'unroutable',
          payload: text,
        });
      return 'unroutable';
    }
    const expiration =
      properties.expiration === undefined ? undefined : Number(properties.expiration);
    const now = this.ctx.scheduler.now();
    const viaLabel = via === exchange ? label : `exchange:${via.name}`;
    let outcome: PublishOutcome = 'routed';
    for (let i = 0; i < targets.length; i++) {
      const queue = targets[i]!;
      const message: StoredMessage = {
        id,
        content,
        properties,
        exchange: exchangeName,
        routingKey,
        redelivered: false,
        expiresAt: expiryOf(now, queue.messageTtl, expiration),
        seq: 0,
        text,
      };
      this.ctx.trace({
        kind: 'routed',
        from: viaLabel,
        to: queue.label,
        messageId: id,
        payload: text,
      });
      if (!this.enqueue(queue, message)) outcome = 'rejected';
    }
    return outcome;
  }

  // ---------- acknowledgements ----------

  /** basic.ack / basic.nack / basic.reject on a channel. */
  settle(
    channel: ServerChannel,
    deliveryTag: number,
    multiple: boolean,
    outcome: 'ack' | 'requeue' | 'discard',
    method: AmqpMethod,
  ): AmqpFailure | undefined {
    if (!multiple) {
      // The common case, one tag, without the bookkeeping of the multiple case.
      const entry = channel.unacked.get(deliveryTag);
      if (!entry) return failures.unknownDeliveryTag(deliveryTag, method);
      this.settleOne(channel, deliveryTag, entry, outcome);
      this.requestDispatch(entry.queue);
      return undefined;
    }
    const entries: [number, Unacked][] = [];
    {
      for (const entry of channel.unacked) {
        if (deliveryTag !== 0 && entry[0] > deliveryTag) break;
        entries.push(entry);
      }
      if (entries.length === 0 && deliveryTag !== 0) {
        return failures.unknownDeliveryTag(deliveryTag, method);
      }
    }
    const touched = new Set<Queue>();
    for (const [tag, entry] of entries) {
      this.settleOne(channel, tag, entry, outcome);
      touched.add(entry.queue);
    }
    for (const queue of touched) this.requestDispatch(queue);
    return undefined;
  }

  private settleOne(
    channel: ServerChannel,
    tag: number,
    entry: Unacked,
    outcome: 'ack' | 'requeue' | 'discard',
  ): void {
    channel.unacked.delete(tag);
    const { queue, message, consumer } = entry;
    if (consumer) consumer.unacked--;
    queue.unackedCount--;
    if (outcome === 'ack') {
      this.ctx.trace({
        kind: 'acked',
        from: channel.clientName,
        to: queue.label,
        messageId: message.id,
        detail: this.ctx.traced ? { deliveryTag: tag } : undefined,
      });
      return;
    }
    this.ctx.trace({
      kind: 'nacked',
      from: channel.clientName,
      to: queue.label,
      messageId: message.id,
      reason: outcome === 'requeue' ? 'requeue' : 'rejected',
      payload: message.text,
      detail: this.ctx.traced ? { deliveryTag: tag, requeue: outcome === 'requeue' } : undefined,
    });
    // The nack travels to the broker like any frame: deliveries already on their way go first,
    // and the consumer's prefetch slot stays taken until the message is back in the queue.
    if (consumer) consumer.unacked++;
    queue.unackedCount++;
    this.ctx.soon(() => {
      if (consumer) consumer.unacked--;
      queue.unackedCount--;
      if (this.queues.get(queue.name) !== queue) return;
      if (outcome === 'requeue') this.requeue(queue, message, channel.clientName, 'nacked');
      else this.deadLetter(queue, message, 'rejected');
      this.requestDispatch(queue);
    });
  }

  // ---------- broker control ----------

  /**
   * The process that owned `connection` died: the server sees the connection go (its unacked
   * messages are requeued, redelivered), and the dead process hears nothing of it.
   */
  processCrashed(connection: ServerConnection): void {
    if (!this.connections.has(connection)) return;
    this.disconnect(connection, 'crashed');
    this.ctx.trace({
      kind: 'crashed',
      from: connection.clientName,
      to: 'rabbitmq',
      detail: { connections: 1 },
    });
  }

  /** Drops every connection whose client is `name`, as if its process died. */
  crash(name: string): number {
    let dropped = 0;
    for (const connection of [...this.connections]) {
      if (connection.clientName !== name) continue;
      this.disconnect(connection, 'crashed');
      connection.drop(new Error('Unexpected close'));
      dropped++;
    }
    return dropped;
  }

  /**
   * Broker restart: connections close (their unacked messages go back first), then transient
   * queues and exchanges vanish with their messages; durable queues keep persistent messages.
   */
  restart(): void {
    const error = Object.assign(
      new Error(
        'Connection closed: 320 (CONNECTION-FORCED) with message "CONNECTION_FORCED - broker forced connection closure with reason \'shutdown\'"',
      ),
      { code: 320 },
    );
    for (const connection of [...this.connections]) {
      this.disconnect(connection, 'restart');
      connection.drop(error);
    }
    for (const queue of [...this.queues.values()]) {
      if (!queue.durable) {
        this.removeQueue(queue, 'restart');
        continue;
      }
      const lost: StoredMessage[] = [];
      queue.ready.retain((m) => m.properties.deliveryMode === 2 || (lost.push(m), false));
      for (const message of lost) {
        this.ctx.trace({
          kind: 'dropped',
          from: queue.label,
          to: queue.label,
          messageId: message.id,
          reason: 'restart-transient',
          payload: message.text,
        });
      }
    }
    for (const exchange of [...this.exchanges.values()]) {
      if (!exchange.durable) this.exchanges.delete(exchange.name);
      else exchange.bindings = exchange.bindings.filter((b) => b.queue.durable);
      exchange.routeCache.clear();
    }
  }

  // ---------- internals ----------

  /** Adds a message to a queue; false when a reject-publish overflow refused it. */
  private enqueue(queue: Queue, message: StoredMessage): boolean {
    message.seq = ++queue.nextSeq;
    const limit = queue.maxLength;
    if (limit !== undefined && queue.ready.length >= limit) {
      if (queue.overflow === 'reject-publish' || queue.overflow === 'reject-publish-dlx') {
        if (queue.overflow === 'reject-publish-dlx') this.deadLetter(queue, message, 'maxlen');
        else
          this.ctx.trace({
            kind: 'dropped',
            from: queue.label,
            to: queue.label,
            messageId: message.id,
            reason: 'maxlen',
            payload: message.text,
          });
        return false;
      }
      queue.ready.push(message);
      while (queue.ready.length > limit) this.deadLetter(queue, queue.ready.shift()!, 'maxlen');
    } else {
      queue.ready.push(message);
      if (limit === undefined && queue.ready.length > this.queueCap) {
        const head = queue.ready.shift()!;
        this.ctx.trace({
          kind: 'dropped',
          from: queue.label,
          to: queue.label,
          messageId: head.id,
          reason: 'overflow',
          payload: head.text,
          detail: { cap: this.queueCap },
        });
      }
    }
    this.requestDispatch(queue);
    return true;
  }

  private requeue(queue: Queue, message: StoredMessage, from: string, reason: string): void {
    message.redelivered = true;
    queue.ready.insertByPosition(message);
    this.ctx.trace({
      kind: 'requeued',
      from,
      to: queue.label,
      messageId: message.id,
      reason,
      payload: message.text,
    });
  }

  /** Moves a dead message to the queue's dead-letter exchange with an `x-death` record. */
  private deadLetter(
    queue: Queue,
    message: StoredMessage,
    reason: 'rejected' | 'expired' | 'maxlen',
  ): void {
    const dlxName = queue.deadLetterExchange;
    const exchange = dlxName === undefined ? undefined : this.exchanges.get(dlxName);
    if (dlxName === undefined || !exchange) {
      const kind = reason === 'expired' ? 'expired' : 'dropped';
      this.ctx.trace({
        kind,
        from: queue.label,
        to: queue.label,
        messageId: message.id,
        reason:
          dlxName === undefined ? reason : `${reason}; dead-letter exchange '${dlxName}' missing`,
        payload: message.text,
      });
      return;
    }
    if (reason === 'expired')
      this.ctx.trace({
        kind: 'expired',
        from: queue.label,
        to: queue.label,
        messageId: message.id,
        reason,
        payload: message.text,
      });
    const properties = withDeath(
      message,
      queue.name,
      reason,
      Math.floor(this.ctx.scheduler.now() / 1000),
    );
    const routingKey = queue.deadLetterRoutingKey ?? message.routingKey;
    const label = dlxName === '' ? defaultExchangeLabel : `exchange:${dlxName}`;
    this.ctx.trace({
      kind: 'dead-lettered',
      from: queue.label,
      to: label,
      messageId: message.id,
      reason,
      payload: message.text,
      detail: this.ctx.traced ? { routingKey } : undefined,
    });
    const previousDeaths =
      (message.properties.headers['x-death'] as { queue: string; reason: string }[] | undefined) ??
      [];
    const targets = this.route(exchange, routingKey, properties.headers).filter(
      // RabbitMQ drops a message that would cycle back to a queue it already died in,
      // unless a reader rejected it somewhere on the way.
      (target) =>
        !previousDeaths.some((d) => d.queue === target.name) ||
        previousDeaths.some((d) => d.reason === 'rejected') ||
        reason === 'rejected',
    );
    if (targets.length === 0) {
      this.ctx.trace({
        kind: 'dropped',
        from: label,
        to: label,
        messageId: message.id,
        reason: 'unroutable',
        payload: message.text,
      });
      return;
    }
    const now = this.ctx.scheduler.now();
    for (const target of targets) {
      const copy: StoredMessage = {
        id: message.id,
        content: message.content,
        properties,
        exchange: dlxName,
        routingKey,
        redelivered: false,
        expiresAt: expiryOf(now, target.messageTtl, undefined),
        seq: 0,
        text: message.text,
      };
      this.ctx.trace({
        kind: 'routed',
        from: label,
        to: target.label,
        messageId: message.id,
        payload: message.text,
      });
      this.enqueue(target, copy);
    }
  }

  private route(exchange: Exchange, routingKey: string, headers: Record<string, unknown>): Queue[] {
    if (exchange.name === '') {
      const queue = this.queues.get(routingKey);
      return queue ? [queue] : [];
    }
    if (exchange.type === 'headers') return this.routeHeaders(exchange, headers);
    const cached = exchange.routeCache.get(routingKey);
    if (cached) return cached;
    const targets: Queue[] = [];
    for (const binding of exchange.bindings) {
      if (exchange.type === 'fanout' || binding.matches(routingKey)) {
        // A queue matched by two bindings still gets one copy.
        if (!targets.includes(binding.queue)) targets.push(binding.queue);
      }
    }
    if (exchange.routeCache.size > 1000) exchange.routeCache.clear();
    exchange.routeCache.set(routingKey, targets);
    return targets;
  }

  private routeHeaders(exchange: Exchange, headers: Record<string, unknown>): Queue[] {
    const targets: Queue[] = [];
    for (const binding of exchange.bindings) {
      const any = binding.args['x-match'] === 'any';
      const keys = Object.keys(binding.args).filter((k) => !k.startsWith('x-'));
      const hit = (k: string): boolean => k in headers && headers[k] === binding.args[k];
      const matched = keys.length === 0 ? !any : any ? keys.some(hit) : keys.every(hit);
      if (matched && !targets.includes(binding.queue)) targets.push(binding.queue);
    }
    return targets;
  }

  /** Schedules one dispatch pass for `queue` (several requests collapse into one). */
  requestDispatch(queue: Queue): void {
    if (queue.consumers.length === 0) {
      this.scheduleExpiry(queue);
      return;
    }
    if (queue.dispatchScheduled || queue.dispatching) return;
    queue.dispatchScheduled = true;
    this.ctx.soon(() => this.dispatch(queue));
  }

  private dispatch(queue: Queue): void {
    queue.dispatchScheduled = false;
    if (this.queues.get(queue.name) !== queue) return;
    queue.dispatching = true;
    let budget = dispatchBudget;
    try {
      while (budget-- > 0) {
        this.expireHead(queue);
        if (queue.ready.length === 0) break;
        const consumer = this.pickConsumer(queue);
        if (!consumer) break;
        this.handOver(consumer, queue.ready.shift()!);
      }
    } finally {
      queue.dispatching = false;
    }
    if (budget < 0 && queue.ready.length > 0) this.requestDispatch(queue);
    this.scheduleExpiry(queue);
  }

  private pickConsumer(queue: Queue): Consumer | undefined {
    const consumers = queue.consumers;
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

  private handOver(consumer: Consumer, message: StoredMessage): void {
    const channel = consumer.channel;
    const queue = consumer.queue;
    const deliveryTag = ++channel.nextDeliveryTag;
    if (!consumer.noAck) {
      channel.unacked.set(deliveryTag, { message, queue, consumer });
      consumer.unacked++;
      queue.unackedCount++;
    }
    if (!this.ctx.faulty) {
      this.emitDelivery(consumer, message, deliveryTag, message.redelivered);
      return;
    }
    this.ctx.gate.pass(consumer, {
      messageId: message.id,
      from: queue.label,
      to: channel.clientName,
      deliver: (duplicate) => {
        if (!channel.consumers.has(consumer.tag)) return;
        if (!duplicate) {
          // Delayed past an ack-all or a channel close: the delivery no longer exists.
          if (!consumer.noAck && channel.unacked.get(deliveryTag)?.message !== message) return;
          this.emitDelivery(consumer, message, deliveryTag, message.redelivered);
          return;
        }
        const extraTag = ++channel.nextDeliveryTag;
        if (!consumer.noAck) {
          channel.unacked.set(extraTag, { message, queue, consumer });
          consumer.unacked++;
          queue.unackedCount++;
        }
        this.emitDelivery(consumer, message, extraTag, true);
      },
      lost: () => {
        const entry = channel.unacked.get(deliveryTag);
        if (entry && entry.message === message) {
          channel.unacked.delete(deliveryTag);
          consumer.unacked--;
          queue.unackedCount--;
          this.requestDispatch(queue);
        }
      },
    });
  }

  private emitDelivery(
    consumer: Consumer,
    message: StoredMessage,
    deliveryTag: number,
    redelivered: boolean,
  ): void {
    this.ctx.trace({
      kind: redelivered ? 'redelivered' : 'delivered',
      from: consumer.queue.label,
      to: consumer.channel.clientName,
      messageId: message.id,
      payload: message.text,
      detail: this.ctx.traced
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

  /** Expired messages leave only from the head of the queue, as in RabbitMQ. */
  private expireHead(queue: Queue): void {
    let head = queue.ready.peek();
    if (!head || head.expiresAt === Infinity) return;
    const now = this.ctx.scheduler.now();
    while (head && head.expiresAt <= now) {
      queue.ready.shift();
      this.deadLetter(queue, head, 'expired');
      head = queue.ready.peek();
    }
  }

  private scheduleExpiry(queue: Queue): void {
    const head = queue.ready.peek();
    if (!head || head.expiresAt === Infinity || head.expiresAt >= queue.expiryTimerDue) return;
    queue.expiryTimerDue = head.expiresAt;
    const wait = Math.max(0, head.expiresAt - this.ctx.scheduler.now());
    this.ctx.later(() => {
      if (queue.expiryTimerDue === head.expiresAt) queue.expiryTimerDue = Infinity;
      if (this.queues.get(queue.name) !== queue) return;
      this.expireHead(queue);
      if (queue.consumers.length > 0) this.requestDispatch(queue);
      this.scheduleExpiry(queue);
    }, wait);
  }

  private removeConsumer(consumer: Consumer): void {
    const { queue, channel } = consumer;
    channel.consumers.delete(consumer.tag);
    const index = queue.consumers.indexOf(consumer);
    if (index >= 0) queue.consumers.splice(index, 1);
    this.ctx.gate.forget(consumer);
    if (queue.autoDelete && queue.hadConsumer && queue.consumers.length === 0) {
      this.removeQueue(queue, 'auto-delete');
    } else this.touch(queue);
  }

  /** Marks a queue used now and, with `x-expires`, arms its unused-queue timer. */
  private touch(queue: Queue): void {
    queue.lastUsed = this.ctx.scheduler.now();
    if (queue.expiresMs === undefined || queue.expiryCheckScheduled) return;
    queue.expiryCheckScheduled = true;
    this.ctx.later(() => this.checkQueueExpiry(queue), queue.expiresMs);
  }

  /** A queue unused for `x-expires` ms is deleted; its messages are dropped, not dead-lettered. */
  private checkQueueExpiry(queue: Queue): void {
    queue.expiryCheckScheduled = false;
    if (this.queues.get(queue.name) !== queue || queue.expiresMs === undefined) return;
    if (queue.consumers.length > 0) return; // re-armed when the last consumer leaves
    const idle = this.ctx.scheduler.now() - queue.lastUsed;
    if (idle >= queue.expiresMs) {
      this.removeQueue(queue, 'expired');
      return;
    }
    queue.expiryCheckScheduled = true;
    this.ctx.later(() => this.checkQueueExpiry(queue), queue.expiresMs - idle);
  }

  private removeQueue(queue: Queue, reason: string): void {
    if (this.queues.get(queue.name) !== queue) return;
    this.queues.delete(queue.name);
    for (const exchange of this.exchanges.values()) {
      const before = exchange.bindings.length;
      exchange.bindings = exchange.bindings.filter((b) => b.queue !== queue);
      if (exchange.bindings.length !== before) exchange.routeCache.clear();
      if (exchange.autoDelete && before > 0 && exchange.bindings.length === 0) {
        this.exchanges.delete(exchange.name);
      }
    }
    // Consumers of a deleted queue are cancelled by the server: their callback gets null.
    for (const consumer of [...queue.consumers]) {
      consumer.channel.consumers.delete(consumer.tag);
      this.ctx.soon(() => consumer.callback(null));
    }
    queue.consumers.length = 0;
    for (const message of queue.ready.drain()) {
      this.ctx.trace({
        kind: 'dropped',
        from: queue.label,
        to: queue.label,
        messageId: message.id,
        reason: `queue-${reason}`,
        payload: message.text,
      });
    }
    this.ctx.trace({
      kind: 'dropped',
      from: 'rabbitmq',
      to: queue.label,
      reason: `queue-${reason}`,
    });
  }

  private findQueue(
    connection: ServerConnection,
    name: string,
    method: AmqpMethod,
  ): Queue | AmqpFailure {
    const queue = this.queues.get(name);
    if (!queue) return failures.noQueue(name, method);
    if (queue.exclusiveOwner && queue.exclusiveOwner !== connection)
      return failures.locked(name, method);
    return queue;
  }

  private clearRouteCaches(): void {
    this.exchanges.get('')?.routeCache.clear();
  }

  private generateName(prefix: string): string {
    const n = prefix === 'amq.ctag-' ? ++this.generatedTags : ++this.generatedNames;
    // Same shape as RabbitMQ's (22 url-safe characters), but from a counter: replayable.
    return `${prefix}${n.toString(36).padStart(22, '0')}`;
  }

  private declareBuiltIns(): void {
    const builtIn = (name: string, type: string): void => {
      this.exchanges.set(name, {
        name,
        type,
        durable: true,
        autoDelete: false,
        internal: false,
        alternate: undefined,
        bindings: [],
        routeCache: new Map(),
      });
    };
    builtIn('', 'direct');
    builtIn('amq.direct', 'direct');
    builtIn('amq.fanout', 'fanout');
    builtIn('amq.topic', 'topic');
    builtIn('amq.headers', 'headers');
    builtIn('amq.match', 'headers');
  }
}

function expiryOf(
  now: number,
  queueTtl: number | undefined,
  messageTtl: number | undefined,
): number {
  // The lower of queue TTL and per-message expiration wins.
  let ttl = Infinity;
  if (queueTtl !== undefined && queueTtl >= 0) ttl = queueTtl;
  if (messageTtl !== undefined && Number.isFinite(messageTtl) && messageTtl >= 0)
    ttl = Math.min(ttl, messageTtl);
  return ttl === Infinity ? Infinity : now + ttl;
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

function sameArgs(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

function setIf(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) target[key] = value;
}

function numberArg(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function stringArg(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
