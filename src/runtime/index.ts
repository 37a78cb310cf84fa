/**
 * The runtime's browser-side public door: the contract every runtime implements and the
 * runtimes that work in a browser. The Node-only parts live behind `./catalog` and `./node`.
 */
export type * from './contract';
export { createWorkerRuntime, type WorkerRuntimeOptions } from './worker';
export {
  createWebContainerRuntime,
  webContainerSupported,
  type WebContainerRuntimeOptions,
} from './webcontainer';
