import type { ModelContext } from '../core/model-context';
import { AckState } from './ack-state';
import type { ConsumerConfig } from './consumer-config';
import type { CoreServer } from './core-server';
import { PullRequests } from './pull-queue';
import { consumerFilter, startingSequence, type SkipList } from './consumer-start';
import { nsPerMs, type StreamConfig } from './stream-config';
import type { Filter, StoredMessage, StreamStore } from './stream-store';
import { startTimer, type CancelTimer } from './timers';
import { decodeText, emptyBytes } from './wire';
import { endpoint } from '../core/endpoint';

/** What a consumer needs from the stream it reads. */
export interface ConsumerStream {
  readonly name: string;
  readonly store: StreamStore;
  readonly config: StreamConfig;
  /** Interest and work-queue retention: this consumer is done with `seq`. */
  released(consumer: Consumer, seq: number): void;
  /** An ephemeral consumer stayed inactive past its threshold. */
  expired(consumer: Consumer): void;
}

const ms = (ns: number | undefined): number => Math.floor((ns ?? 0) / nsPerMs);

/**
 * A pull consumer on the server, as nats-server 2.9 runs one (checked in `tests/conformance/nats-jetstream.test.ts`): pull requests
 * wait in a queue and are served as messages arrive, redeliveries first; each delivery is sent
 * to the request's inbox with the `$JS.ACK.<stream>.<consumer>.<count>.<sseq>.<dseq>.<ts>.<pending>`
 * reply the client acks on; unacked messages come back after `ack_wait` (or the `backoff`
 * step) up to `max_deliver`; `max_ack_pending` stalls delivery. Every delay is on the model's
 * scheduler; every delivery passes the fault gate on its way to the client.
 */
export class Consumer {
  readonly name: string;
  readonly created: number;
  readonly durable: boolean;
  config: ConsumerConfig;
  closed = false;
  private readonly acks: AckState;
  private readonly waiting: PullRequests;
  private skipList: SkipList | undefined;
  private filter: Filter;
  private literalFilter: string | undefined;
  private lastDelivered: number | undefined;
  private lastAcked: number | undefined;
  private passQueued = false;
  private cancelAckTimer: CancelTimer | undefined;
  private cancelExpiry: CancelTimer | undefined;
  private cancelInactive: CancelTimer | undefined;

  constructor(
    private readonly ctx: ModelContext,
    private readonly core: CoreServer,
    private readonly stream: ConsumerStream,
    name: string,
    config: ConsumerConfig,
  ) {
    this.name = name;
    this.config = config;
    this.durable = config.durable_name !== undefined;
    this.created = ctx.scheduler.now();
    this.acks = new AckState(config.ack_policy);
    this.waiting = new PullRequests(ctx, core, config.max_waiting, () => ({
      consumer: this.acks.dseq - 1,
      stream: this.acks.sseq - 1,
    }));
    ({ filter: this.filter, literal: this.literalFilter } = consumerFilter(
      config,
      stream.config.subjects,
    ));
    const start = startingSequence(config, stream.store, this.filter);
    this.skipList = start.skipList;
    this.acks.startAt(start.seq);
    this.watchInactivity();
    ctx.trace({
      kind: 'declared',
      from: endpoint.stream(stream.name),
      to: this.label,
      detail: { consumer: name, durable: this.durable, ack_policy: config.ack_policy },
    });
  }

  get label(): string {
    return endpoint.group(this.name);
  }

  /** The consumer's info as `CONSUMER.INFO` returns it. */
  info(type: string): Record<string, unknown> {
    const iso = (t: number | undefined) =>
      t === undefined ? undefined : new Date(t).toISOString();
    return {
      type,
      stream_name: this.stream.name,
      name: this.name,
      created: new Date(this.created).toISOString(),
      config: this.config,
      delivered: withLast(this.acks.dseq - 1, this.acks.sseq - 1, iso(this.lastDelivered)),
      ack_floor: withLast(this.acks.adflr, this.acks.asflr, iso(this.lastAcked)),
      num_ack_pending: this.acks.pending.size,
      num_redelivered: this.acks.rdc.size,
      num_waiting: this.waiting.sweep(false).remaining,
      num_pending: this.numPending(),
    };
  }

  isFilteredMatch(subject: string): boolean {
    return this.filter === undefined || this.filter(subject);
  }

  /** needAck: whether this consumer still needs `seq` (interest retention keeps it if so). */
  needsAck(seq: number, subject: string): boolean {
    if (!this.isFilteredMatch(subject)) return false;
    if (seq <= this.acks.asflr) return false;
    if (this.config.ack_policy !== 'explicit') return true;
    return seq >= this.acks.sseq || this.acks.pending.has(seq);
  }

  /** New messages (or freed ack slots): serve the waiting requests on the scheduler. */
  signal(): void {
    if (this.passQueued || this.closed) return;
    this.passQueued = true;
    this.ctx.soon(() => {
      this.passQueued = false;
      this.deliverWaiting();
    });
  }

  /** `$JS.API.CONSUMER.MSG.NEXT.<stream>.<consumer>` with `reply` as the request's inbox. */
  requestNext(reply: string, body: string): void {
    if (!reply || this.closed) return;
    const available = () => this.numPending() + this.acks.redeliveryCount();
    if (this.waiting.add(reply, body, available)) this.signal();
  }

  /** `working()`: the ack wait of `sseq` starts again. */
  progress(sseq: number): void {
    const p = this.acks.pending.get(sseq);
    if (p) p.time = this.ctx.scheduler.now();
  }

  /** The stream was purged: nothing below the new first sequence is pending any more. */
  purged(firstSeq: number, lastSeq: number): void {
    this.acks.purged(firstSeq === 0 ? lastSeq + 1 : firstSeq);
  }

  /** `CONSUMER.CREATE` again with a changed (allowed) configuration. */
  update(config: ConsumerConfig): void {
    this.config = config;
    this.restartAckTimer();
    this.signal();
  }

  /** Deleted (or its stream was): waiting requests hear 409 Consumer Deleted. */
  stop(): void {
    if (this.closed) return;
    this.closed = true;
    this.waiting.release();
    this.cancelAckTimer?.();
    this.cancelExpiry?.();
    this.cancelInactive?.();
  }

  numPending(): number {
    if (this.config.deliver_policy === 'last_per_subject' && this.skipList) {
      return (
        this.skipList.seqs.length +
        this.stream.store.countFrom(this.skipList.resume + 1, this.filter)
      );
    }
    return this.stream.store.countFrom(this.acks.sseq, this.filter);
  }

  // ---- delivery ----

  private deliverWaiting(): void {
    let stalled = false;
    while (!this.closed && this.waiting.length > 0) {
      const next = this.nextMessage();
      if (next === 'max-ack-pending') {
        stalled = true;
        break;
      }
      if (!next) break;
      const { message, dc } = next;
      const pending = this.numPending();
      const request = this.waiting.next();
      if (!request) {
        if (dc === 1) this.acks.sseq = message.seq;
        else this.acks.queueRedelivery(message.seq);
        break;
      }
      this.deliver(request.reply, message, dc, pending);
    }
    if (this.closed) return;
    const { nextExpiry } = this.waiting.sweep(!stalled);
    this.cancelExpiry?.();
    this.cancelExpiry =
      nextExpiry === undefined
        ? undefined
        : startTimer(
            this.ctx,
            () => this.signal(),
            Math.max(1, nextExpiry - this.ctx.scheduler.now()),
          );
  }

  private nextMessage(): { message: StoredMessage; dc: number } | 'max-ack-pending' | undefined {
    const store = this.stream.store;
    const maxDeliver = this.config.max_deliver > 0 ? this.config.max_deliver : 0;
    while (this.acks.hasRedeliveries()) {
      const seq = this.acks.nextRedelivery();
      const dc = this.acks.nextDeliveryCount(seq);
      const message = store.get(seq);
      if ((maxDeliver > 0 && dc > maxDeliver) || !message) {
        const held = this.acks.pending.get(seq);
        this.acks.pending.delete(seq);
        if (message && dc === maxDeliver + 1) {
          this.ctx.trace({
            kind: 'dropped',
            from: this.label,
            to: held?.holder ?? this.label,
            messageId: message.messageId,
            reason: 'max-deliver',
            detail: { stream: this.stream.name, seq, deliveries: dc - 1 },
          });
        }
        continue;
      }
      return { message, dc };
    }
    let start = this.acks.sseq;
    if (this.skipList && this.skipList.seqs.length > 0) {
      start = this.skipList.seqs.shift()!;
      if (this.skipList.seqs.length === 0) {
        this.acks.sseq = this.skipList.resume;
        this.skipList = undefined;
      }
    }
    const maxPending = this.config.max_ack_pending ?? 0;
    if (maxPending > 0 && this.acks.pending.size >= maxPending) return 'max-ack-pending';
    const message = store.next(start, this.filter, this.literalFilter);
    const reached = message ? message.seq : store.lastSeq;
    if (reached >= this.acks.sseq) this.acks.sseq = reached + 1;
    return message ? { message, dc: 1 } : undefined;
  }

  private deliver(reply: string, message: StoredMessage, dc: number, pending: number): void {
    const dseq = this.acks.dseq++;
    const now = this.ctx.scheduler.now();
    const nanos = (BigInt(Math.round(message.time)) * 1_000_000n).toString();
    const ackReply = `$JS.ACK.${this.stream.name}.${this.name}.${dc}.${message.seq}.${dseq}.${nanos}.${pending}`;
    let hdr = message.hdr;
    let data = message.data;
    if (this.config.headers_only) {
      hdr = `${hdr ? hdr.slice(0, -2) : 'NATS/1.0\r\n'}Nats-Msg-Size: ${data.length}\r\n\r\n`;
      data = emptyBytes;
    }
    const holder = this.core.index.match(reply)[0]?.connection.name ?? reply;
    this.core.publishInternal(
      {
        subject: message.subject,
        reply: ackReply,
        hdr,
        data,
        messageId: message.messageId,
        trace: {
          kind: dc > 1 ? 'redelivered' : 'delivered',
          from: this.label,
          payload: this.ctx.traced ? decodeText(message.data) : undefined,
          detail: {
            stream: this.stream.name,
            seq: message.seq,
            deliveryCount: dc,
            consumerSeq: dseq,
          },
        },
      },
      reply,
    );
    this.lastDelivered = now;
    this.waiting.last = now;
    this.acks.delivered(message.seq, dseq, now, holder);
    if (this.config.ack_policy === 'none') {
      if (this.stream.config.retention !== 'limits') this.stream.released(this, message.seq);
    } else if (!this.cancelAckTimer) this.restartAckTimer();
  }

  // ---- acks ----

  /** processAckMsg (and processTerm, which acks without redelivery). */
  ack(sseq: number, dseq: number, from: string, how: 'ack' | 'term'): void {
    if (this.closed) return;
    const maxPending = this.config.max_ack_pending ?? 0;
    const wasFull = maxPending > 0 && this.acks.pending.size >= maxPending;
    const released = this.acks.ack(sseq, dseq);
    if (this.config.ack_policy === 'none') return;
    this.lastAcked = this.ctx.scheduler.now();
    const message = this.stream.store.get(sseq);
    this.ctx.trace({
      kind: how === 'ack' ? 'acked' : 'nacked',
      from,
      to: this.label,
      messageId: message?.messageId,
      reason: how === 'term' ? 'term' : undefined,
      detail: { stream: this.stream.name, seq: sseq },
    });
    if (this.stream.config.retention !== 'limits')
      for (const seq of released) this.stream.released(this, seq);
    if (wasFull) this.signal();
  }

  /** processNak: redeliver now, or after the delay in `-NAK {"delay": ns}`. */
  nak(sseq: number, dseq: number, dc: number, arg: string, from: string): void {
    if (this.closed) return;
    if (dseq <= this.acks.adflr || dseq > this.acks.dseq) return;
    if (this.acks.pending.size > 0 && !this.acks.pending.has(sseq)) return;
    const text = arg.trim();
    let delayMs: number | undefined;
    if (text.startsWith('{')) {
      try {
        delayMs = ms((JSON.parse(text) as { delay?: number }).delay);
      } catch {
        delayMs = undefined;
      }
    }
    this.ctx.trace({
      kind: 'nacked',
      from,
      to: this.label,
      messageId: this.stream.store.get(sseq)?.messageId,
      reason: 'nak',
      detail: {
        stream: this.stream.name,
        seq: sseq,
        deliveries: dc,
        ...(delayMs ? { delayMs } : {}),
      },
    });
    if (delayMs) {
      this.acks.removeFromRedeliveries(sseq);
      const p = this.acks.pending.get(sseq);
      if (p) p.time = this.ctx.scheduler.now() - this.ackWaitMs() + delayMs;
      this.restartAckTimer(10);
      return;
    }
    this.acks.queueRedelivery(sseq);
    this.signal();
  }

  private ackWaitMs(): number {
    return ms(this.config.ack_wait ?? 30_000 * nsPerMs);
  }

  /** checkPending, on a single timer at the next deadline (+1 ms, as ackWaitDelay). */
  private restartAckTimer(inMs?: number): void {
    this.cancelAckTimer?.();
    this.cancelAckTimer = undefined;
    if (this.acks.pending.size === 0 || this.closed) return;
    const due = inMs ?? this.ackWaitMs() + 1;
    this.cancelAckTimer = startTimer(this.ctx, () => this.checkPending(), due);
  }

  private checkPending(): void {
    this.cancelAckTimer = undefined;
    const backoff = this.config.backoff?.map(ms);
    const { expired, nextInMs } = this.acks.expire(
      this.ctx.scheduler.now(),
      this.ackWaitMs(),
      backoff,
      this.stream.store.firstSeq,
    );
    for (const seq of expired) {
      const p = this.acks.pending.get(seq);
      this.ctx.trace({
        kind: 'requeued',
        from: p?.holder ?? this.label,
        to: this.label,
        messageId: this.stream.store.get(seq)?.messageId,
        reason: 'ack-wait',
        detail: { stream: this.stream.name, seq },
      });
    }
    if (expired.length > 0) this.signal();
    if (nextInMs !== undefined) this.restartAckTimer(nextInMs + 1);
  }

  /** Ephemeral consumers are deleted after `inactive_threshold` without pulls. */
  private watchInactivity(): void {
    const threshold = ms(this.config.inactive_threshold);
    if (this.durable || threshold <= 0) return;
    const check = (): void => {
      if (this.closed) return;
      const elapsed = this.ctx.scheduler.now() - this.waiting.last;
      if (elapsed <= threshold) {
        this.cancelInactive = startTimer(this.ctx, check, threshold - elapsed + 1);
        return;
      }
      if (this.waiting.sweep(true).remaining > 0) {
        this.cancelInactive = startTimer(this.ctx, check, threshold);
        return;
      }
      this.stream.expired(this);
    };
    this.cancelInactive = startTimer(this.ctx, check, threshold);
  }
}

function withLast(consumerSeq: number, streamSeq: number, last: string | undefined) {
  const info: Record<string, unknown> = { consumer_seq: consumerSeq, stream_seq: streamSeq };
  if (last !== undefined) info['last_active'] = last;
  return info;
}
