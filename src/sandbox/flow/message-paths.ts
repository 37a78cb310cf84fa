import type { TraceEvent } from '../../broker/core/trace-event';

/**
 * Every hop of every message: message id → the indexes (in arrival order) of its trace events,
 * so selecting one row can show where that message went, waited, was retried or was lost.
 */
export class MessagePaths {
  private readonly hops = new Map<string, number[]>();

  /** Records that the event at `index` belongs to its message (events without an id are skipped). */
  add(event: TraceEvent, index: number): void {
    const id = event.messageId;
    if (id === undefined) return;
    const list = this.hops.get(id);
    if (list) list.push(index);
    else this.hops.set(id, [index]);
  }

  /** The event indexes of one message, oldest first (empty when unknown). */
  of(messageId: string): readonly number[] {
    return this.hops.get(messageId) ?? [];
  }

  /** How many distinct message ids were seen. */
  get size(): number {
    return this.hops.size;
  }

  clear(): void {
    this.hops.clear();
  }
}
