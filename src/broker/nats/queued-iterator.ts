import { deferred, type Deferred } from './deferred';
import { InvalidOperationError } from './nats-errors';

type Entry<T> = T | (() => void);

/**
 * nats-core's QueuedIteratorImpl (`lib/queued_iterator.js`): a queue that reader code drains
 * with `for await`, fed by the client as messages arrive. Functions pushed into it run in turn
 * with the messages (that is how a subscription closes after what was already queued).
 */
export class QueuedIterator<T> implements AsyncIterable<T> {
  inflight = 0;
  processed = 0;
  received = 0;
  noIterator = false;
  done = false;
  iterClosed: Deferred<void | Error> = deferred<void | Error>();
  protected yields: Entry<T>[] = [];
  protected err: Error | undefined;
  private signal: Deferred<void> = deferred<void>();
  private pendingFiltered = 0;
  private yielding = false;
  private didBreak = false;

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.iterate();
  }

  push(v: Entry<T>): void {
    if (this.done) return;
    if (this.didBreak) {
      // After a `break`, queued closers still run so closed promises settle.
      if (typeof v === 'function') {
        try {
          (v as () => void)();
        } catch {
          // ignored, as in the real client
        }
      }
      return;
    }
    if (typeof v === 'function') this.pendingFiltered++;
    this.yields.push(v);
    this.signal.resolve();
  }

  async *iterate(): AsyncGenerator<T> {
    if (this.noIterator) {
      throw new InvalidOperationError('iterator cannot be used when a callback is registered');
    }
    if (this.yielding) throw new InvalidOperationError('iterator is already yielding');
    this.yielding = true;
    try {
      for (;;) {
        if (this.yields.length === 0) await this.signal;
        if (this.err) throw this.err;
        const batch = this.yields;
        this.inflight = batch.length;
        this.yields = [];
        for (const entry of batch) {
          if (typeof entry === 'function') {
            this.pendingFiltered--;
            (entry as () => void)();
            const failed = this.err as Error | undefined;
            if (failed) throw failed;
            continue;
          }
          this.processed++;
          this.inflight--;
          yield entry;
        }
        if (this.done) break;
        if (this.yields.length === 0) this.signal = deferred<void>();
      }
    } finally {
      this.didBreak = true;
      this.stop();
    }
  }

  stop(err?: Error): void {
    if (this.done) return;
    this.err = err;
    this.done = true;
    this.signal.resolve();
    this.iterClosed.resolve(err);
  }

  getProcessed(): number {
    return this.noIterator ? this.received : this.processed;
  }

  getPending(): number {
    return this.yields.length + this.inflight - this.pendingFiltered;
  }

  getReceived(): number {
    return this.received;
  }
}
