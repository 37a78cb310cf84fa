import type { TraceEvent } from '../../broker/core/trace-event';
import { endpoint, holdsMessages, parseEndpoint, type Endpoint } from '../../broker/core/endpoint';

/** Live numbers for one node of the figure. */
export interface NodeCounters {
  /** Queue depth: messages waiting to be delivered (queues); entries held (streams). */
  ready: number;
  /** Delivered but not yet acked (or nacked). */
  unacked: number;
  deadLettered: number;
  dropped: number;
  expired: number;
  redelivered: number;
  duplicated: number;
  /** Messages that went out of this node (publishes from a service, deliveries from a queue). */
  sent: number;
  /** Messages that arrived here. */
  received: number;
  /** Partitions: the next offset to be written (log end). */
  logEnd: number;
}

/** Consumer lag of one group on one partition. */
export interface PartitionLag {
  readonly partition: string;
  readonly group: string;
  /** Log end minus the group's committed offset (or read position before its first commit). */
  readonly lag: number;
  readonly committed?: number;
}

/** Whole-run totals shown in the figure's header. */
export interface FlowTotals {
  published: number;
  delivered: number;
  acked: number;
  /** Kafka offset commits. */
  committed: number;
  deadLettered: number;
  dropped: number;
  expired: number;
  redelivered: number;
  duplicated: number;
}

interface MessageCopy {
  ready: number;
  unacked: number;
}

interface GroupPosition {
  committed?: number;
  position?: number;
}

const sep = '\u0000';

function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Queue depth, unacked, dead-lettered and friends, per node, folded from the trace alone. Each
 * (message id, store) pair is tracked apart because a fan-out's copies share one message id.
 */
export class FlowCounters {
  readonly nodes = new Map<string, NodeCounters>();
  readonly totals: FlowTotals = {
    published: 0,
    delivered: 0,
    acked: 0,
    committed: 0,
    deadLettered: 0,
    dropped: 0,
    expired: 0,
    redelivered: 0,
    duplicated: 0,
  };
  private readonly copies = new Map<string, MessageCopy>();
  /** consumer + message → the store it was delivered from, to find where an ack lands. */
  private readonly deliveredFrom = new Map<string, string>();
  private readonly groups = new Map<string, GroupPosition>();

  /** The counters of one node (zeros when nothing happened there yet). */
  of(id: string): NodeCounters {
    let counters = this.nodes.get(id);
    if (!counters) {
      counters = {
        ready: 0,
        unacked: 0,
        deadLettered: 0,
        dropped: 0,
        expired: 0,
        redelivered: 0,
        duplicated: 0,
        sent: 0,
        received: 0,
        logEnd: 0,
      };
      this.nodes.set(id, counters);
    }
    return counters;
  }

  /** Consumer lag per partition and group, sorted by partition then group. */
  lags(): PartitionLag[] {
    const out: PartitionLag[] = [];
    for (const [key, position] of this.groups) {
      const [partition = '', group = ''] = key.split(sep);
      const read = position.committed ?? position.position;
      if (read === undefined) continue;
      const logEnd = this.of(partition).logEnd;
      out.push({
        partition,
        group,
        lag: Math.max(0, logEnd - read),
        ...(position.committed !== undefined ? { committed: position.committed } : {}),
      });
    }
    return out.sort(
      (a, b) => a.partition.localeCompare(b.partition) || a.group.localeCompare(b.group),
    );
  }

  /** Folds one trace event into the counters. */
  apply(event: TraceEvent): void {
    const from = parseEndpoint(event.from);
    const to = parseEndpoint(event.to);
    const id = event.messageId ?? '?';
    switch (event.kind) {
      case 'published':
        this.totals.published++;
        this.of(from.id).sent++;
        if (holdsMessages(to.role)) this.arrive(to, id, event);
        else this.of(to.id).received++;
        break;
      case 'routed':
        this.of(from.id).sent++;
        if (holdsMessages(to.role)) this.arrive(to, id, event);
        else this.of(to.id).received++;
        break;
      case 'delivered':
      case 'redelivered':
        this.totals.delivered++;
        if (event.kind === 'redelivered' || event.detail?.['redelivered'] === true) {
          this.totals.redelivered++;
          this.of(from.id).redelivered++;
        }
        this.deliver(from, to, id, event);
        break;
      case 'duplicated':
        this.totals.duplicated++;
        this.of(holdsMessages(from.role) ? from.id : to.id).duplicated++;
        break;
      case 'acked':
      case 'nacked': {
        if (event.kind === 'acked') this.totals.acked++;
        const store = this.storeOf(from, to, id);
        if (store !== undefined) {
          const copy = this.copy(store, id);
          if (copy.unacked > 0) {
            copy.unacked--;
            this.of(store).unacked--;
          }
          this.forget(store, id);
        }
        this.deliveredFrom.delete(from.id + sep + id);
        this.deliveredFrom.delete(to.id + sep + id);
        break;
      }
      case 'requeued': {
        const store = this.storeOf(from, to, id);
        if (store === undefined) break;
        const copy = this.copy(store, id);
        const counters = this.of(store);
        if (copy.unacked > 0) {
          copy.unacked--;
          counters.unacked--;
        }
        copy.ready++;
        counters.ready++;
        break;
      }
      case 'dead-lettered':
        this.totals.deadLettered++;
        this.leave(from, to, id, 'deadLettered');
        // Some models name the dead-letter queue itself as the destination (no DLX hop).
        if (holdsMessages(to.role) && to.id !== from.id) this.arrive(to, id, event);
        break;
      case 'expired':
        this.totals.expired++;
        this.leave(from, to, id, 'expired');
        break;
      case 'dropped':
        this.totals.dropped++;
        this.leave(from, to, id, 'dropped');
        break;
      case 'committed':
        this.totals.committed++;
        this.commit(from, to, event);
        break;
      default:
        break;
    }
  }

  private arrive(store: Endpoint, id: string, event: TraceEvent): void {
    const counters = this.of(store.id);
    counters.received++;
    if (store.role === 'partition') {
      const offset = num(event.detail?.['offset']);
      counters.logEnd =
        offset !== undefined ? Math.max(counters.logEnd, offset + 1) : counters.logEnd + 1;
      return;
    }
    this.copy(store.id, id).ready++;
    counters.ready++;
  }

  private deliver(from: Endpoint, to: Endpoint, id: string, event: TraceEvent): void {
    this.of(to.id).received++;
    // A group member's delivery passes through its group's box in the figure: count it there.
    const group = text(event.detail?.['group']) ?? text(event.detail?.['groupId']);
    if (group !== undefined && to.role === 'service') this.of(endpoint.group(group)).received++;
    if (!holdsMessages(from.role)) return;
    const counters = this.of(from.id);
    counters.sent++;
    if (from.role === 'partition') {
      const offset = num(event.detail?.['offset']);
      if (group !== undefined && offset !== undefined) {
        const position = this.group(from.id, group);
        position.position = Math.max(position.position ?? 0, offset + 1);
      }
      return;
    }
    const copy = this.copy(from.id, id);
    // Only a queue gives a message away on delivery; a stream keeps the entry.
    if (from.role === 'queue' && copy.ready > 0) {
      copy.ready--;
      counters.ready--;
    }
    const autoAck = event.detail?.['noAck'] === true || event.detail?.['autoAck'] === true;
    if (!autoAck) {
      copy.unacked++;
      counters.unacked++;
      this.deliveredFrom.set(to.id + sep + id, from.id);
    } else {
      this.forget(from.id, id);
    }
  }

  private leave(
    from: Endpoint,
    to: Endpoint,
    id: string,
    counter: 'deadLettered' | 'expired' | 'dropped',
  ): void {
    const store = holdsMessages(from.role)
      ? from.id
      : holdsMessages(to.role) && from.id === to.id
        ? to.id
        : undefined;
    if (store === undefined) {
      this.of(from.id)[counter]++;
      return;
    }
    const counters = this.of(store);
    counters[counter]++;
    const copy = this.copy(store, id);
    if (copy.ready > 0) {
      copy.ready--;
      counters.ready--;
    } else if (copy.unacked > 0 && counter !== 'dropped') {
      // A dropped delivery is still unacked as far as the broker knows.
      copy.unacked--;
      counters.unacked--;
    }
    this.forget(store, id);
  }

  private commit(from: Endpoint, to: Endpoint, event: TraceEvent): void {
    const offset = num(event.detail?.['offset']);
    if (offset === undefined) return;
    const partition =
      to.role === 'partition' ? to.id : from.role === 'partition' ? from.id : undefined;
    const topic = text(event.detail?.['topic']);
    const index = num(event.detail?.['partition']);
    const partitionId =
      partition ??
      (topic !== undefined && index !== undefined
        ? endpoint.topicPartition(topic, index)
        : undefined);
    const group =
      text(event.detail?.['group']) ??
      text(event.detail?.['groupId']) ??
      (from.role === 'group' ? from.label : to.role === 'group' ? to.label : undefined);
    if (partitionId === undefined || group === undefined) return;
    this.group(partitionId, group).committed = offset;
  }

  private storeOf(from: Endpoint, to: Endpoint, id: string): string | undefined {
    if (holdsMessages(to.role)) return to.id;
    if (holdsMessages(from.role)) return from.id;
    return this.deliveredFrom.get(from.id + sep + id) ?? this.deliveredFrom.get(to.id + sep + id);
  }

  private copy(store: string, id: string): MessageCopy {
    const key = store + sep + id;
    let copy = this.copies.get(key);
    if (!copy) {
      copy = { ready: 0, unacked: 0 };
      this.copies.set(key, copy);
    }
    return copy;
  }

  private forget(store: string, id: string): void {
    const key = store + sep + id;
    const copy = this.copies.get(key);
    if (copy && copy.ready === 0 && copy.unacked === 0) this.copies.delete(key);
  }

  private group(partition: string, group: string): GroupPosition {
    const key = partition + sep + group;
    let position = this.groups.get(key);
    if (!position) {
      position = {};
      this.groups.set(key, position);
    }
    return position;
  }
}
