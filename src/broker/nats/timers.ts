import type { Subscription } from 'rxjs';
import type { ModelContext } from '../core/model-context';

/** Cancels a timer started with {@link startTimer}. */
export type CancelTimer = () => void;

interface Timer {
  readonly due: number;
  readonly order: number;
  task: (() => void) | undefined;
}

/**
 * The model's timers (request timeouts, ack waits, pull expiries) in one queue ordered by due
 * time, with a single scheduler action at the earliest: a JetStream publish starts a 5 s
 * timeout it almost always cancels, and giving each its own scheduler action made the
 * scheduler's sorting the largest cost of a publish. Due timers run in due-then-start order,
 * as separate scheduler actions would, each through `ctx.soon` (nothing once the broker closed).
 */
class TimerQueue {
  private heap: Timer[] = [];
  private order = 0;
  private action: Subscription | undefined;
  private actionDue = Infinity;

  constructor(private readonly ctx: ModelContext) {}

  start(task: () => void, delayMs: number): CancelTimer {
    const timer: Timer = {
      due: this.ctx.scheduler.now() + Math.max(0, delayMs),
      order: this.order++,
      task,
    };
    this.push(timer);
    if (timer.due < this.actionDue) this.arm();
    return () => {
      if (timer.task === undefined) return;
      timer.task = undefined;
      // A cancelled head leaves nothing scheduled for it: virtual time does not run on to it.
      if (this.heap[0] === timer) this.arm();
    };
  }

  private arm(): void {
    this.action?.unsubscribe();
    this.action = undefined;
    this.actionDue = Infinity;
    while (this.heap.length > 0 && this.heap[0]!.task === undefined) this.pop();
    const first = this.heap[0];
    if (!first) return;
    this.actionDue = first.due;
    this.action = this.ctx.scheduler.schedule(
      () => this.fire(),
      Math.max(0, first.due - this.ctx.scheduler.now()),
    );
  }

  private fire(): void {
    this.action = undefined;
    this.actionDue = Infinity;
    const now = this.ctx.scheduler.now();
    while (this.heap.length > 0 && this.heap[0]!.due <= now) {
      const timer = this.pop()!;
      const task = timer.task;
      if (task) {
        this.ctx.soon(() => {
          if (timer.task === undefined) return;
          timer.task = undefined;
          task();
        });
      }
    }
    this.arm();
  }

  private push(timer: Timer): void {
    const heap = this.heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private pop(): Timer | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.due < b.due || (a.due === b.due && a.order < b.order);
}

const queues = new WeakMap<ModelContext, TimerQueue>();

/**
 * A cancellable delay on the model's scheduler. A cancelled timer never runs; when due, the task
 * runs through `ctx.soon`.
 */
export function startTimer(ctx: ModelContext, task: () => void, delayMs: number): CancelTimer {
  let queue = queues.get(ctx);
  if (!queue) {
    queue = new TimerQueue(ctx);
    queues.set(ctx, queue);
  }
  return queue.start(task, delayMs);
}
