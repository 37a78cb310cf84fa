import { deferred, type Deferred } from './deferred';
import type { MsgImpl } from './msg';
import { ClosedConnectionError, InvalidOperationError, TimeoutError } from './nats-errors';
import { QueuedIterator } from './queued-iterator';

/** `(err, msg) => void`: a subscription's callback, as nats-core's MsgCallback. */
export type MsgCallback = (err: Error | null, msg: MsgImpl) => void;

/** Subscription options of `nc.subscribe(subject, opts)`. */
export interface SubOpts {
  queue?: string;
  max?: number;
  timeout?: number;
  callback?: MsgCallback;
}

/** What a subscription asks of its connection. */
export interface SubscriptionOwner {
  unsubscribe(sub: SubscriptionImpl, max?: number): void;
  drainSubscription(sub: SubscriptionImpl): Promise<void>;
  isClosed(): boolean;
  /** Starts the `timeout` timer; returns its cancel. */
  startTimer(task: () => void, ms: number): () => void;
}

/**
 * A subscription as nats-core's SubscriptionImpl (`lib/protocol.js`): an async iterator of
 * messages, or a callback; `closed` resolves when it ends; `unsubscribe(max)`, `drain()`,
 * `max` auto-unsubscribe, and the `timeout` that fails it if no message comes in time.
 */
export class SubscriptionImpl extends QueuedIterator<MsgImpl> {
  sid = 0;
  readonly queue: string | undefined;
  max: number | undefined;
  draining = false;
  readonly closed: Deferred<void | Error> = deferred<void | Error>();
  /** Set by request(): the subject this inbox waits on answers for. */
  requestSubject: string | undefined;
  private cancelTimeout: (() => void) | undefined;
  private drained: Promise<void> | undefined;
  private readonly userCallback: MsgCallback | undefined;

  constructor(
    private readonly owner: SubscriptionOwner,
    public subject: string,
    opts: SubOpts = {},
  ) {
    super();
    this.queue = opts.queue;
    this.max = opts.max;
    this.userCallback = opts.callback;
    this.noIterator = typeof opts.callback === 'function';
    if (opts.timeout) {
      this.cancelTimeout = owner.startTimer(() => {
        this.cancelTimeout = undefined;
        const err = new TimeoutError();
        this.stop(err);
        if (this.noIterator) this.userCallback?.(err, {} as MsgImpl);
      }, opts.timeout);
    }
    if (!this.noIterator) {
      // A `break` out of the loop ends the subscription, as in the real client.
      void this.iterClosed.then((err) => {
        this.closed.resolve(err);
        this.unsubscribe();
      });
    }
  }

  /** A message (or an error) for this subscription. */
  callback(err: Error | null, msg: MsgImpl): void {
    this.stopTimeout();
    if (err) {
      this.stop(err);
      return;
    }
    if (this.userCallback) this.userCallback(null, msg);
    else this.push(msg);
  }

  /** Ends the subscription after what is queued. */
  close(err?: Error): void {
    if (this.isClosed()) return;
    this.stopTimeout();
    const finish = () => {
      this.stop();
      this.closed.resolve(err);
    };
    if (this.noIterator) finish();
    else this.push(finish);
  }

  unsubscribe(max?: number): void {
    this.owner.unsubscribe(this, max);
  }

  drain(): Promise<void> {
    if (this.owner.isClosed()) return Promise.reject(new ClosedConnectionError());
    if (this.isClosed()) {
      return Promise.reject(new InvalidOperationError('subscription is already closed'));
    }
    if (!this.drained) {
      this.draining = true;
      this.drained = this.owner.drainSubscription(this);
    }
    return this.drained;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.owner.isClosed() || this.isClosed()) return;
    await (this.drained ?? this.drain());
  }

  isDraining(): boolean {
    return this.draining;
  }

  isClosed(): boolean {
    return this.done;
  }

  getSubject(): string {
    return this.subject;
  }

  getMax(): number | undefined {
    return this.max;
  }

  getID(): number {
    return this.sid;
  }

  private stopTimeout(): void {
    this.cancelTimeout?.();
    this.cancelTimeout = undefined;
  }
}
