/**
 * Runs `fn` at once and hands back its result as a promise, a throw as a rejection: what an
 * `async` function does, for client methods that never wait on anything.
 *
 * @example
 * connect(): Promise<void> { return promised(() => this.open()); }
 */
export function promised<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
