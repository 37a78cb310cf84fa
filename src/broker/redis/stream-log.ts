import type { ConsumerGroup } from './consumer-group';
import { compareIds, isZeroId, maxId, minId, nextId, type StreamId } from './stream-id';

/**
 * Entries per node, Redis's `stream-node-max-entries` default. Redis also starts a new node
 * past `stream-node-max-bytes` (4096); the simulator does not count bytes, so with entries of
 * more than about 40 bytes its nodes hold more entries than Redis's do, and `~` trims less
 * (never more) than Redis would.
 */
export const nodeCapacity = 100;

/**
 * One node of a stream, as Redis keeps entries in radix-tree nodes of listpacks. Parallel
 * arrays rather than an object per entry: an entry costs three doubles (ms, seq, message id),
 * one field offset and its field strings. A deleted entry stays in its node as a tombstone
 * (negative message id) until the whole node goes, as in Redis.
 */
export class LogNode {
  /** [ms, seq, messageId] per slot; messageId < 0 marks a deleted entry. */
  readonly numbers = new Float64Array(nodeCapacity * 3);
  /** End (exclusive) of each slot's field-value strings in `fields`. */
  readonly fieldEnd = new Uint32Array(nodeCapacity);
  fields: string[] = [];
  /** Slots used, deleted ones included. */
  size = 0;
  /** Entries not deleted. */
  live = 0;

  ms(slot: number): number {
    return this.numbers[slot * 3]!;
  }

  seq(slot: number): number {
    return this.numbers[slot * 3 + 1]!;
  }

  /** The trace message id (`m<n>`) of the entry, as its number n. */
  messageId(slot: number): number {
    return Math.abs(this.numbers[slot * 3 + 2]!);
  }

  isDeleted(slot: number): boolean {
    return this.numbers[slot * 3 + 2]! < 0;
  }

  /** A fresh array of the entry's field-value strings, as a reply carries them. */
  fieldsOf(slot: number): string[] {
    const start = slot === 0 ? 0 : this.fieldEnd[slot - 1]!;
    return this.fields.slice(start, this.fieldEnd[slot]);
  }

  /** Appends an entry whose field-value strings are `texts` from index `from` on. */
  append(ms: number, seq: number, texts: readonly string[], from: number, messageId: number): void {
    const slot = this.size++;
    this.numbers[slot * 3] = ms;
    this.numbers[slot * 3 + 1] = seq;
    this.numbers[slot * 3 + 2] = messageId;
    for (let i = from; i < texts.length; i++) this.fields.push(texts[i]!);
    this.fieldEnd[slot] = this.fields.length;
    this.live++;
    // A full node takes no more entries: give back the spare room its array grew into.
    if (this.size === nodeCapacity) this.fields = this.fields.slice();
  }

  markDeleted(slot: number): void {
    this.numbers[slot * 3 + 2] = -this.messageId(slot);
    this.live--;
  }

  /** The first slot whose id is ≥ (ms, seq); `size` if none. */
  lowerBound(ms: number, seq: number): number {
    let low = 0;
    let high = this.size;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compareIds(this.ms(mid), this.seq(mid), ms, seq) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/** Where an entry sits: its node and slot. */
export interface EntryRef {
  readonly node: LogNode;
  readonly slot: number;
}

/** How XADD's and XTRIM's trimming options ask to trim (streamAddTrimArgs). */
export interface TrimRequest {
  readonly strategy: 'maxlen' | 'minid';
  readonly maxlen: number;
  readonly minid: StreamId;
  /** `~`: only whole nodes go. */
  readonly approx: boolean;
  /** Most entries one trim removes; 0 for no limit. */
  readonly limit: number;
}

/** Told of each entry a trim or a delete removes (for the trace). */
export type RemovedEntry = (ms: number, seq: number, messageId: number) => void;

/**
 * A Redis stream's entries and counters: the append-only log of a stream key, with Redis's
 * bookkeeping (last generated id, entries added, first recorded id, largest deleted id) that
 * XINFO and consumer-group lag read, and the consumer groups hanging off it.
 */
export class StreamLog {
  private readonly nodes: LogNode[] = [];
  length = 0;
  entriesAdded = 0;
  lastId: StreamId = minId;
  firstId: StreamId = minId;
  maxDeletedId: StreamId = minId;
  /** Consumer groups by name; created on first XGROUP CREATE. */
  groups: Map<string, ConsumerGroup> | undefined;

  /** Radix-tree keys (nodes) of the stream, as XINFO STREAM counts them. */
  get nodeCount(): number {
    return this.nodes.length;
  }

  /** The id of each node's first slot (its radix-tree key), in order. */
  nodeKeys(): StreamId[] {
    return this.nodes.map((node) => ({ ms: node.ms(0), seq: node.seq(0) }));
  }

  /**
   * Appends an entry whose id the caller checked is above `lastId`; its field-value strings are
   * `texts` from index `from` on (XADD's arguments, not copied first).
   */
  append(id: StreamId, texts: readonly string[], from: number, messageId: number): void {
    let node = this.nodes[this.nodes.length - 1];
    if (node === undefined || node.size >= nodeCapacity) {
      node = new LogNode();
      this.nodes.push(node);
    }
    node.append(id.ms, id.seq, texts, from, messageId);
    this.length++;
    this.entriesAdded++;
    this.lastId = id;
    if (this.length === 1) this.firstId = id;
  }

  /** The live entry with this id, if any. */
  find(id: StreamId): EntryRef | undefined {
    const index = this.nodeIndexFor(id.ms, id.seq);
    const node = this.nodes[index];
    if (node === undefined) return undefined;
    const slot = node.lowerBound(id.ms, id.seq);
    if (slot >= node.size || node.isDeleted(slot)) return undefined;
    if (node.ms(slot) !== id.ms || node.seq(slot) !== id.seq) return undefined;
    return { node, slot };
  }

  /**
   * Visits live entries with start ≤ id ≤ end, forwards or backwards, until `visit` returns
   * false.
   */
  scan(
    start: StreamId,
    end: StreamId,
    reverse: boolean,
    visit: (node: LogNode, slot: number) => boolean,
  ): void {
    if (compareIds(start.ms, start.seq, end.ms, end.seq) > 0) return;
    if (!reverse) {
      for (
        let n = Math.max(0, this.nodeIndexFor(start.ms, start.seq));
        n < this.nodes.length;
        n++
      ) {
        const node = this.nodes[n]!;
        for (let slot = node.lowerBound(start.ms, start.seq); slot < node.size; slot++) {
          if (compareIds(node.ms(slot), node.seq(slot), end.ms, end.seq) > 0) return;
          if (!node.isDeleted(slot) && !visit(node, slot)) return;
        }
      }
      return;
    }
    for (let n = this.nodeIndexFor(end.ms, end.seq); n >= 0; n--) {
      const node = this.nodes[n]!;
      const after = node.lowerBound(end.ms, end.seq);
      const from = after < node.size && node.ms(after) === end.ms && node.seq(after) === end.seq;
      for (let slot = from ? after : after - 1; slot >= 0; slot--) {
        if (compareIds(node.ms(slot), node.seq(slot), start.ms, start.seq) < 0) return;
        if (!node.isDeleted(slot) && !visit(node, slot)) return;
      }
    }
  }

  /** The first (or last) live entry's id, if any. */
  edgeId(first: boolean): StreamId | undefined {
    let found: StreamId | undefined;
    this.scan(minId, maxId, !first, (node, slot) => {
      found = { ms: node.ms(slot), seq: node.seq(slot) };
      return false;
    });
    return found;
  }

  /** XDEL of one id: true if a live entry went. Updates the largest deleted id and first id. */
  delete(id: StreamId, removed?: RemovedEntry): boolean {
    const ref = this.find(id);
    if (ref === undefined) return false;
    removed?.(id.ms, id.seq, ref.node.messageId(ref.slot));
    ref.node.markDeleted(ref.slot);
    this.length--;
    // The last live entry of a node takes the whole node with it (streamIteratorRemoveEntry).
    if (ref.node.live === 0) this.nodes.splice(this.nodes.indexOf(ref.node), 1);
    if (compareIds(id.ms, id.seq, this.maxDeletedId.ms, this.maxDeletedId.seq) > 0) {
      this.maxDeletedId = id;
    }
    return true;
  }

  /** After XDEL removed `deletedFirst` (or not), the recorded first id follows as in Redis. */
  settleFirstIdAfterDelete(deletedFirst: boolean): void {
    if (this.length === 0) this.firstId = minId;
    else if (deletedFirst) this.firstId = this.edgeId(true) ?? minId;
  }

  /**
   * Trims from the head as streamTrim does: whole nodes while the rule allows, then (unless
   * `~`) entry by entry inside the first node that cannot go whole. Returns how many went.
   */
  trim(request: TrimRequest, removed?: RemovedEntry): number {
    const { strategy, maxlen, minid, approx, limit } = request;
    let deleted = 0;
    while (this.nodes.length > 0) {
      if (strategy === 'maxlen' && this.length <= maxlen) break;
      const node = this.nodes[0]!;
      const entries = node.live;
      if (limit > 0 && deleted + entries > limit) break;
      const last = node.size - 1;
      const wholeNode =
        strategy === 'maxlen'
          ? this.length - entries >= maxlen
          : compareIds(node.ms(last), node.seq(last), minid.ms, minid.seq) < 0;
      if (wholeNode) {
        if (removed) this.reportLive(node, removed);
        this.nodes.shift();
        this.length -= entries;
        deleted += entries;
        continue;
      }
      if (approx) break;
      for (let slot = 0; slot < node.size; slot++) {
        const stop =
          strategy === 'maxlen'
            ? this.length <= maxlen
            : compareIds(node.ms(slot), node.seq(slot), minid.ms, minid.seq) >= 0;
        if (stop) break;
        if (node.isDeleted(slot)) continue;
        removed?.(node.ms(slot), node.seq(slot), node.messageId(slot));
        node.markDeleted(slot);
        this.length--;
        deleted++;
      }
      break;
    }
    if (this.length === 0) this.firstId = minId;
    else if (deleted > 0) this.firstId = this.edgeId(true) ?? minId;
    return deleted;
  }

  /** The id XADD would give an entry with `*` at time `now` (streamNextID). */
  autoId(now: number): StreamId | undefined {
    if (now > this.lastId.ms) return { ms: now, seq: 0 };
    return nextId(this.lastId);
  }

  /** Whether the last id is the largest possible one (no entry can be added). */
  get exhausted(): boolean {
    return this.lastId.ms === Infinity && this.lastId.seq === Infinity;
  }

  /** XINFO's max-deleted-entry-id is 0-0 until something is deleted. */
  get hasTombstones(): boolean {
    return !isZeroId(this.maxDeletedId);
  }

  /** Index of the last node whose first id is ≤ (ms, seq); -1 if none. */
  private nodeIndexFor(ms: number, seq: number): number {
    let low = 0;
    let high = this.nodes.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const node = this.nodes[mid]!;
      if (compareIds(node.ms(0), node.seq(0), ms, seq) <= 0) low = mid + 1;
      else high = mid;
    }
    return low - 1;
  }

  private reportLive(node: LogNode, removed: RemovedEntry): void {
    for (let slot = 0; slot < node.size; slot++) {
      if (!node.isDeleted(slot)) removed(node.ms(slot), node.seq(slot), node.messageId(slot));
    }
  }
}
