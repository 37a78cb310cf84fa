import { MessageDeque, type Positioned } from './message-deque';

/** What a queue needs of its ready messages, in whatever order it hands them out. */
export interface ReadyMessages<T extends Positioned> {
  readonly length: number;
  readonly bytes: number;
  peek(): T | undefined;
  push(item: T): void;
  shift(): T | undefined;
  insertByPosition(item: T): void;
  drain(): T[];
  retain(keep: (item: T) => boolean): void;
}

/**
 * A priority queue's ready messages (`x-max-priority`): one FIFO per priority, the highest
 * non-empty one first. A message's priority above the maximum counts as the maximum; none (or
 * not a number) counts as 0, as on RabbitMQ 3.10 (docs/broker-semantics.md, RabbitMQ 41).
 */
export class PriorityMessages<T extends Positioned> implements ReadyMessages<T> {
  private readonly levels: MessageDeque<T>[];

  constructor(
    maxPriority: number,
    private readonly priorityOf: (item: T) => unknown,
    sizeOf: (item: T) => number,
  ) {
    this.levels = Array.from({ length: maxPriority + 1 }, () => new MessageDeque<T>(sizeOf));
  }

  get length(): number {
    return this.levels.reduce((sum, level) => sum + level.length, 0);
  }

  get bytes(): number {
    return this.levels.reduce((sum, level) => sum + level.bytes, 0);
  }

  peek(): T | undefined {
    return this.highest()?.peek();
  }

  push(item: T): void {
    this.levelOf(item).push(item);
  }

  shift(): T | undefined {
    return this.highest()?.shift();
  }

  insertByPosition(item: T): void {
    this.levelOf(item).insertByPosition(item);
  }

  /** Every item, in the order they would be handed out. */
  drain(): T[] {
    return [...this.levels].reverse().flatMap((level) => level.drain());
  }

  retain(keep: (item: T) => boolean): void {
    for (const level of this.levels) level.retain(keep);
  }

  private highest(): MessageDeque<T> | undefined {
    for (let i = this.levels.length - 1; i >= 0; i--) {
      if (this.levels[i]!.length > 0) return this.levels[i];
    }
    return undefined;
  }

  private levelOf(item: T): MessageDeque<T> {
    const asked = this.priorityOf(item);
    const max = this.levels.length - 1;
    const priority =
      typeof asked === 'number' && Number.isFinite(asked)
        ? Math.max(0, Math.min(max, Math.floor(asked)))
        : 0;
    return this.levels[priority]!;
  }
}
