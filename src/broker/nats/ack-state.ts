import type { AckPolicy } from './consumer-config';

/** A delivered message waiting for its ack. */
export interface PendingAck {
  /** The delivery sequence of its latest delivery. */
  dseq: number;
  /** When its ack wait started (ms); moved by working() and nak(delay). */
  time: number;
  /** Who received it, for the trace. */
  holder: string;
}

/**
 * A consumer's acknowledgement state, as nats-server 2.9 keeps it (held to it by `tests/conformance/nats-jetstream.test.ts`): the next
 * stream and delivery sequences (`sseq`, `dseq`), the ack floors (`asflr`, `adflr`), the
 * messages waiting for an ack (`pending`), the redelivery counts (`rdc`) and the redelivery
 * queue (`rdq`). The floors move exactly as `processAckMsg` moves them, so consumer info
 * (`ack_floor`, `num_ack_pending`, `num_redelivered`) reads as the real server's.
 */
export class AckState {
  sseq = 1;
  dseq = 1;
  asflr = 0;
  adflr = 0;
  readonly pending = new Map<number, PendingAck>();
  readonly rdc = new Map<number, number>();
  private rdq: number[] = [];
  private readonly rdqIndex = new Set<number>();

  constructor(private readonly policy: AckPolicy) {}

  /** Starts from stream sequence `start` (selectStartingSeqNo's end). */
  startAt(start: number): void {
    this.sseq = start;
    this.dseq = 1;
    this.adflr = 0;
    this.asflr = start - 1;
  }

  /** Records a delivery (deliverMsg: trackPending, or the floor for ack none). */
  delivered(seq: number, dseq: number, now: number, holder: string): void {
    if (this.policy === 'none') {
      this.adflr = dseq;
      this.asflr = seq;
      return;
    }
    const existing = this.pending.get(seq);
    if (existing) {
      existing.time = now;
      existing.holder = holder;
    } else this.pending.set(seq, { dseq, time: now, holder });
  }

  /** processAckMsg: returns the stream sequences the ack released. */
  ack(sseq: number, dseq: number): number[] {
    if (this.policy === 'explicit') {
      const p = this.pending.get(sseq);
      if (p) {
        this.pending.delete(sseq);
        dseq = p.dseq;
      }
      if (this.pending.size === 0) {
        this.adflr = this.dseq - 1;
        this.asflr = this.sseq - 1;
      } else if (dseq === this.adflr + 1) {
        this.adflr = dseq;
        this.asflr = sseq;
        for (let ss = sseq + 1; ss < this.sseq; ss++) {
          const next = this.pending.get(ss);
          if (next) {
            if (next.dseq > 0) {
              this.adflr = next.dseq - 1;
              this.asflr = ss - 1;
            }
            break;
          }
        }
      }
      this.rdc.delete(sseq);
      this.removeFromRedeliveries(sseq);
      return p ? [sseq] : [];
    }
    if (this.policy === 'all') {
      if (dseq <= this.adflr || sseq <= this.asflr) return [];
      const gap = sseq - this.asflr;
      this.adflr = dseq;
      this.asflr = sseq;
      const released: number[] = [];
      for (let seq = sseq; seq > sseq - gap; seq--) {
        this.pending.delete(seq);
        this.rdc.delete(seq);
        this.removeFromRedeliveries(seq);
        released.push(seq);
      }
      return released;
    }
    return [];
  }

  /** incDeliveryCount: the delivery count of the next redelivery of `seq`. */
  nextDeliveryCount(seq: number): number {
    const count = (this.rdc.get(seq) ?? 0) + 1;
    this.rdc.set(seq, count);
    return count + 1;
  }

  queueRedelivery(seq: number): void {
    if (this.rdqIndex.has(seq)) return;
    this.rdq.push(seq);
    this.rdqIndex.add(seq);
  }

  isQueued(seq: number): boolean {
    return this.rdqIndex.has(seq);
  }

  hasRedeliveries(): boolean {
    return this.rdq.length > 0;
  }

  redeliveryCount(): number {
    return this.rdq.length;
  }

  nextRedelivery(): number {
    const seq = this.rdq.shift();
    if (seq === undefined) return 0;
    this.rdqIndex.delete(seq);
    return seq;
  }

  removeFromRedeliveries(seq: number): void {
    if (!this.rdqIndex.delete(seq)) return;
    this.rdq = this.rdq.filter((s) => s !== seq);
  }

  /** The stream was purged up to `sseq` (consumer.purge). */
  purged(sseq: number): void {
    if (this.sseq < sseq) this.sseq = sseq;
    if (this.asflr < sseq) {
      this.asflr = sseq - 1;
      if (this.dseq > 0) this.adflr = this.dseq - 1;
    }
    this.pending.clear();
    const queued = this.rdq;
    this.rdq = [];
    this.rdqIndex.clear();
    for (const seq of queued) if (seq >= this.sseq) this.queueRedelivery(seq);
  }

  /**
   * checkPending: queues for redelivery, oldest first, what waited longer than its deadline
   * (`ack_wait`, or the backoff step for its delivery count); returns those and the ms until
   * the next one is due (undefined when nothing is pending).
   */
  expire(
    now: number,
    ackWaitMs: number,
    backoffMs: readonly number[] | undefined,
    firstSeq: number,
  ): { expired: number[]; nextInMs: number | undefined } {
    let next = backoffMs && backoffMs.length > 0 ? backoffMs[backoffMs.length - 1]! : ackWaitMs;
    const expired: number[] = [];
    for (const [seq, p] of this.pending) {
      if (seq < firstSeq) {
        this.pending.delete(seq);
        this.rdc.delete(seq);
        this.removeFromRedeliveries(seq);
        continue;
      }
      const elapsed = now - p.time;
      let deadline = ackWaitMs;
      if (backoffMs && backoffMs.length > 0) {
        let dc = this.rdc.get(seq) ?? 0;
        let nbi = dc + 1;
        if (dc + 1 >= backoffMs.length) {
          dc = backoffMs.length - 1;
          nbi = dc;
        }
        deadline = backoffMs[dc]!;
        next = Math.min(next, backoffMs[nbi]!);
      }
      if (elapsed >= deadline) {
        if (!this.isQueued(seq)) expired.push(seq);
      } else if (deadline - elapsed < next) next = deadline - elapsed;
    }
    if (expired.length > 0) {
      expired.sort((a, b) => a - b);
      const offset = now - this.pending.get(expired[0]!)!.time;
      for (const seq of expired) {
        this.queueRedelivery(seq);
        const p = this.pending.get(seq);
        if (p) p.time += offset;
      }
    }
    return { expired, nextInMs: this.pending.size > 0 ? next : undefined };
  }
}
