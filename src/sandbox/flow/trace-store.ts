import type { TraceEvent, TraceKind } from '../../broker/core/trace-event';
import { parseEndpoint } from '../../broker/core/endpoint';
import { MessagePaths } from './message-paths';

/** What the event log shows: one service's events and/or one kind (both optional). */
export interface TraceFilter {
  readonly service?: string;
  readonly kind?: TraceKind;
}

/** How many events one run keeps for the log and the replay (10 s at 1,000 events/s is 10,000). */
export const traceStoreCapacity = 100_000;

/** Services (client endpoints) an event touches: what the log's service filter matches on. */
export function servicesOf(event: Pick<TraceEvent, 'from' | 'to'>): string[] {
  const out: string[] = [];
  const from = parseEndpoint(event.from);
  const to = parseEndpoint(event.to);
  if (from.role === 'service') out.push(from.id);
  if (to.role === 'service' && to.id !== from.id) out.push(to.id);
  return out;
}

/** Whether one event passes a filter. */
export function matchesFilter(event: TraceEvent, filter: TraceFilter): boolean {
  if (filter.kind !== undefined && event.kind !== filter.kind) return false;
  if (filter.service !== undefined && !servicesOf(event).includes(filter.service)) return false;
  return true;
}

/**
 * The recorded trace of one run: every event in arrival order, the message paths, the
 * services and kinds seen (for the filter menus) and the indexes that pass the current filter.
 */
export class TraceStore {
  readonly events: TraceEvent[] = [];
  readonly paths = new MessagePaths();
  readonly services = new Set<string>();
  readonly kinds = new Set<TraceKind>();
  /** Bumped whenever `services` or `kinds` grows, so menus re-render only then. */
  optionsVersion = 0;
  /** Events not kept because the store was full. */
  dropped = 0;
  private filter: TraceFilter = {};
  private matching: number[] = [];

  /** Keeps one event; returns false when the store is full. */
  add(event: TraceEvent): boolean {
    if (this.events.length >= traceStoreCapacity) {
      this.dropped++;
      return false;
    }
    const index = this.events.length;
    this.events.push(event);
    this.paths.add(event, index);
    if (!this.kinds.has(event.kind)) {
      this.kinds.add(event.kind);
      this.optionsVersion++;
    }
    for (const service of servicesOf(event)) {
      if (!this.services.has(service)) {
        this.services.add(service);
        this.optionsVersion++;
      }
    }
    if (matchesFilter(event, this.filter)) this.matching.push(index);
    return true;
  }

  /** The current filter. */
  get currentFilter(): TraceFilter {
    return this.filter;
  }

  /** Changes the filter and recomputes which events pass it. */
  setFilter(filter: TraceFilter): void {
    this.filter = filter;
    this.matching = [];
    this.events.forEach((event, index) => {
      if (matchesFilter(event, filter)) this.matching.push(index);
    });
  }

  /** How many events pass the filter among the first `limit` events (all when omitted). */
  matchingCount(limit = Number.POSITIVE_INFINITY): number {
    if (limit >= this.events.length) return this.matching.length;
    let low = 0;
    let high = this.matching.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.matching[mid] ?? 0) < limit) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The event index of the n-th matching event. */
  matchingAt(n: number): number | undefined {
    return this.matching[n];
  }

  /** The position of an event index among the matching ones, or -1. */
  positionOf(index: number): number {
    let low = 0;
    let high = this.matching.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.matching[mid] ?? 0) < index) low = mid + 1;
      else high = mid;
    }
    return this.matching[low] === index ? low : -1;
  }

  /** Forgets everything (a new run). */
  clear(): void {
    this.events.length = 0;
    this.paths.clear();
    this.services.clear();
    this.kinds.clear();
    this.optionsVersion++;
    this.dropped = 0;
    this.matching = [];
  }
}
