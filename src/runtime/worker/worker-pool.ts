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

/**
 * Keeps `size` idle workers made by `create`.
 *
 * @example
 * const pool = createWorkerPool(() => new Worker(url, { type: 'module' }), 5);
 * const worker = pool.take(); // started earlier, ready now
 */
export function createWorkerPool(create: () => Worker, size: number): WorkerPool {
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
  const scheduleRefill = () => {
    if (refillScheduled) return;
    refillScheduled = true;
    // Refill after the run has started its own workers, so the pool never competes with them.
    const idleCallback = (globalThis as { requestIdleCallback?: (fn: () => void) => number })
      .requestIdleCallback;
    if (idleCallback) idleCallback(refill);
    else setTimeout(refill, 200);
  };

  scheduleRefill();
  return {
    take() {
      const pooled = idle.shift();
      if (pooled) pooled.onerror = null;
      const worker = pooled ?? create();
      scheduleRefill();
      return worker;
    },
    drain() {
      for (const worker of idle.splice(0)) worker.terminate();
    },
  };
}
