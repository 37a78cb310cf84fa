import type { SandboxRuntime } from '../runtime/contract';

/** The browser runtime, ready once the flow view is defined too (Run needs both). */
export interface RunModules {
  readonly runtime: SandboxRuntime;
}

let modules: Promise<RunModules> | undefined;

/**
 * Loads the worker runtime and defines `<eda-flow-panel>`, once per page. Kept out of the
 * island's first bytes; called when a sandbox scrolls into view and again on Run (cached),
 * so Run usually finds it ready.
 */
export function loadRunModules(): Promise<RunModules> {
  modules ??= Promise.all([import('../runtime/worker/index'), import('./flow/index')]).then(
    ([worker]) => ({ runtime: worker.createWorkerRuntime() }),
  );
  // A failed load (offline, new deploy) must not be cached: the next Run tries again.
  modules.catch(() => {
    modules = undefined;
  });
  return modules;
}
