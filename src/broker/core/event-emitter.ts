/**
 * A listener registered on an {@link EventEmitter}. `never[]` lets callers pass listeners with
 * precise parameter types, `(channel: string, message: string) => …`, as with Node's emitter.
 */
export type Listener = (...args: never[]) => void;

/**
 * The slice of Node's `EventEmitter` the client shapes need (`on`, `once`, `off`, `emit`…),
 * written here because the broker must run where `node:events` does not exist (Web Workers).
 * Like Node's, emitting `'error'` with no listener throws the error.
 *
 * @example
 * const e = new EventEmitter();
 * e.on('message', (channel: string, text: string) => console.log(channel, text));
 * e.emit('message', 'news', 'hello');
 */
export class EventEmitter {
  private readonly listenersByEvent = new Map<string | symbol, Listener[]>();

  /** Adds a listener called on every `event`. */
  on(event: string | symbol, listener: Listener): this {
    const list = this.listenersByEvent.get(event);
    if (list) list.push(listener);
    else this.listenersByEvent.set(event, [listener]);
    return this;
  }

  /** Same as {@link on}. */
  addListener(event: string | symbol, listener: Listener): this {
    return this.on(event, listener);
  }

  /** Adds a listener called on the next `event` only. */
  once(event: string | symbol, listener: Listener): this {
    const wrapper = (...args: unknown[]): void => {
      this.off(event, wrapper);
      (listener as (...a: unknown[]) => void)(...args);
    };
    (wrapper as { original?: unknown }).original = listener;
    return this.on(event, wrapper);
  }

  /** Removes one listener (added with `on` or `once`). */
  off(event: string | symbol, listener: Listener): this {
    const list = this.listenersByEvent.get(event);
    if (!list) return this;
    const index = list.findIndex(
      (l) => l === listener || (l as { original?: unknown }).original === listener,
    );
    if (index >= 0) {
      // Copy-on-write so an emit in progress keeps its own snapshot.
      const next = list.slice();
      next.splice(index, 1);
      if (next.length === 0) this.listenersByEvent.delete(event);
      else this.listenersByEvent.set(event, next);
    }
    return this;
  }

  /** Same as {@link off}. */
  removeListener(event: string | symbol, listener: Listener): this {
    return this.off(event, listener);
  }

  /** Removes every listener of `event`, or of every event. */
  removeAllListeners(event?: string | symbol): this {
    if (event === undefined) this.listenersByEvent.clear();
    else this.listenersByEvent.delete(event);
    return this;
  }

  /** How many listeners `event` has. */
  listenerCount(event: string | symbol): number {
    return this.listenersByEvent.get(event)?.length ?? 0;
  }

  /** The listeners of `event`. */
  listeners(event: string | symbol): Listener[] {
    return (this.listenersByEvent.get(event) ?? []).slice();
  }

  /** Calls every listener of `event`; returns whether there was one. */
  emit(event: string | symbol, ...args: unknown[]): boolean {
    const list = this.listenersByEvent.get(event);
    if (!list || list.length === 0) {
      if (event === 'error') {
        throw args[0] instanceof Error
          ? args[0]
          : new Error(`Unhandled error. (${String(args[0])})`);
      }
      return false;
    }
    for (const listener of list) (listener as (...a: unknown[]) => void)(...args);
    return true;
  }
}
