import type { SandboxRuntime } from '../runtime/contract';

/** The browser runtime, ready once the flow view is defined too (Run needs both). */
export interface RunModules {
  readonly runtime: SandboxRuntime;
}

let modules: Promise<RunModules> | undefined;
let nodeRuntime: Promise<SandboxRuntime> | undefined;

/**
 * Loads the sandbox-frame runtime (and makes its first frame) and defines `<eda-flow-panel>`, once per page. Kept out of the
 * island's first bytes; called when a sandbox scrolls into view and again on Run (cached),
 * so Run usually finds it ready.
 */
export function loadRunModules(): Promise<RunModules> {
  modules ??= Promise.all([import('../runtime/frame/index'), import('./flow/index')]).then(
    ([frame]) => ({
      runtime: frame.createFrameRuntime({ frameUrl: siteUrl('play/sandbox-frame.html') }),
    }),
  );
  // A failed load (offline, new deploy) must not be cached: the next Run tries again.
  modules.catch(() => {
    modules = undefined;
  });
  return modules;
}

/**
 * Node mode: the WebContainer runtime with the worker runtime as its fallback, once per page.
 * Only ever imported when the reader turns Node mode on, so neither it nor `@webcontainer/api`
 * costs anything otherwise.
 * @example const runtime = await loadNodeRuntime(); runtime.start(source);
 */
export function loadNodeRuntime(): Promise<SandboxRuntime> {
  nodeRuntime ??= Promise.all([loadRunModules(), import('../runtime/webcontainer/index')]).then(
    ([{ runtime }, webcontainer]) =>
      webcontainer.createWebContainerRuntime({ fallback: runtime, runnerBase: runnerBase() }),
  );
  nodeRuntime.catch(() => {
    nodeRuntime = undefined;
  });
  return nodeRuntime;
}

/** The Node runner's folder, under the site's base path (a trainer may host under /x/y/). */
function runnerBase(): string {
  return siteUrl('node-runner/');
}

/** A path under the site's base path. */
function siteUrl(path: string): string {
  const base = import.meta.env.BASE_URL;
  return `${base.endsWith('/') ? base : `${base}/`}${path}`;
}
