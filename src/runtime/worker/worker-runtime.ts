import type { SandboxRuntime } from '../contract';
import { playbackScheduler, simulatedBroker } from '../host/broker-adapter';
import { prepareRun, startRun } from '../host/start-run';
import { webWorkerTransport } from './web-worker-transport';
import { createWorkerPool, type WorkerPool } from './worker-pool';

/** Options of {@link createWorkerRuntime}. */
export interface WorkerRuntimeOptions {
  /** Makes the Worker for one service; the default is the bundled worker-entry.ts. */
  readonly createWorker?: () => Worker;
  /** Idle workers kept started ahead of Run (default 5, the most services a sandbox has). */
  readonly poolSize?: number;
}

// One pool per page for the default worker, however many sandboxes the page embeds.
let sharedPool: WorkerPool | undefined;

/**
 * The default runtime in the browser: each service in its own Web Worker (like a process), the
 * simulated broker in the page, the numbered-command RPC between them.
 *
 * @example
 * const session = createWorkerRuntime().start(source, { seed: 7 });
 * session.output$.subscribe((line) => console.log(`[${line.service}] ${line.text}`));
 */
export function createWorkerRuntime(options: WorkerRuntimeOptions = {}): SandboxRuntime {
  const pool =
    options.createWorker === undefined
      ? (sharedPool ??= createWorkerPool(defaultWorker, options.poolSize ?? 5))
      : createWorkerPool(options.createWorker, options.poolSize ?? 0);
  return {
    name: 'worker',
    start: (source, runOptions = {}) =>
      startRun(source, runOptions, {
        spawn: () => webWorkerTransport(pool.take()),
        createBroker: simulatedBroker,
        createScheduler: playbackScheduler,
      }),
    prepare: prepareRun,
  };
}

function defaultWorker(): Worker {
  // This exact form is what Vite (and so Astro) recognises to bundle the worker.
  return new Worker(new URL('./worker-entry.ts', import.meta.url), { type: 'module' });
}
