/** The sandbox-frame runtime: the browser default (see README.md). */
export { createFrameRuntime, type FrameRuntimeOptions } from './frame-runtime';
