/** The Web Worker runtime: the browser default. */
export { createWorkerRuntime, type WorkerRuntimeOptions } from './worker-runtime';
