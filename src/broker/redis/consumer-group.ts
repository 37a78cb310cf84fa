import type { EntryRef, LogNode, StreamLog } from './stream-log';
import { compareIds, formatId, isZeroId, maxId, type StreamId } from './stream-id';

/** `entries-read` when Redis does not know it (SCG_INVALID_ENTRIES_READ); XINFO shows null. */
export const unknownEntriesRead = -1;

/**
 * One entry of a pending entries list (Redis's streamNACK): delivered to `consumer`, not yet
 * acknowledged. The group's list and the consumer's list share the same object.
 */
export class PendingEntry {
  constructor(
    readonly ms: number,
    readonly seq: number,
    public consumer: Consumer,
    /** Run time (ms) of the last delivery: XPENDING's idle time counts from it. */
    public deliveryTime: number,
    public deliveryCount: number,
    /** The entry's trace message id number, for the trace of later hops. */
    readonly messageId: number,
  ) {}

  get id(): string {
    return formatId(this.ms, this.seq);
  }
}

/** Pending entries by id text, iterated in id order as Redis's radix tree is. */
export class PendingList {
  private entries = new Map<string, PendingEntry>();
  private inOrder = true;
  private lastMs = -1;
  private lastSeq = -1;

  get size(): number {
    return this.entries.size;
  }

  get(id: string): PendingEntry | undefined {
    return this.entries.get(id);
  }

  add(id: string, entry: PendingEntry): void {
    this.entries.set(id, entry);
    // Deliveries come in id order almost always; only a claim or SETID breaks it.
    if (compareIds(entry.ms, entry.seq, this.lastMs, this.lastSeq) > 0) {
      this.lastMs = entry.ms;
      this.lastSeq = entry.seq;
    } else this.inOrder = false;
  }

  delete(id: string): boolean {
    return this.entries.delete(id);
  }

  /** Every pending entry, lowest id first. */
  ordered(): PendingEntry[] {
    const list = [...this.entries.values()];
    if (!this.inOrder) {
      list.sort((a, b) => compareIds(a.ms, a.seq, b.ms, b.seq));
      this.entries = new Map(list.map((entry) => [entry.id, entry]));
      this.inOrder = true;
    }
    return list;
  }
}

/** A consumer of a group: its name, its own pending list, when it was last seen. */
export class Consumer {
  readonly pending = new PendingList();
  constructor(
    readonly name: string,
    /** Run time of its last read or claim (XINFO CONSUMERS' idle counts from it). */
    public seenTime: number,
  ) {}
}

/** A consumer group: where it has read up to, what it delivered and not yet had acknowledged. */
export class ConsumerGroup {
  readonly pending = new PendingList();
  readonly consumers = new Map<string, Consumer>();
  constructor(
    readonly name: string,
    public lastId: StreamId,
    /** Entries the group has read (its logical counter), or {@link unknownEntriesRead}. */
    public entriesRead: number,
  ) {}

  /** Looks a consumer up, refreshing its seen time (streamLookupConsumer). */
  lookup(name: string, now: number): Consumer | undefined {
    const consumer = this.consumers.get(name);
    if (consumer !== undefined) consumer.seenTime = now;
    return consumer;
  }

  /** The consumer, created if it is new (as a read or claim creates it). */
  consumer(name: string, now: number): Consumer {
    let consumer = this.lookup(name, now);
    if (consumer === undefined) {
      consumer = new Consumer(name, now);
      this.consumers.set(name, consumer);
    }
    return consumer;
  }

  /** XGROUP DELCONSUMER: its pending entries leave the group's list too. Returns how many. */
  deleteConsumer(name: string): number {
    const consumer = this.consumers.get(name);
    if (consumer === undefined) return 0;
    const pending = consumer.pending.ordered();
    for (const entry of pending) this.pending.delete(entry.id);
    this.consumers.delete(name);
    return pending.length;
  }

  /** Gives the pending entry `id` to `consumer`, removing it from its previous owner. */
  reassign(id: string, entry: PendingEntry, consumer: Consumer): void {
    if (entry.consumer === consumer) return;
    entry.consumer.pending.delete(id);
    entry.consumer = consumer;
    consumer.pending.add(id, entry);
  }

  /** Forgets a pending entry (acknowledged, or its stream entry is gone). */
  forget(id: string, entry: PendingEntry): void {
    this.pending.delete(id);
    entry.consumer.pending.delete(id);
  }
}

/** What a group read hands out: each entry it served. */
export type ServedEntry = (node: LogNode, slot: number, id: string) => void;

/**
 * XREADGROUP's `>`: serves entries after `start` to `consumer`, moving the group's last id and
 * read counter, and (without NOACK) adding each entry to both pending lists; an entry already
 * pending elsewhere (after XGROUP SETID) changes owner with its count back to 1
 * (streamReplyWithRange with a group). Returns how many it served.
 */
export function serveNewEntries(
  stream: StreamLog,
  group: ConsumerGroup,
  consumer: Consumer,
  start: StreamId,
  count: number,
  noack: boolean,
  now: number,
  served: ServedEntry,
): number {
  let emitted = 0;
  let lastMs = -1;
  let lastSeq = -1;
  stream.scan(start, maxId, false, (node, slot) => {
    const ms = node.ms(slot);
    const seq = node.seq(slot);
    if (compareIds(ms, seq, group.lastId.ms, group.lastId.seq) > 0) {
      if (group.entriesRead !== unknownEntriesRead && !rangeHasTombstones(stream, ms, seq)) {
        group.entriesRead++;
      } else if (stream.entriesAdded > 0) {
        group.entriesRead = estimateEntriesRead(stream, { ms, seq });
      }
      lastMs = ms;
      lastSeq = seq;
    }
    const id = formatId(ms, seq);
    served(node, slot, id);
    if (!noack) {
      const existing = group.pending.get(id);
      if (existing === undefined) {
        const entry = new PendingEntry(ms, seq, consumer, now, 1, node.messageId(slot));
        group.pending.add(id, entry);
        consumer.pending.add(id, entry);
      } else {
        group.reassign(id, existing, consumer);
        existing.deliveryTime = now;
        existing.deliveryCount = 1;
      }
    }
    emitted++;
    return count === 0 || emitted < count;
  });
  if (lastMs >= 0) group.lastId = { ms: lastMs, seq: lastSeq };
  return emitted;
}

/**
 * XREADGROUP with an id: the consumer's own pending entries from `start` on, each delivered
 * again (count + 1, idle 0); one whose stream entry was deleted comes as `[id, null]`.
 */
export function serveHistory(
  stream: StreamLog,
  consumer: Consumer,
  start: StreamId,
  count: number,
  now: number,
): { entry: PendingEntry; ref: EntryRef | undefined }[] {
  const result: { entry: PendingEntry; ref: EntryRef | undefined }[] = [];
  for (const entry of consumer.pending.ordered()) {
    if (count > 0 && result.length >= count) break;
    if (compareIds(entry.ms, entry.seq, start.ms, start.seq) < 0) continue;
    const ref = stream.find(entry);
    if (ref !== undefined) {
      entry.deliveryTime = now;
      entry.deliveryCount++;
    }
    result.push({ entry, ref });
  }
  return result;
}

/** Whether an XDEL tombstone lies at or after (ms, seq) (streamRangeHasTombstones). */
export function rangeHasTombstones(stream: StreamLog, ms: number, seq: number): boolean {
  if (stream.length === 0 || isZeroId(stream.maxDeletedId)) return false;
  if (
    compareIds(
      stream.firstId.ms,
      stream.firstId.seq,
      stream.maxDeletedId.ms,
      stream.maxDeletedId.seq,
    ) > 0
  ) {
    return false;
  }
  return compareIds(ms, seq, stream.maxDeletedId.ms, stream.maxDeletedId.seq) <= 0;
}

/**
 * The logical read counter of `id`, when Redis can tell it
 * (streamEstimateDistanceFromFirstEverEntry); {@link unknownEntriesRead} otherwise.
 */
export function estimateEntriesRead(stream: StreamLog, id: StreamId): number {
  if (stream.entriesAdded === 0) return 0;
  const last = stream.lastId;
  if (stream.length === 0 && compareIds(id.ms, id.seq, last.ms, last.seq) < 1) {
    return stream.entriesAdded;
  }
  const toLast = compareIds(id.ms, id.seq, last.ms, last.seq);
  if (toLast === 0) return stream.entriesAdded;
  if (toLast > 0) return unknownEntriesRead;
  const first = stream.firstId;
  const toFirst = compareIds(id.ms, id.seq, first.ms, first.seq);
  const deleted = stream.maxDeletedId;
  if (isZeroId(deleted) || compareIds(deleted.ms, deleted.seq, first.ms, first.seq) < 0) {
    if (toFirst < 0) return stream.entriesAdded - stream.length;
    if (toFirst === 0) return stream.entriesAdded - stream.length + 1;
  }
  return unknownEntriesRead;
}

/** XINFO GROUPS' lag: entries not yet delivered to the group, or null when unknown. */
export function groupLag(stream: StreamLog, group: ConsumerGroup): number | null {
  if (stream.entriesAdded === 0) return 0;
  const { ms, seq } = group.lastId;
  if (group.entriesRead !== unknownEntriesRead && !rangeHasTombstones(stream, ms, seq)) {
    return stream.entriesAdded - group.entriesRead;
  }
  const read = estimateEntriesRead(stream, group.lastId);
  return read === unknownEntriesRead ? null : stream.entriesAdded - read;
}
