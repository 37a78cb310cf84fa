import type { ContainerLike } from './container-types';

/**
 * Wraps a boot function so it runs at most once per page, raced against a watchdog.
 * `WebContainer.boot()` offline neither resolves nor rejects, and a second boot in the same page
 * hangs too: so after a timeout or failure every later call fails at once with the same reason,
 * and after a success every call gets the same container.
 *
 * @example
 * const boot = bootOnce(() => WebContainer.boot(), 15_000);
 * const container = await boot(); // rejects after 15 s offline
 */
export function bootOnce(
  boot: () => Promise<ContainerLike>,
  watchdogMs: number,
): () => Promise<ContainerLike> {
  let attempt: Promise<ContainerLike> | undefined;
  return () => {
    attempt ??= new Promise<ContainerLike>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new Error(`the WebContainer did not boot within ${Math.round(watchdogMs / 1000)} s`),
        );
      }, watchdogMs);
      boot().then(
        (container) => {
          clearTimeout(timer);
          resolve(container);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
    return attempt;
  };
}
