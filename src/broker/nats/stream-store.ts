import { byteLength } from './wire';
import type { StreamConfig } from './stream-config';

/** One message a stream holds. */
export interface StoredMessage {
  readonly seq: number;
  readonly subject: string;
  /** Encoded header block, '' when none. */
  readonly hdr: string;
  readonly data: Uint8Array;
  /** Scheduler time it was stored, in ms. */
  readonly time: number;
  readonly messageId: string;
  /** Its size as the server accounts it (see {@link messageSize}). */
  readonly size: number;
}

/** Why the store removed a message on its own: limits, age, or an explicit delete or purge. */
export type RemovalReason =
  'max-msgs' | 'max-bytes' | 'max-msgs-per-subject' | 'max-age' | 'acked' | 'deleted' | 'purged';

/** A subject filter: `undefined` matches everything. */
export type Filter = ((subject: string) => boolean) | undefined;

/**
 * The bytes nats-server counts for one message: the file store's record (22 + subject [+ 4 +
 * headers] + payload + 8 hash bytes) or the memory store's (subject + headers + payload + 16),
 * as `fileStoreMsgSize` and `memStoreMsgSize` in nats-server 2.9.
 */
export function messageSize(
  storage: StreamConfig['storage'],
  subject: string,
  hdr: string,
  dataLength: number,
) {
  const s = byteLength(subject);
  const h = hdr ? byteLength(hdr) : 0;
  if (storage === 'memory') return s + h + dataLength + 16;
  return h === 0 ? 22 + s + dataLength + 8 : 22 + s + 4 + h + dataLength + 8;
}

/**
 * A stream's message store (nats-server's memstore/filestore in what a reader can observe):
 * sequences, per-subject tracking, the limits max_msgs, max_bytes, max_msgs_per_subject with
 * discard old (drop the oldest, reported to `onRemove`) or new (refuse the message), purge and
 * delete. Age expiry is driven from outside ({@link expireUpTo}).
 */
export class StreamStore {
  private readonly msgs = new Map<number, StoredMessage>();
  private readonly bySubject = new Map<string, number[]>();
  messages = 0;
  bytes = 0;
  firstSeq = 0;
  lastSeq = 0;
  firstTime: number | undefined;
  lastTime: number | undefined;

  constructor(
    public config: StreamConfig,
    private readonly onRemove: (message: StoredMessage, reason: RemovalReason) => void,
  ) {}

  /**
   * Stores a message, or returns the server's refusal ("maximum messages exceeded", …) when the
   * stream discards new messages at its limits.
   */
  store(
    subject: string,
    hdr: string,
    data: Uint8Array,
    time: number,
    messageId: string,
  ): StoredMessage | string {
    const c = this.config;
    const perSubject = this.bySubject.get(subject);
    const atSubjectLimit =
      c.max_msgs_per_subject > 0 && (perSubject?.length ?? 0) >= c.max_msgs_per_subject;
    if (c.discard === 'new') {
      if (atSubjectLimit && c.discard_new_per_subject)
        return 'maximum messages per subject exceeded';
      if (c.max_msgs > 0 && this.messages >= c.max_msgs && !atSubjectLimit)
        return 'maximum messages exceeded';
      if (c.max_bytes > 0 && this.bytes + data.length + byteLength(hdr) >= c.max_bytes) {
        const oldest = atSubjectLimit ? this.msgs.get(perSubject![0]!) : undefined;
        if (!oldest || oldest.size <= data.length + byteLength(hdr))
          return 'maximum bytes exceeded';
      }
    }
    const seq = this.lastSeq + 1;
    const message: StoredMessage = {
      seq,
      subject,
      hdr,
      data,
      time,
      messageId,
      size: messageSize(c.storage, subject, hdr, data.length),
    };
    if (this.messages === 0) {
      this.firstSeq = seq;
      this.firstTime = time;
    }
    this.msgs.set(seq, message);
    this.messages++;
    this.bytes += message.size;
    this.lastSeq = seq;
    this.lastTime = time;
    if (perSubject) perSubject.push(seq);
    else this.bySubject.set(subject, [seq]);
    this.enforceLimits(subject);
    return message;
  }

  /** Uses the next sequence without storing (an interest stream nobody is interested in). */
  skip(time: number): number {
    const seq = ++this.lastSeq;
    this.lastTime = time;
    if (this.messages === 0) {
      this.firstSeq = seq + 1;
      this.firstTime = time;
    }
    return seq;
  }

  /** Applies the limits again (after a configuration update lowered them). */
  enforceLimits(subject?: string): void {
    const c = this.config;
    if (c.max_msgs_per_subject > 0) {
      const subjects = subject === undefined ? [...this.bySubject.keys()] : [subject];
      for (const s of subjects) {
        let seqs = this.bySubject.get(s);
        while (seqs && seqs.length > c.max_msgs_per_subject) {
          this.remove(seqs[0]!, 'max-msgs-per-subject');
          seqs = this.bySubject.get(s);
        }
      }
    }
    while (c.max_msgs > 0 && this.messages > c.max_msgs) this.remove(this.firstSeq, 'max-msgs');
    while (c.max_bytes > 0 && this.bytes > c.max_bytes) this.remove(this.firstSeq, 'max-bytes');
  }

  /** Removes messages stored at or before `cutoff` (ms); returns the time the next one expires. */
  expireUpTo(cutoff: number): number | undefined {
    for (;;) {
      const first = this.msgs.get(this.firstSeq);
      if (!first) return undefined;
      if (first.time > cutoff) return first.time;
      this.remove(first.seq, 'max-age');
    }
  }

  get(seq: number): StoredMessage | undefined {
    return this.msgs.get(seq);
  }

  remove(seq: number, reason: RemovalReason): boolean {
    const message = this.msgs.get(seq);
    if (!message) return false;
    this.msgs.delete(seq);
    this.messages--;
    this.bytes -= message.size;
    const seqs = this.bySubject.get(message.subject);
    if (seqs) {
      const index = seqs[0] === seq ? 0 : seqs.indexOf(seq);
      if (index >= 0) seqs.splice(index, 1);
      if (seqs.length === 0) this.bySubject.delete(message.subject);
    }
    if (seq === this.firstSeq) this.advanceFirst();
    this.onRemove(message, reason);
    return true;
  }

  /** The first message at or after `start` whose subject passes `filter`. */
  next(start: number, filter: Filter, literal?: string): StoredMessage | undefined {
    if (literal !== undefined) {
      const seqs = this.bySubject.get(literal);
      if (!seqs) return undefined;
      const seq = seqs[lowerBound(seqs, start)];
      return seq === undefined ? undefined : this.msgs.get(seq);
    }
    for (let seq = Math.max(start, this.firstSeq); seq <= this.lastSeq; seq++) {
      const message = this.msgs.get(seq);
      if (message && (!filter || filter(message.subject))) return message;
    }
    return undefined;
  }

  /** The last message stored on the literal `subject`. */
  last(subject: string): StoredMessage | undefined {
    const seqs = this.bySubject.get(subject);
    return seqs ? this.msgs.get(seqs[seqs.length - 1]!) : undefined;
  }

  /** How many messages at or after `start` pass `filter`. */
  countFrom(start: number, filter: Filter): number {
    if (this.messages === 0 || start > this.lastSeq) return 0;
    const from = Math.max(start, this.firstSeq);
    if (!filter && this.lastSeq - this.firstSeq + 1 === this.messages)
      return this.lastSeq - from + 1;
    let count = 0;
    for (const message of this.msgs.values()) {
      if (message.seq >= from && (!filter || filter(message.subject))) count++;
    }
    return count;
  }

  /** The last sequence of each subject passing `filter` (for deliver policy last_per_subject). */
  lastPerSubject(filter: Filter): number[] {
    const seqs: number[] = [];
    for (const [subject, list] of this.bySubject) {
      if (!filter || filter(subject)) seqs.push(list[list.length - 1]!);
    }
    return seqs.sort((a, b) => a - b);
  }

  /** The first sequence stored at or after `time` (ms). */
  seqFromTime(time: number): number {
    for (const message of this.msgs.values()) if (message.time >= time) return message.seq;
    return this.lastSeq + 1;
  }

  numSubjects(): number {
    return this.bySubject.size;
  }

  /** Removes what passes `filter` below `upTo` keeping the newest `keep`; returns how many. */
  purge(filter: Filter, upTo: number | undefined, keep: number): number {
    const candidates = [...this.msgs.values()].filter(
      (m) => (!filter || filter(m.subject)) && (upTo === undefined || m.seq < upTo),
    );
    const doomed =
      keep > 0 ? candidates.slice(0, Math.max(0, candidates.length - keep)) : candidates;
    for (const message of doomed) this.remove(message.seq, 'purged');
    if (!filter && upTo === undefined && keep === 0) {
      this.firstSeq = this.lastSeq + 1;
      this.firstTime = undefined;
    }
    return doomed.length;
  }

  /** Every message, oldest first. */
  all(): IterableIterator<StoredMessage> {
    return this.msgs.values();
  }

  private advanceFirst(): void {
    for (let seq = this.firstSeq + 1; seq <= this.lastSeq; seq++) {
      const message = this.msgs.get(seq);
      if (message) {
        this.firstSeq = seq;
        this.firstTime = message.time;
        return;
      }
    }
    this.firstSeq = this.lastSeq + 1;
  }
}

function lowerBound(values: readonly number[], target: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
