/**
 * A counting semaphore over batches. kafkajs hands at most `partitionsConsumedConcurrently`
 * batches (default 1) to the reader's handler at once; a partition with a batch ready waits
 * here for a turn, so with the default one slow handler holds back every other partition.
 */
export class Permits {
  private readonly queue: (() => void)[] = [];

  constructor(private free: number) {}

  /** Takes a turn: undefined when one is free now, else a promise that resolves with it. */
  acquire(): Promise<void> | undefined {
    if (this.free > 0) {
      this.free -= 1;
      return undefined;
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }

  /** Gives the turn back, straight to the longest waiter if there is one. */
  release(): void {
    const next = this.queue.shift();
    if (next !== undefined) next();
    else this.free += 1;
  }
}
