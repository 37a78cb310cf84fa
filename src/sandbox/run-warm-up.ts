import type { SandboxSource } from '../runtime/contract';
import { loadRunModules } from './run-loader';

/**
 * Fetches the runtime in idle time once `element` is on screen, then lets it compile the
 * current code (`source()` at that moment), so a Run finds both done.
 */
export function warmUpWhenVisible(element: Element, source: () => SandboxSource): void {
  const observer = new IntersectionObserver((entries) => {
    if (!entries.some((entry) => entry.isIntersecting)) return;
    observer.disconnect();
    const warm = (): void =>
      void loadRunModules()
        .then(({ runtime }) => runtime.prepare?.(source()))
        .catch(() => {});
    if ('requestIdleCallback' in window) requestIdleCallback(warm, { timeout: 3000 });
    else setTimeout(warm, 1000);
  });
  observer.observe(element);
}

/** Intent to run (pointer over or focus on Run): start fetching the runtime before the click. */
export function warmUpOnIntent(runButton: HTMLElement): void {
  for (const type of ['pointerenter', 'focus']) {
    runButton.addEventListener(type, () => void loadRunModules().catch(() => {}));
  }
}
