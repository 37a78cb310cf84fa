/**
 * Workers started ahead of time, like a pre-forked process pool. Starting a module worker
 * (fetching and evaluating worker-entry with its guest) is most of what stands between a
 * click on Run and the first line; a pooled worker has already done it and sits idle until
 * the host sends its port, so taking one costs nothing and no reader code has run in it.
 */
export interface WorkerPool {
  /** A ready worker if one is pooled, else a new one; the pool refills in idle time. */
  take(): Worker;
  /** Terminates the idle workers (a page that is going away, or tests). */
  drain(): void;
}

// How long after a take the pool waits before refilling (see take()).
const refillDelayMs = 1_000;

/**
 * Keeps `size` idle workers made by `create`; with `refill: false` it starts them once and
 * then makes each further worker on demand (a sandbox frame serves one run and then goes).
 *
 * @example
 * const pool = createWorkerPool(() => new Worker(url, { type: 'module' }), 5);
 * const worker = pool.take(); // started earlier, ready now
 */
export function createWorkerPool(
  create: () => Worker,
  size: number,
  options: { readonly refill?: boolean } = {},
): WorkerPool {
  const idle: Worker[] = [];
  let refillScheduled = false;

  const refill = () => {
    refillScheduled = false;
    while (idle.length < size) {
      const worker = create();
      // A worker whose script failed to load while pooled must not be handed out: a fresh
      // one will report the failure to the run that asked for it.
      worker.onerror = () => {
        const index = idle.indexOf(worker);
        if (index >= 0) idle.splice(index, 1);
        worker.terminate();
      };
      idle.push(worker);
    }
  };
  const scheduleRefill = (afterMs: number) => {
    if (refillScheduled) return;
    refillScheduled = true;
    const idleCallback = (globalThis as { requestIdleCallback?: (fn: () => void) => number })
      .requestIdleCallback;
    const whenIdle = () => (idleCallback ? idleCallback(refill) : refill());
    if (afterMs > 0) setTimeout(whenIdle, afterMs);
    else whenIdle();
  };

  scheduleRefill(0);
  return {
    take() {
      const pooled = idle.shift();
      if (pooled) pooled.onerror = null;
      const worker = pooled ?? create();
      // Not at the first idle moment: that comes while the run's own workers are still
      // starting (the page waits on them), and new workers compiling their script would take
      // the CPU from them. A run's start-up is over well within this.
      if (options.refill !== false) scheduleRefill(refillDelayMs);
      return worker;
    },
    drain() {
      for (const worker of idle.splice(0)) worker.terminate();
    },
  };
}
