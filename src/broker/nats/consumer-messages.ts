import { HeartbeatMonitor } from './heartbeat-monitor';
import { JetStreamError, JetStreamStatus } from './js-errors';
import { JsMsgImpl } from './js-msg';
import type { MsgImpl } from './msg';
import { InvalidArgumentError } from './nats-errors';
import type { PullConsumerImpl } from './pull-consumer';
import { QueuedIterator } from './queued-iterator';
import type { SubscriptionImpl } from './subscription';

/** `fetch()` / `consume()` options the simulator reads. */
export interface PullOptions {
  max_messages?: number;
  max_bytes?: number;
  expires?: number;
  idle_heartbeat?: number;
  threshold_messages?: number;
  threshold_bytes?: number;
  callback?: (m: JsMsgImpl) => void | Promise<void>;
  [option: string]: unknown;
}

interface ParsedPull {
  max_messages: number;
  max_bytes: number;
  expires: number;
  idle_heartbeat: number;
  threshold_messages: number;
  threshold_bytes: number;
}

/** What a pull request asks the server for (durations in nanoseconds). */
interface PullRequestBody {
  batch: number;
  max_bytes: number;
  idle_heartbeat: number;
  expires: number;
}

/** A status notification of `messages.status()` (next, discard, consumer_deleted, reset…). */
export type ConsumerNotification = Record<string, unknown> & { type: string };

/**
 * The messages of a `fetch()` or `consume()` (`PullConsumerMessagesImpl` of
 * `lib/consumer.js`): an inbox subscription, pull requests sent as the reader iterates (a
 * fetch pulls once and ends when its batch is full or the server's 408 says the request
 * expired; a consume pulls again when what is pending falls to the threshold), and for an
 * ordered consumer a reset (a fresh consumer from the next sequence) when a delivery comes out
 * of order. Idle heartbeats are not modelled: the simulated server never goes quiet on a
 * live connection.
 */
export class ConsumerMessages extends QueuedIterator<JsMsgImpl> {
  private readonly opts: ParsedPull;
  private readonly callback: ((m: JsMsgImpl) => void | Promise<void>) | null;
  private readonly inboxPrefix: string;
  private inbox: string;
  private sub!: SubscriptionImpl;
  private pending = { msgs: 0, bytes: 0, requests: 0 };
  private readonly listeners: QueuedIterator<ConsumerNotification>[] = [];
  private statusIterator: QueuedIterator<unknown> | undefined;
  private monitor: HeartbeatMonitor | undefined;

  constructor(
    private readonly consumer: PullConsumerImpl,
    opts: PullOptions,
    private readonly isConsume: boolean,
  ) {
    super();
    const nc = consumer.api.nc;
    this.inboxPrefix = nc.createInbox();
    this.inbox = `${this.inboxPrefix}.${consumer.serial}`;
    if (consumer.ordered && consumer.orderedState === undefined) {
      const startSeq = Number(consumer.info_.config['opt_start_seq'] ?? 0);
      consumer.orderedState = {
        cursor: { stream_seq: startSeq > 0 ? startSeq - 1 : 0, deliver_seq: 0 },
      };
    }
    this.opts = parseOptions(opts, isConsume);
    this.callback = opts.callback ?? null;
    this.noIterator = this.callback !== null;
    void nc.closed().then(() => this.pushStep(() => this.stop()));
    this.start();
  }

  close(): Promise<void | Error> {
    this.stop();
    return this.iterClosed;
  }

  closed(): Promise<void | Error> {
    return this.iterClosed;
  }

  status(): AsyncIterable<ConsumerNotification> {
    const iterator = new QueuedIterator<ConsumerNotification>();
    this.listeners.push(iterator);
    return iterator;
  }

  override stop(err?: Error): void {
    if (this.done) return;
    this.sub?.unsubscribe();
    this.monitor?.cancel();
    this.statusIterator?.stop();
    this.pushStep(() => {
      super.stop(err);
      for (const listener of this.listeners) listener.stop();
    });
  }

  private start(): void {
    const nc = this.consumer.api.nc;
    this.sub = nc.subscribe(this.inbox, { callback: (err, msg) => this.onMessage(err, msg) });
    const env = nc.environment;
    this.monitor = new HeartbeatMonitor(
      this.opts.idle_heartbeat,
      () => env.now(),
      (task, ms) => env.timer(task, ms),
      (count) => {
        this.notify({ type: 'heartbeats_missed', count });
        if (!this.isConsume && !this.consumer.ordered) {
          this.stop(new JetStreamError('heartbeats missed'));
          return true;
        }
        void this.resetPending();
        return false;
      },
    );
    // After a reconnect the server forgot the pull requests: ask again.
    const status = nc.status();
    this.statusIterator = status;
    void (async () => {
      for await (const s of status) {
        if (s.type === 'disconnect') this.monitor?.cancel();
        if (s.type === 'reconnect') void this.resetPending().then(() => this.monitor?.restart());
      }
    })();
    void this.sub.closed.then(() => {
      if (this.sub.isDraining()) this.pushStep(() => this.stop());
    });
    this.pull(this.pullOptions());
  }

  private onMessage(err: Error | null, msg: MsgImpl): void {
    if (err) {
      this.stop(err);
      return;
    }
    this.monitor?.work();
    const isProtocol = this.consumer.ordered
      ? msg.subject.startsWith(this.inboxPrefix)
      : msg.subject === this.inbox;
    if (isProtocol) {
      if (msg.subject !== this.sub.getSubject()) return;
      const status = new JetStreamStatus(msg);
      if (status.isIdleHeartbeat()) {
        this.notify({ type: 'heartbeat', ...status.parseHeartbeat() });
        return;
      }
      const { code, description } = status;
      const { msgsLeft, bytesLeft } = status.parseDiscard();
      if (msgsLeft > 0 || bytesLeft > 0) {
        this.pending.msgs -= msgsLeft;
        this.pending.bytes -= bytesLeft;
        this.pending.requests--;
        this.notify({ type: 'discard', messagesLeft: msgsLeft, bytesLeft });
      }
      if (code === 400) {
        this.stop(status.toError());
        return;
      }
      if (code === 409) {
        if (status.isConsumerDeleted())
          this.notify({ type: 'consumer_deleted', code, description });
        if (!this.isConsume) {
          this.stop(status.toError());
          return;
        }
        return;
      }
      if (code === 503) {
        this.notify({ type: 'no_responders', code });
        if (!this.isConsume) {
          this.stop(status.toError());
          return;
        }
      } else this.notify({ type: 'debug', code, description });
    } else {
      const m = new JsMsgImpl(msg, this.consumer.api.nc, this.consumer.api.timeout);
      if (this.consumer.ordered) {
        const cursor = this.consumer.orderedState!.cursor;
        if (m.info.deliverySequence !== cursor.deliver_seq + 1) {
          this.reset();
          return;
        }
        cursor.deliver_seq = m.info.deliverySequence;
        cursor.stream_seq = m.info.streamSequence;
      }
      this.pushStep(m);
      this.received++;
      if (this.pending.msgs) this.pending.msgs--;
      if (this.pending.bytes) this.pending.bytes -= msg.size();
    }
    if (this.pending.msgs === 0 && this.pending.bytes === 0) this.pending.requests = 0;
    if (this.isConsume) {
      const { max_messages, max_bytes, threshold_messages, threshold_bytes } = this.opts;
      if (
        (max_messages && this.pending.msgs <= threshold_messages) ||
        (max_bytes && this.pending.bytes <= threshold_bytes)
      ) {
        this.pull(this.pullOptions());
      }
    } else if (this.pending.requests === 0) this.pushStep(() => this.stop());
  }

  /** An ordered consumer saw a gap: drop it, make the next one from the last good sequence. */
  private reset(): void {
    const api = this.consumer.api;
    const old = this.consumer.info_.config['name'] as string | undefined;
    if (old) {
      this.notify({ type: 'reset', name: old });
      api.delete(this.consumer.stream, old).catch(() => undefined);
    }
    const config = this.consumer.nextOrderedConfig();
    this.inbox = `${this.inboxPrefix}.${this.consumer.serial}`;
    this.consumer.orderedState!.cursor.deliver_seq = 0;
    this.consumer.name = String(config['name']);
    api.nc.resubscribe(this.sub, this.inbox);
    api.add(this.consumer.stream, config).then(
      (info) => {
        this.consumer.info_ = info;
        this.notify({ type: 'ordered_consumer_recreated', name: info['name'] });
        this.pending = { msgs: 0, bytes: 0, requests: 0 };
        this.pull(this.pullOptions());
      },
      (error: Error) => this.stop(error),
    );
  }

  private async resetPending(): Promise<void> {
    if (this.done || this.consumer.api.nc.isClosed()) return;
    try {
      await this.consumer.info();
      this.pending = { msgs: 0, bytes: 0, requests: 0 };
      this.pull(this.pullOptions());
    } catch (error) {
      const message = (error as Error).message;
      if (message === 'stream not found')
        this.notify({ type: 'stream_not_found', name: this.consumer.stream });
      if (message === 'consumer not found') {
        this.notify({
          type: 'consumer_not_found',
          name: this.consumer.name,
          stream: this.consumer.stream,
          count: 1,
        });
      }
      if (!this.isConsume) this.stop(error as Error);
    }
  }

  private pull(opts: PullRequestBody): void {
    this.pending.bytes += opts.max_bytes;
    this.pending.msgs += opts.batch;
    this.pending.requests++;
    const nc = this.consumer.api.nc;
    const subject = `${this.consumer.api.prefix}.CONSUMER.MSG.NEXT.${this.consumer.stream}.${String(this.consumer.info_['name'])}`;
    this.pushStep(() => {
      if (nc.isClosed()) return;
      nc.publish(subject, JSON.stringify(opts), { reply: this.inbox });
      this.notify({ type: 'next', options: opts });
    });
  }

  private pullOptions(): PullRequestBody {
    return {
      batch: this.opts.max_messages - this.pending.msgs,
      max_bytes: this.opts.max_bytes - this.pending.bytes,
      idle_heartbeat: this.opts.idle_heartbeat * 1_000_000,
      expires: this.opts.expires * 1_000_000,
    };
  }

  /** `_push`: into the iterator, or straight to the consume() callback. */
  private pushStep(step: JsMsgImpl | (() => void)): void {
    if (!this.callback) {
      this.push(step);
      return;
    }
    try {
      if (typeof step === 'function') step();
      else void this.callback(step);
    } catch (error) {
      this.stop(error as Error);
    }
  }

  private notify(n: ConsumerNotification): void {
    for (const listener of this.listeners) if (!listener.done) listener.push(n);
  }
}

function parseOptions(opts: PullOptions, refilling: boolean): ParsedPull {
  let maxMessages = opts.max_messages || 0;
  const maxBytes = opts.max_bytes || 0;
  if (maxMessages !== 0 && maxBytes !== 0) {
    throw InvalidArgumentError.format(['max_messages', 'max_bytes'], 'are mutually exclusive');
  }
  if (maxMessages === 0) maxMessages = 100;
  const expires = opts.expires || 30_000;
  if (expires < 1000) throw InvalidArgumentError.format('expires', 'must be at least 1000ms');
  // The heartbeat the server sends a waiting request: half the expiry, within 0.5–30 s.
  const heartbeat = Math.max(500, Math.min(30_000, opts.idle_heartbeat || expires / 2));
  return {
    max_messages: maxMessages,
    max_bytes: maxBytes,
    expires,
    idle_heartbeat: heartbeat,
    threshold_messages: refilling
      ? opts.threshold_messages || Math.round(maxMessages * 0.75) || 1
      : 0,
    threshold_bytes: refilling ? opts.threshold_bytes || Math.round(maxBytes * 0.75) || 1 : 0,
  };
}
