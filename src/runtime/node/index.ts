/** The Node runtime (worker_threads). Node-only: never import it from browser code. */
export { createNodeRuntime, type NodeRuntimeOptions } from './node-runtime';
export { runCli, formatLine, type CliIo } from './run-cli';
export { workerThreadTransport } from './worker-thread-transport';
export { runExerciseCli, type ExerciseCliIo } from './exercise-cli';
