import { EventEmitter } from '../core/event-emitter';
import { Bytes, isBuffer } from '../core/bytes';
import { reportUserError } from '../core/broker-core';
import { AmqpFailure, IllegalOperationError, methods, type AmqpMethod } from './amqp-errors';
import type { AmqpModel } from './amqp-model';
import type {
  Consumer,
  PublishOutcome,
  ServerChannel,
  ServerConnection,
  SettleOutcome,
  Unacked,
} from './server-types';
import type {
  AmqpMessage,
  AssertExchangeOptions,
  AssertQueueOptions,
  ConsumeCallback,
  ConsumeOptions,
  GetFields,
  MessageProperties,
  PublishOptions,
  ReturnFields,
} from './amqp-types';
import { directReplyQueue, NotModelledError, refusedConsume } from './not-modelled';
import { prefetchCount } from './prefetch-count';

/** What a channel needs from its connection: the model, the name, and "soon". */
export interface ChannelHost extends ServerConnection {
  readonly model: AmqpModel;
  soon(task: () => void): void;
  forgetChannel(channel: AmqpChannel): void;
  /** A connection-level failure (503, 530): the whole connection closes. */
  failConnection(error: Error): void;
}

/**
 * An amqplib-shaped channel (promise API): declarations, publish, consume, ack/nack. A server
 * error closes it as amqplib does: the RPC at fault rejects with `Operation failed: …`, the
 * channel emits 'error' then 'close', and every later call fails with "Channel closed".
 *
 * @example
 * const ch = await connection.createChannel();
 * await ch.assertQueue('tasks', { durable: true });
 * ch.sendToQueue('tasks', Buffer.from('hello'), { persistent: true });
 */
export class AmqpChannel extends EventEmitter implements ServerChannel {
  readonly unacked = new Map<number, Unacked>();
  readonly consumers = new Map<string, Consumer>();
  nextDeliveryTag = 0;
  prefetchPerConsumer = 0;
  prefetchGlobal = 0;
  failed = false;
  /** The server's close on its way (from a publish or an ack), until an RPC has taken it. */
  private closingFailure: AmqpFailure | undefined;
  /** Client side: false once the channel is closed (by us, the server or the connection). */
  private open = true;
  readonly clientName: string;

  constructor(readonly connection: ChannelHost) {
    super();
    this.clientName = connection.clientName;
  }

  // ---------- declarations ----------

  assertQueue(queue = '', options?: AssertQueueOptions) {
    return this.rpc(() => this.model.assertQueue(this.connection, queue ?? '', options ?? {}));
  }

  checkQueue(queue: string) {
    return this.rpc(() => this.model.checkQueue(this.connection, queue));
  }

  deleteQueue(queue: string, options?: { ifUnused?: boolean; ifEmpty?: boolean }) {
    return this.rpc(() => this.model.deleteQueue(this.connection, queue, options ?? {}));
  }

  purgeQueue(queue: string) {
    return this.rpc(() => this.model.purgeQueue(this.connection, queue));
  }

  bindQueue(queue: string, source: string, pattern: string, args?: Record<string, unknown>) {
    const request = { queue, exchange: source, key: pattern, args: args ?? {} };
    return this.rpc(() => this.model.bindQueue(this.connection, request));
  }

  unbindQueue(queue: string, source: string, pattern: string, args?: Record<string, unknown>) {
    const request = { queue, exchange: source, key: pattern, args: args ?? {} };
    return this.rpc(() => this.model.unbindQueue(this.connection, request));
  }

  assertExchange(exchange: string, type: string, options?: AssertExchangeOptions) {
    return this.rpc(() => this.model.assertExchange(exchange, type, options ?? {}));
  }

  checkExchange(exchange: string) {
    return this.rpc(() => this.model.checkExchange(exchange));
  }

  deleteExchange(exchange: string, options?: { ifUnused?: boolean }) {
    return this.rpc(() => this.model.deleteExchange(exchange, options?.ifUnused ?? false));
  }

  /** exchange.bind: what `source` routes with `pattern` also goes through `destination`. */
  bindExchange(
    destination: string,
    source: string,
    pattern: string,
    args?: Record<string, unknown>,
  ) {
    const request = { destination, source, key: pattern, args: args ?? {} };
    return this.rpc(() => this.model.bindExchange(request));
  }

  unbindExchange(
    destination: string,
    source: string,
    pattern: string,
    args?: Record<string, unknown>,
  ) {
    const request = { destination, source, key: pattern, args: args ?? {} };
    return this.rpc(() => this.model.unbindExchange(request));
  }

  // ---------- messages ----------

  /** basic.publish. Returns true (amqplib's "keep writing"); errors arrive as channel events. */
  publish(
    exchange: string,
    routingKey: string,
    content: unknown,
    options?: PublishOptions,
  ): boolean {
    if (!this.open) throw new IllegalOperationError('Channel closed');
    if (!isBuffer(content)) throw new TypeError('content is not a buffer');
    if (options?.replyTo === directReplyQueue) throw new NotModelledError('directReplyTo');
    if (this.failed) {
      this.published('failed');
      return true;
    }
    const properties = toProperties(options);
    const result = this.model.publish(
      this,
      exchange,
      routingKey,
      Bytes.from(content),
      properties,
      options?.mandatory === true,
    );
    if (result instanceof AmqpFailure) this.fail(result);
    this.published(result instanceof AmqpFailure ? 'failed' : result);
    return true;
  }

  sendToQueue(queue: string, content: unknown, options?: PublishOptions): boolean {
    return this.publish('', queue, content, options);
  }

  consume(queue: string, callback: ConsumeCallback, options?: ConsumeOptions) {
    return this.rpc(
      () =>
        refusedConsume(queue, options ?? {}) ??
        this.model.consume(this, queue, callback, options ?? {}),
    );
  }

  cancel(consumerTag: string) {
    return this.rpc(() => this.model.cancel(this, consumerTag));
  }

  get(queue: string, options?: { noAck?: boolean }): Promise<false | AmqpMessage<GetFields>> {
    return this.rpc(() => this.model.get(this, queue, options?.noAck ?? false));
  }

  ack(message: AmqpMessage<{ deliveryTag: number }>, allUpTo?: boolean): void {
    this.settle(message.fields.deliveryTag, allUpTo === true, 'ack', methods.basicAck);
  }

  ackAll(): void {
    this.settle(0, true, 'ack', methods.basicAck);
  }

  nack(message: AmqpMessage<{ deliveryTag: number }>, allUpTo?: boolean, requeue?: boolean): void {
    this.settle(
      message.fields.deliveryTag,
      allUpTo === true,
      requeue === false ? 'discard' : 'requeue',
      methods.basicNack,
    );
  }

  nackAll(requeue?: boolean): void {
    this.settle(0, true, requeue === false ? 'discard' : 'requeue', methods.basicNack);
  }

  reject(message: AmqpMessage<{ deliveryTag: number }>, requeue?: boolean): void {
    this.settle(
      message.fields.deliveryTag,
      false,
      requeue === false ? 'discard' : 'requeue',
      methods.basicReject,
    );
  }

  /** basic.recover: the server requeues every unacked message of this channel. */
  recover() {
    return this.rpc(() => {
      this.model.recover(this);
      return {};
    });
  }

  /** basic.qos: per consumer (for consumers started afterwards), or per channel if `global`. */
  prefetch(count: number, global?: boolean) {
    // amqplib refuses a count the frame cannot carry before sending anything (see prefetch-count.ts).
    const checked = prefetchCount(count);
    if (checked instanceof Error) return Promise.reject(checked);
    return this.rpc(() => {
      if (global) this.prefetchGlobal = checked;
      else this.prefetchPerConsumer = checked;
      return {};
    });
  }

  qos(count: number, global?: boolean) {
    return this.prefetch(count, global);
  }

  /** Closes the channel; the server requeues its unacked messages with redelivered=true. */
  close(): Promise<void> {
    if (!this.open) return Promise.reject(new IllegalOperationError('Channel closed'));
    this.open = false;
    if (!this.failed) this.model.closeChannel(this);
    this.failed = true;
    this.connection.forgetChannel(this);
    this.closedUnconfirmed();
    // amqplib emits 'close' just before the awaiting code resumes.
    return Promise.resolve().then(() => this.safeEmit('close'));
  }

  // ---------- server side (ServerChannel) ----------

  get model(): AmqpModel {
    return this.connection.model;
  }

  deliver(consumer: Consumer, message: AmqpMessage): void {
    if (!this.open) return;
    try {
      consumer.callback(message);
    } catch (error) {
      reportUserError(error);
    }
  }

  returned(message: AmqpMessage<ReturnFields>): void {
    if (this.open) this.safeEmit('return', message);
  }

  fail(failure: AmqpFailure): void {
    if (this.failed) return;
    this.failed = true;
    this.closingFailure = failure;
    this.model.closeChannel(this);
    if (failure.connectionLevel) {
      this.connection.failConnection(failure.eventError());
      return;
    }
    this.connection.soon(() => this.closedByServer(failure));
  }

  /** The connection ended under this channel: it just closes. */
  connectionClosed(): void {
    if (!this.open) return;
    this.open = false;
    this.failed = true;
    this.closedUnconfirmed();
    this.safeEmit('close');
  }

  // ---------- internals ----------

  /** Hook for confirm channels: how one publish went. */
  protected published(_outcome: PublishOutcome | 'failed'): void {}

  /** Hook for confirm channels: the channel closed with publishes unconfirmed. */
  protected closedUnconfirmed(): void {}

  private closedByServer(failure: AmqpFailure): void {
    if (!this.open) return;
    this.open = false;
    this.connection.forgetChannel(this);
    this.closedUnconfirmed();
    const error = failure.eventError();
    if (this.listenerCount('error') === 0) {
      // amqplib lets an unheard channel error escape into the connection, which then closes
      // with that error: every other channel on it goes too.
      this.safeEmit('close');
      this.connection.failConnection(error);
      return;
    }
    this.safeEmit('error', error);
    this.safeEmit('close');
  }

  private settle(tag: number, multiple: boolean, outcome: SettleOutcome, method: AmqpMethod): void {
    if (!this.open) throw new IllegalOperationError('Channel closed');
    if (this.failed) return;
    const failure = this.model.settle(this, tag, multiple, outcome, method);
    if (failure) this.fail(failure);
  }

  /**
   * An RPC as amqplib's promise API runs it; a failure closes the channel first. A request for
   * something not modelled (not-modelled.ts) only rejects: the real broker would have taken it.
   */
  private rpc<T>(run: () => AmqpFailure | T): Promise<Exclude<T, AmqpFailure | NotModelledError>> {
    if (!this.open) return Promise.reject(new IllegalOperationError('Channel closed'));
    if (this.failed) {
      // The server's close is already on its way and rejects once it arrives, after the
      // channel's 'error' and 'close'. amqplib has one RPC in flight: that one gets the close
      // as its error; any queued behind it only "Channel ended" (lib/channel.js).
      const closing = this.closingFailure;
      this.closingFailure = undefined;
      const error = closing
        ? closing.eventError()
        : new Error('Channel ended, no reply will be forthcoming');
      return new Promise((_, reject) => this.connection.soon(() => reject(error)));
    }
    const result = run();
    if (result instanceof NotModelledError) return Promise.reject(result);
    if (result instanceof AmqpFailure) {
      this.failed = true;
      this.model.closeChannel(this);
      if (result.connectionLevel) {
        this.connection.failConnection(result.eventError());
        return Promise.reject(new Error('Channel ended, no reply will be forthcoming'));
      }
      // amqplib emits 'error' and 'close' before the RPC's promise rejects.
      this.closedByServer(result);
      return Promise.reject(result.rpcError());
    }
    return Promise.resolve(result as Exclude<T, AmqpFailure | NotModelledError>);
  }

  protected safeEmit(event: string, ...args: unknown[]): void {
    try {
      this.emit(event, ...args);
    } catch (error) {
      reportUserError(error);
    }
  }
}

/**
 * A confirm channel: `publish(…, callback)` and `waitForConfirms()`, as amqplib's
 * ConfirmChannel. The broker confirms once the message is routed (or found unroutable).
 */
export class AmqpConfirmChannel extends AmqpChannel {
  private pending: ((error: Error | null) => void)[] = [];
  private readonly inFlight = new Set<(error: Error | null) => void>();
  private waiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  private nackedSinceWait = false;
  private lostConfirms = false;

  override publish(
    exchange: string,
    routingKey: string,
    content: unknown,
    options?: PublishOptions,
    callback?: (error: Error | null) => void,
  ): boolean {
    this.pending.push(callback ?? (() => undefined));
    return super.publish(exchange, routingKey, content, options);
  }

  override sendToQueue(
    queue: string,
    content: unknown,
    options?: PublishOptions,
    callback?: (error: Error | null) => void,
  ): boolean {
    return this.publish('', queue, content, options, callback);
  }

  /** Resolves once every publish so far is confirmed; rejects on a nack or a closed channel. */
  waitForConfirms(): Promise<void> {
    if (this.lostConfirms) return Promise.reject(new Error('channel closed'));
    if (this.inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  protected override published(outcome: PublishOutcome | 'failed'): void {
    const callback = this.pending.shift();
    if (!callback) return;
    this.inFlight.add(callback);
    // A publish the channel died of is never confirmed: closedUnconfirmed reports it.
    if (outcome === 'failed') return;
    this.connection.soon(() => {
      if (!this.inFlight.delete(callback)) return;
      // The broker nacks a message a reject-publish queue refused; it acks everything else,
      // unroutable messages included.
      const error = outcome === 'rejected' ? new Error('message nacked') : null;
      if (error) this.nackedSinceWait = true;
      try {
        callback(error);
      } catch (thrown) {
        reportUserError(thrown);
      }
      if (this.inFlight.size === 0) {
        const waiters = this.waiters;
        const nacked = this.nackedSinceWait;
        this.waiters = [];
        this.nackedSinceWait = false;
        for (const w of waiters) {
          if (nacked) w.reject(new Error('message nacked'));
          else w.resolve();
        }
      }
    });
  }

  protected override closedUnconfirmed(): void {
    if (this.inFlight.size === 0 && this.pending.length === 0) return;
    this.lostConfirms = true;
    const error = new Error('channel closed');
    const callbacks = [...this.inFlight, ...this.pending];
    this.inFlight.clear();
    this.pending = [];
    for (const callback of callbacks) {
      try {
        callback(error);
      } catch (thrown) {
        reportUserError(thrown);
      }
    }
    for (const w of this.waiters) w.reject(error);
    this.waiters = [];
  }
}

function toProperties(options: PublishOptions | undefined): MessageProperties {
  const o = options ?? {};
  const headers: Record<string, unknown> = { ...(o.headers ?? {}) };
  if (o.CC !== undefined) headers['CC'] = Array.isArray(o.CC) ? o.CC.map(String) : [String(o.CC)];
  if (o.BCC !== undefined)
    headers['BCC'] = Array.isArray(o.BCC) ? o.BCC.map(String) : [String(o.BCC)];
  let deliveryMode: number | undefined;
  if (o.persistent !== undefined) deliveryMode = o.persistent ? 2 : 1;
  else if (typeof o.deliveryMode === 'number') deliveryMode = o.deliveryMode;
  else if (o.deliveryMode) deliveryMode = 2;
  return {
    contentType: o.contentType,
    contentEncoding: o.contentEncoding,
    headers,
    deliveryMode,
    priority: o.priority,
    correlationId: o.correlationId,
    replyTo: o.replyTo,
    expiration: o.expiration === undefined ? undefined : String(o.expiration),
    messageId: o.messageId,
    timestamp: o.timestamp,
    type: o.type,
    userId: o.userId,
    appId: o.appId,
    clusterId: undefined,
  };
}
