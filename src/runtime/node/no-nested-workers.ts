import { createRequire, syncBuiltinESMExports } from 'node:module';

/**
 * Takes `Worker` away from the code of a service thread. Node's permission model is inherited
 * by a worker_thread only when its `execArgv` is left alone: `new Worker(code, { execArgv: [] })`
 * starts a thread with no permission model at all, free to write files and spawn processes.
 * The CLI's process needs `--allow-worker` to start one thread per service, so the grant cannot
 * be withheld; instead each service thread replaces the class before any reader code runs.
 * `syncBuiltinESMExports` makes `import('node:worker_threads')` see the same replacement as
 * `process.getBuiltinModule('worker_threads')`; `process.binding` is already refused by the
 * permission model.
 */
export function forbidNestedWorkers(): void {
  try {
    replaceWorker();
  } catch {
    // Node mode's WebContainer has no permission model to leave; the threads still run there.
  }
}

function replaceWorker(): void {
  const threads = createRequire(import.meta.url)('node:worker_threads') as Record<string, unknown>;
  class RefusedWorker {
    constructor() {
      throw Object.assign(
        new Error('A sandbox service cannot start threads of its own (npm run sandbox).'),
        { code: 'ERR_ACCESS_DENIED' },
      );
    }
  }
  Object.defineProperty(threads, 'Worker', {
    value: RefusedWorker,
    writable: false,
    configurable: false,
    enumerable: true,
  });
  syncBuiltinESMExports();
}
