/** Optional "Node mode": the sandbox in real Node inside a WebContainer, with a fallback. */
export { createWebContainerRuntime, type WebContainerRuntimeOptions } from './webcontainer-runtime';
export { webContainerSupported } from './web-container-supported';
export { bootOnce } from './boot-once';
export { containerFiles, containerPaths } from './container-files';
export type { ContainerLike, ContainerProcess, FileTree, RunnerFiles } from './container-types';
