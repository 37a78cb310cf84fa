/** What a queue keeps in order: anything with a position (`seq`) it was first enqueued at. */
export interface Positioned {
  seq: number;
}

/**
 * A FIFO with O(1) push and shift (an array plus a moving head), and insertion by position for
 * requeued messages, which RabbitMQ puts back where they were when it can.
 */
export class MessageDeque<T extends Positioned> {
  private items: (T | undefined)[] = [];
  private head = 0;
  /** The summed size of the items (for `x-max-length-bytes`), by `sizeOf`. */
  bytes = 0;

  constructor(private readonly sizeOf: (item: T) => number = () => 0) {}

  get length(): number {
    return this.items.length - this.head;
  }

  peek(): T | undefined {
    return this.items[this.head];
  }

  push(item: T): void {
    this.items.push(item);
    this.bytes += this.sizeOf(item);
  }

  /** Removes the newest item (reject-publish undoes a push with it). */
  pop(): T | undefined {
    if (this.length === 0) return undefined;
    const item = this.items.pop();
    if (item) this.bytes -= this.sizeOf(item);
    return item;
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head++;
    if (item) this.bytes -= this.sizeOf(item);
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** Puts `item` back at its original position among the items still waiting. */
  insertByPosition(item: T): void {
    this.bytes += this.sizeOf(item);
    const first = this.items[this.head];
    if (!first || item.seq < first.seq) {
      if (this.head > 0) this.items[--this.head] = item;
      else this.items.unshift(item);
      return;
    }
    let lo = this.head;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.items[mid]!.seq < item.seq) lo = mid + 1;
      else hi = mid;
    }
    this.items.splice(lo, 0, item);
  }

  /** Removes and returns every item, oldest first. */
  drain(): T[] {
    const all = this.items.slice(this.head) as T[];
    this.items = [];
    this.head = 0;
    this.bytes = 0;
    return all;
  }

  /** Keeps only the items `keep` accepts. */
  retain(keep: (item: T) => boolean): void {
    const kept = (this.items.slice(this.head) as T[]).filter(keep);
    this.items = kept;
    this.head = 0;
    this.bytes = kept.reduce((sum, item) => sum + this.sizeOf(item), 0);
  }
}
