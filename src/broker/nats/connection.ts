import { reportUserError } from '../core/broker-core';
import { parseConnectOptions, type ConnectOptions, type ParsedOptions } from './connect-options';
import { deferred } from './deferred';
import type { MsgHdrsImpl } from './headers';
import { MsgImpl, type Responder } from './msg';
import type { NatsEnv } from './nats-env';
import {
  ClosedConnectionError,
  DrainingConnectionError,
  InvalidArgumentError,
  InvalidSubjectError,
  ProtocolError,
} from './nats-errors';
import { refusing } from './not-modelled';
import {
  maxPayload,
  serverInfo,
  type PublishOptions,
  type ServerInfo,
  type Status,
} from './server-info';
import { QueuedIterator } from './queued-iterator';
import { Requester, type RequestOptions } from './requester';
import { SubscriptionImpl, type SubOpts } from './subscription';
import {
  byteLength,
  emptyBytes,
  payloadLength,
  type Interest,
  type ServerConnection,
  type WireMessage,
} from './wire';
import { endpoint } from '../core/endpoint';

const whitespace = /[ \n\r\t]/;

/**
 * A NATS connection as `@nats-io/nats-core` 3.4's NatsConnectionImpl (`lib/nats.js`,
 * `lib/protocol.js`), on the simulated server: publish, subscribe (iterator or callback),
 * request/reply through a shared inbox, flush, drain, close, `closed()`, `status()`. When the
 * server drops it (crash, restart) it reconnects after `reconnectTimeWait` (2 s) plus jitter,
 * counted from its last connect, and sends its subscriptions again; what it publishes while
 * disconnected is lost, as the real client discards its outbound buffer when it redials.
 */
export class NatsConnectionImpl implements ServerConnection, Responder {
  readonly name: string;
  readonly echo: boolean;
  readonly options: ParsedOptions;
  private state: 'connected' | 'reconnecting' | 'closed' = 'connected';
  private draining = false;
  private noMorePublishing = false;
  private sidCounter = 0;
  private readonly subs = new Map<number, SubscriptionImpl>();
  private readonly interests = new Map<SubscriptionImpl, Interest>();
  private readonly requester: Requester;
  private readonly listeners: QueuedIterator<Status>[] = [];
  private readonly closedPromise = deferred<void | Error>();
  private lastConnect: number;
  private counters = { inBytes: 0, outBytes: 0, inMsgs: 0, outMsgs: 0 };
  private readonly clientId: number;

  /** Cluster features the simulator does not model. */
  readonly setServers = refusing('nc.setServers()', 'there is one simulated server');
  readonly getServers = refusing(
    'nc.getServers()',
    'there is one simulated server: nc.getServer()',
  );
  readonly context = refusing('nc.context()', 'the simulated server has no accounts to report');
  readonly requestMany = refusing(
    'nc.requestMany()',
    'subscribe to an inbox (createInbox()) and publish with { reply: inbox } to gather several answers',
  );

  constructor(
    private readonly env: NatsEnv,
    serviceName: string,
    opts: ConnectOptions,
    clientId: number,
  ) {
    this.options = parseConnectOptions(serviceName, opts);
    this.name = this.options.name;
    this.echo = this.options.echo;
    this.clientId = clientId;
    this.lastConnect = env.now();
    env.server.connect(this);
    this.requester = new Requester({
      subscribe: (subject, o) => this.subscribe(subject, o),
      publish: (subject, data, o) => this.publish(subject, data, o),
      respond: (subject, data, o) => this.respond(subject, data, o),
      createInbox: () => this.createInbox(),
      startTimer: (task, ms) => this.env.timer(task, ms),
      checkRequest: (subject) => this.check(subject, true, true),
      token: () => this.env.nuid.token(8),
    });
  }

  get info(): ServerInfo | undefined {
    return this.state === 'closed' ? undefined : serverInfo(this.options.server, this.clientId);
  }

  closed(): Promise<void | Error> {
    return this.closedPromise;
  }

  isClosed(): boolean {
    return this.state === 'closed';
  }

  isDraining(): boolean {
    return this.draining;
  }

  getServer(): string {
    return this.options.server;
  }

  stats() {
    return { ...this.counters };
  }

  publish(subject: string, data?: unknown, options?: PublishOptions): void {
    this.check(subject, false, true);
    if (options?.reply) this.check(options.reply, false, true);
    if (options?.traceDestination !== undefined || options?.traceOnly !== undefined) {
      refusing(
        'message tracing (traceDestination, traceOnly)',
        'the broker trace shows every hop',
      )();
    }
    this.send(subject, data, options?.reply ?? '', options?.headers);
  }

  publishMessage(msg: {
    subject: string;
    data?: Uint8Array;
    reply?: string;
    headers?: MsgHdrsImpl;
  }) {
    this.publish(msg.subject, msg.data, {
      ...(msg.reply ? { reply: msg.reply } : {}),
      ...(msg.headers ? { headers: msg.headers } : {}),
    });
  }

  respondMessage(msg: { reply?: string; data?: Uint8Array; headers?: MsgHdrsImpl }): boolean {
    if (!msg.reply) return false;
    this.publish(msg.reply, msg.data, msg.headers ? { headers: msg.headers } : undefined);
    return true;
  }

  /** `msg.respond()`: the real one publishes through the protocol, unchecked. */
  respond(subject: string, data: unknown, options?: { headers?: MsgHdrsImpl; reply?: string }) {
    this.send(subject, data, options?.reply ?? '', options?.headers);
  }

  subscribe(subject: string, opts: SubOpts = {}): SubscriptionImpl {
    this.check(subject, true, false);
    if ((opts as { slow?: unknown }).slow !== undefined) {
      refusing('subscribe({ slow })', 'the simulated client never falls behind the server')();
    }
    const sub = new SubscriptionImpl(this, subject, opts);
    sub.sid = ++this.sidCounter;
    this.subs.set(sub.sid, sub);
    this.sendSub(sub);
    if (sub.max) this.unsubscribe(sub, sub.max);
    return sub;
  }

  request(subject: string, data?: unknown, opts: RequestOptions = {}): Promise<MsgImpl> {
    return this.requester.request(subject, data, opts);
  }

  flush(): Promise<void> {
    if (this.isClosed()) return Promise.reject(new ClosedConnectionError());
    // A PING's PONG comes back after everything sent before it was processed.
    return new Promise((resolve) => this.env.ctx.soon(resolve));
  }

  async rtt(): Promise<number> {
    if (this.isClosed()) throw new ClosedConnectionError();
    const start = this.env.now();
    await this.flush();
    return this.env.now() - start;
  }

  async drain(): Promise<void> {
    if (this.isClosed()) throw new ClosedConnectionError();
    if (this.draining) throw new DrainingConnectionError();
    this.draining = true;
    await Promise.allSettled([...this.subs.values()].map((sub) => sub.drain()));
    this.noMorePublishing = true;
    await this.flush();
    await this.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.isClosed()) return;
    if (this.draining) {
      await this.closed();
      return;
    }
    await this.drain();
  }

  close(): Promise<void> {
    if (this.state === 'closed') return Promise.resolve();
    this.requester.close();
    for (const sub of this.subs.values()) sub.close();
    this.subs.clear();
    this.interests.clear();
    for (const listener of [...this.listeners]) {
      listener.push({ type: 'close' });
      listener.stop();
    }
    this.state = 'closed';
    this.env.server.disconnect(this);
    this.closedPromise.resolve(undefined);
    return Promise.resolve();
  }

  status(): AsyncIterable<Status> & QueuedIterator<Status> {
    const iterator = new QueuedIterator<Status>();
    void iterator.iterClosed.then(() => {
      const index = this.listeners.indexOf(iterator);
      if (index > -1) this.listeners.splice(index, 1);
    });
    this.listeners.push(iterator);
    return iterator;
  }

  /** Experimental in the real client: drops the connection and reconnects. */
  reconnect(): Promise<void> {
    if (this.isClosed()) return Promise.reject(new ClosedConnectionError());
    if (this.draining) return Promise.reject(new DrainingConnectionError());
    if (this.state === 'connected') {
      this.dispatch({ type: 'forceReconnect' });
      this.env.server.disconnect(this, 'reconnect');
      this.connectionLost();
    }
    return Promise.resolve();
  }

  /**
   * The process this connection lived in died (the runtime calls this when a service's thread
   * ends): the server sees the socket close; nothing reconnects and no event fires again.
   */
  processCrashed(): void {
    if (this.state === 'closed') return;
    if (this.state === 'connected') this.env.server.disconnect(this, 'crashed');
    this.state = 'closed';
    this.env.ctx.trace({
      kind: 'crashed',
      from: this.name,
      to: 'nats',
      detail: { connections: 1 },
    });
  }

  // ---- server side (ServerConnection) ----

  deliver(sid: number, message: WireMessage): void {
    const sub = this.subs.get(sid);
    if (!sub || sub.isClosed() || this.state !== 'connected') return;
    this.counters.inMsgs++;
    this.counters.inBytes += payloadLength(message) + message.hdr.length;
    sub.received++;
    try {
      sub.callback(null, new MsgImpl(message, sid, this));
    } catch (error) {
      reportUserError(error);
    }
    if (sub.max !== undefined && sub.received >= sub.max) this.unsubscribe(sub);
  }

  connectionLost(): void {
    if (this.state !== 'connected') return;
    this.state = 'reconnecting';
    this.interests.clear();
    this.dispatch({ type: 'disconnect', server: this.options.server });
    if (!this.options.reconnect) {
      void this.close();
      return;
    }
    // nats-core dials again once reconnectTimeWait (+ jitter) has passed since its last dial.
    const wait = this.options.reconnectDelay(() => this.env.ctx.random());
    const delay = Math.max(0, this.lastConnect + wait - this.env.now());
    this.env.ctx.later(() => this.redial(), delay);
  }

  // ---- subscriptions (SubscriptionOwner) ----

  unsubscribe(sub: SubscriptionImpl, max?: number): void {
    if (!this.isClosed()) {
      const interest = this.interests.get(sub);
      if (interest) this.env.server.unsubscribe(interest, max ?? 0);
      sub.max = max;
    }
    if (sub.max === undefined || sub.received >= sub.max) this.cancel(sub);
  }

  drainSubscription(sub: SubscriptionImpl): Promise<void> {
    const interest = this.interests.get(sub);
    if (interest) this.env.server.unsubscribe(interest);
    this.interests.delete(sub);
    return this.flush().then(
      () => this.cancel(sub),
      () => this.cancel(sub),
    );
  }

  startTimer(task: () => void, ms: number): () => void {
    return this.env.timer(task, ms);
  }

  /** nats-core's `_resub`: the same subscription, moved to another subject. */
  resubscribe(sub: SubscriptionImpl, subject: string): void {
    this.check(subject, true, false);
    const interest = this.interests.get(sub);
    if (interest) this.env.server.unsubscribe(interest);
    this.interests.delete(sub);
    this.subs.delete(sub.sid);
    sub.subject = subject;
    sub.sid = ++this.sidCounter;
    this.subs.set(sub.sid, sub);
    this.sendSub(sub);
  }

  /** For the JetStream layer: a new inbox subject under this connection's prefix. */
  createInbox(): string {
    return this.env.createInbox(this.options.inboxPrefix);
  }

  /** For the JetStream layer: the model's shared parts. */
  get environment(): NatsEnv {
    return this.env;
  }

  // ---- internals ----

  private check(subject: string, sub: boolean, pub: boolean): void {
    if (this.isClosed()) throw new ClosedConnectionError();
    if (sub && this.draining) throw new DrainingConnectionError();
    if (pub && this.noMorePublishing) throw new DrainingConnectionError();
    if (!subject || whitespace.test(subject)) throw new InvalidSubjectError(subject ?? '');
  }

  private send(subject: string, data: unknown, reply: string, headers?: MsgHdrsImpl): void {
    let payload: Uint8Array | string;
    if (data === undefined || data === null) payload = emptyBytes;
    else if (typeof data === 'string') payload = data;
    else if (data instanceof Uint8Array) payload = data.slice();
    else throw new TypeError('payload types can be strings or Uint8Array');
    const hdr = headers ? headers.toString() : '';
    const length =
      (typeof payload === 'string' ? byteLength(payload) : payload.length) + hdr.length;
    if (length > maxPayload) {
      throw InvalidArgumentError.format('payload', 'max_payload size exceeded');
    }
    this.counters.outMsgs++;
    this.counters.outBytes += length;
    if (this.state !== 'connected') {
      this.env.ctx.trace({
        kind: 'dropped',
        from: this.name,
        to: endpoint.subject(subject),
        reason: 'disconnected',
        payload: typeof payload === 'string' ? payload : undefined,
      });
      return;
    }
    this.env.server.publish(this, { subject, reply, hdr, data: payload });
  }

  private sendSub(sub: SubscriptionImpl): void {
    if (this.state !== 'connected') return;
    const interest = this.env.server.subscribe(this, sub.sid, sub.subject, sub.queue);
    if (interest) this.interests.set(sub, interest);
    else this.dispatch({ type: 'error', error: new ProtocolError('Invalid Subject') });
  }

  private cancel(sub: SubscriptionImpl): void {
    sub.close();
    this.subs.delete(sub.sid);
    this.interests.delete(sub);
  }

  private redial(): void {
    if (this.state !== 'reconnecting') return;
    this.dispatch({ type: 'reconnecting' });
    this.lastConnect = this.env.now();
    this.env.server.connect(this);
    this.state = 'connected';
    for (const sub of this.subs.values()) if (!sub.isDraining()) this.sendSub(sub);
    this.dispatch({ type: 'reconnect', server: this.options.server });
  }

  private dispatch(status: Status): void {
    for (const listener of this.listeners) listener.push(status);
  }
}
