import type { ModelContext } from '../core/model-context';
import { Bytes } from '../core/bytes';
import { Consumer, type ConsumerStream } from './consumer';
import type { ConsumerConfig } from './consumer-config';
import type { CoreServer } from './core-server';
import { MsgHdrsImpl } from './headers';
import { ApiFailure, apiErrors, type ApiError } from './js-api-errors';
import { subjectMatches } from './subject';
import { nsPerMs, type StreamConfig } from './stream-config';
import { StreamStore, type RemovalReason, type StoredMessage } from './stream-store';
import { startTimer, type CancelTimer } from './timers';
import { byteLength, decodeText, type WireMessage } from './wire';
import { endpoint } from '../core/endpoint';

/** What a publish into a stream answers: a PubAck, or the API error that refused it. */
export type PubAckResult =
  | { readonly stream: string; readonly seq: number; readonly duplicate?: true }
  | { readonly error: ApiError; readonly stream: string; readonly reason: string };

const limitReasons: Record<string, string> = {
  'maximum messages exceeded': 'max-msgs',
  'maximum bytes exceeded': 'max-bytes',
  'maximum messages per subject exceeded': 'max-msgs-per-subject',
};

/**
 * A JetStream stream, ported in what a reader observes from nats-server 2.9's
 * `processJetStreamMsg` (checked in `tests/conformance/nats-jetstream.test.ts`): expected-stream/-sequence/-msg-id headers, the
 * `Nats-Msg-Id` duplicate window, `max_msg_size`, limits with discard old or new, `max_age`,
 * and the retention policies: limits keeps, interest removes a message once every interested
 * consumer acked it (and skips it when nobody is interested), workqueue removes it on its ack.
 */
export class Stream implements ConsumerStream {
  readonly store: StreamStore;
  readonly consumers = new Map<string, Consumer>();
  private readonly msgIds = new Map<string, { seq: number; time: number }>();
  private lastMsgId = '';
  private cancelAge: CancelTimer | undefined;

  constructor(
    private readonly ctx: ModelContext,
    private readonly core: CoreServer,
    public config: StreamConfig,
    readonly created: number,
  ) {
    this.store = new StreamStore(config, (message, reason) => this.removed(message, reason));
  }

  get name(): string {
    return this.config.name;
  }

  get label(): string {
    return endpoint.stream(this.name);
  }

  /** Whether a message on `subject` goes into this stream. */
  captures(subject: string): boolean {
    return this.config.subjects.some((s) => subjectMatches(s, subject));
  }

  /** A message published on one of the stream's subjects. */
  process(message: WireMessage): PubAckResult {
    const { subject, hdr, data } = message;
    const refuse = (failure: ApiFailure, reason: string): PubAckResult => {
      this.ctx.trace({
        kind: 'dropped',
        from: endpoint.subject(subject),
        to: this.label,
        messageId: message.messageId,
        reason,
        detail: { stream: this.name, error: failure.apiError.description },
      });
      return { error: failure.apiError, stream: this.name, reason };
    };
    const now = this.ctx.scheduler.now();
    let msgId = '';
    if (hdr) {
      const headers = MsgHdrsImpl.decode(hdr);
      const expectedStream = headers.get('Nats-Expected-Stream');
      if (expectedStream && expectedStream !== this.name) {
        return refuse(apiErrors.streamNotMatch(), 'stream-mismatch');
      }
      msgId = headers.get('Nats-Msg-Id');
      const seen = msgId ? this.msgIds.get(msgId) : undefined;
      if (seen && now - seen.time < this.config.duplicate_window / nsPerMs) {
        this.ctx.trace({
          kind: 'dropped',
          from: endpoint.subject(subject),
          to: this.label,
          messageId: message.messageId,
          reason: 'duplicate',
          detail: { stream: this.name, msgId, seq: seen.seq },
        });
        return { stream: this.name, seq: seen.seq, duplicate: true };
      }
      if (headers.has('Nats-Expected-Last-Subject-Sequence')) {
        const expected = Number(headers.get('Nats-Expected-Last-Subject-Sequence'));
        const last = this.store.last(subject)?.seq ?? 0;
        if (last !== expected)
          return refuse(apiErrors.wrongLastSequence(last), 'wrong-last-sequence');
      }
      if (headers.has('Nats-Expected-Last-Sequence')) {
        const expected = Number(headers.get('Nats-Expected-Last-Sequence'));
        if (expected !== this.store.lastSeq) {
          return refuse(apiErrors.wrongLastSequence(this.store.lastSeq), 'wrong-last-sequence');
        }
      }
      const expectedLastId = headers.get('Nats-Expected-Last-Msg-Id');
      if (expectedLastId && expectedLastId !== this.lastMsgId) {
        return refuse(apiErrors.wrongLastMsgId(this.lastMsgId), 'wrong-last-msg-id');
      }
      if (headers.has('Nats-Rollup')) {
        return refuse(
          new ApiFailure({ code: 500, err_code: 10111, description: 'rollup not permitted' }),
          'rollup',
        );
      }
    }
    if (this.config.max_msg_size >= 0 && byteLength(hdr) + data.length > this.config.max_msg_size) {
      return refuse(apiErrors.messageExceedsMaximum(), 'max-msg-size');
    }
    if (this.config.retention === 'interest' && !this.anyoneInterested(subject)) {
      const seq = this.store.skip(now);
      this.lastMsgId = msgId;
      // nats-server 2.9 records the id with sequence 0 here.
      if (msgId) this.msgIds.set(msgId, { seq: 0, time: now });
      this.ctx.trace({
        kind: 'dropped',
        from: endpoint.subject(subject),
        to: this.label,
        messageId: message.messageId,
        reason: 'no-interest',
        detail: { stream: this.name, seq },
      });
      return { stream: this.name, seq };
    }
    const stored = this.store.store(subject, hdr, data, now, message.messageId);
    if (typeof stored === 'string') {
      return refuse(apiErrors.streamStoreFailed(stored), limitReasons[stored] ?? 'store-failed');
    }
    if (msgId) this.msgIds.set(msgId, { seq: stored.seq, time: now });
    this.lastMsgId = msgId;
    this.ctx.trace({
      kind: 'routed',
      from: endpoint.subject(subject),
      to: this.label,
      messageId: message.messageId,
      detail: { stream: this.name, seq: stored.seq },
    });
    this.watchAge();
    for (const consumer of this.consumers.values()) {
      if (consumer.isFilteredMatch(subject)) consumer.signal();
    }
    return { stream: this.name, seq: stored.seq };
  }

  addConsumer(name: string, config: ConsumerConfig): Consumer {
    const consumer = new Consumer(this.ctx, this.core, this, name, config);
    this.consumers.set(name, consumer);
    consumer.signal();
    return consumer;
  }

  deleteConsumer(name: string): boolean {
    const consumer = this.consumers.get(name);
    if (!consumer) return false;
    consumer.stop();
    this.consumers.delete(name);
    return true;
  }

  released(consumer: Consumer, seq: number): void {
    if (this.config.retention === 'limits' || seq < this.store.firstSeq) return;
    const message = this.store.get(seq);
    if (!message) return;
    if (this.config.retention === 'interest') {
      for (const other of this.consumers.values()) {
        if (other !== consumer && other.needsAck(seq, message.subject)) return;
      }
    }
    this.store.remove(seq, 'acked');
  }

  expired(consumer: Consumer): void {
    this.deleteConsumer(consumer.name);
  }

  /** Stream info as `STREAM.INFO` returns it. */
  info(type: string): Record<string, unknown> {
    return {
      type,
      config: this.config,
      created: new Date(this.created).toISOString(),
      state: this.state(),
    };
  }

  state(): Record<string, unknown> {
    const s = this.store;
    const zero = '0001-01-01T00:00:00Z';
    const iso = (t: number | undefined) => (t === undefined ? zero : new Date(t).toISOString());
    const state: Record<string, unknown> = {
      messages: s.messages,
      bytes: s.bytes,
      first_seq: s.firstSeq,
      first_ts: iso(s.firstTime),
      last_seq: s.lastSeq,
      last_ts: iso(s.lastTime),
    };
    const deleted = s.lastSeq > s.firstSeq ? s.lastSeq - s.firstSeq + 1 - s.messages : 0;
    if (deleted > 0) state['num_deleted'] = deleted;
    if (s.numSubjects() > 0) state['num_subjects'] = s.numSubjects();
    state['consumer_count'] = this.consumers.size;
    return state;
  }

  update(config: StreamConfig): void {
    this.config = config;
    this.store.config = config;
    this.store.enforceLimits();
    this.cancelAge?.();
    this.cancelAge = undefined;
    this.watchAge();
  }

  purge(request: { filter?: unknown; seq?: unknown; keep?: unknown }): number {
    const filter =
      typeof request.filter === 'string' && request.filter !== '' && request.filter !== '>'
        ? request.filter
        : undefined;
    const matches =
      filter === undefined ? undefined : (subject: string) => subjectMatches(filter, subject);
    const purged = this.store.purge(
      matches,
      typeof request.seq === 'number' && request.seq > 1 ? request.seq : undefined,
      typeof request.keep === 'number' ? request.keep : 0,
    );
    const first = filter
      ? (this.store.next(this.store.firstSeq, matches)?.seq ?? this.store.lastSeq + 1)
      : this.store.firstSeq;
    for (const consumer of this.consumers.values()) {
      if (!filter || consumer.isFilteredMatch(filter)) consumer.purged(first, this.store.lastSeq);
    }
    return purged;
  }

  deleteMessage(seq: number): void {
    if (!this.store.remove(seq, 'deleted')) throw apiErrors.sequenceNotFound(seq);
  }

  /** `STREAM.MSG.GET`: by `seq`, `last_by_subj`, or `next_by_subj` from `seq`. */
  getMessage(request: {
    seq?: number;
    last_by_subj?: string;
    next_by_subj?: string;
  }): Record<string, unknown> {
    let message: StoredMessage | undefined;
    if (request.last_by_subj) {
      const filter = request.last_by_subj;
      for (const m of this.store.all()) if (subjectMatches(filter, m.subject)) message = m;
    } else if (request.next_by_subj) {
      const filter = request.next_by_subj;
      message = this.store.next(request.seq ?? 0, (s) => subjectMatches(filter, s));
    } else if (request.seq !== undefined) message = this.store.get(request.seq);
    if (!message) throw apiErrors.noMessageFound();
    const body: Record<string, unknown> = { subject: message.subject, seq: message.seq };
    if (message.hdr) body['hdrs'] = Bytes.from(message.hdr, 'utf8').toString('base64');
    body['data'] = Bytes.from(message.data).toString('base64');
    body['time'] = new Date(message.time).toISOString();
    return body;
  }

  /** The stream is deleted (or lost in a restart): its consumers stop. */
  stop(): void {
    for (const consumer of this.consumers.values()) consumer.stop();
    this.consumers.clear();
    this.cancelAge?.();
  }

  private anyoneInterested(subject: string): boolean {
    for (const consumer of this.consumers.values())
      if (consumer.isFilteredMatch(subject)) return true;
    return false;
  }

  private removed(message: StoredMessage, reason: RemovalReason): void {
    if (reason === 'acked' || reason === 'deleted' || reason === 'purged') return;
    this.ctx.trace({
      kind: reason === 'max-age' ? 'expired' : 'dropped',
      from: this.label,
      to: this.label,
      messageId: message.messageId,
      reason,
      payload: this.ctx.traced ? decodeText(message.data) : undefined,
      detail: { stream: this.name, seq: message.seq },
    });
  }

  /** max_age: one timer at the oldest message's expiry, as the stores' age check. */
  private watchAge(): void {
    const maxAgeMs = this.config.max_age / nsPerMs;
    if (maxAgeMs <= 0 || this.cancelAge) return;
    const first = this.store.get(this.store.firstSeq);
    if (!first) return;
    const fire = (): void => {
      this.cancelAge = undefined;
      const next = this.store.expireUpTo(this.ctx.scheduler.now() - maxAgeMs);
      if (next !== undefined) {
        this.cancelAge = startTimer(this.ctx, fire, next + maxAgeMs - this.ctx.scheduler.now());
      }
    };
    this.cancelAge = startTimer(this.ctx, fire, first.time + maxAgeMs - this.ctx.scheduler.now());
  }
}
