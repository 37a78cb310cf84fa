import { Subject, type Observable, type SchedulerLike } from 'rxjs';
import type { ModelName, TraceEvent, TraceFields } from './trace-event';

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

  /**
   * Emits one event. Fields left `undefined` are left out of the event, so a saved or compared
   * trace has the same keys however the producer wrote them.
   */
  emit(fields: TraceFields): void {
    this.emitFrom(fields.model, fields);
  }

  /** {@link emit} for a model's own events: the model's name is not copied into each object. */
  emitFrom(model: ModelName, fields: Omit<TraceFields, 'model'>): void {
    const seq = ++this.seq;
    if (!this.subject.observed) return;
    const { kind, from, to, messageId, reason, payload, detail } = fields;
    const event: MutableEvent = { seq, time: this.scheduler.now(), kind, model, from, to };
    if (messageId !== undefined) event.messageId = messageId;
    if (reason !== undefined) event.reason = reason;
    if (payload !== undefined) event.payload = payload;
    if (detail !== undefined) event.detail = detail;
    this.subject.next(event);
  }

  /** Ends the stream (broker closed). */
  complete(): void {
    this.subject.complete();
  }
}
