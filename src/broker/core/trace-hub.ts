import { Subject, type Observable, type SchedulerLike } from 'rxjs';
import type { BrokerModel, TraceEvent, TraceKind } from './trace-event';
import type { TraceInput } from './broker-context';

type MutableEvent = { -readonly [K in keyof TraceEvent]: TraceEvent[K] };

/**
 * The broker's one trace: a hot stream that keeps no history (memory stays flat however long a
 * run lasts). Events are only built while someone listens, which keeps the hot path cheap.
 */
export class TraceHub {
  private readonly subject = new Subject<TraceEvent>();
  private seq = 0;
  /** Every event, stamped with scheduler time and a sequence number; hot, no replay. */
  readonly trace$: Observable<TraceEvent> = this.subject.asObservable();

  constructor(private readonly scheduler: SchedulerLike) {}

  /** Whether anyone listens: models may skip work (payload decoding) that only feeds the trace. */
  get observed(): boolean {
    return this.subject.observed;
  }

  /** Positional emit for the models' hot paths: one object per event, nothing else. */
  emit(
    kind: TraceKind,
    model: BrokerModel,
    from: string,
    to: string,
    messageId?: string,
    reason?: string,
    payload?: string,
    detail?: Readonly<Record<string, unknown>>,
  ): void {
    const seq = ++this.seq;
    if (!this.subject.observed) return;
    const event: MutableEvent = { seq, time: this.scheduler.now(), kind, model, from, to };
    if (messageId !== undefined) event.messageId = messageId;
    if (reason !== undefined) event.reason = reason;
    if (payload !== undefined) event.payload = payload;
    if (detail !== undefined) event.detail = detail;
    this.subject.next(event);
  }

  /** The `BrokerContext.trace` form. */
  trace(input: TraceInput): void {
    this.emit(
      input.kind,
      input.model,
      input.from,
      input.to,
      input.messageId,
      input.reason,
      input.payload,
      input.detail,
    );
  }

  /** Ends the stream (broker closed). */
  complete(): void {
    this.subject.complete();
  }
}
