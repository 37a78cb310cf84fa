import type { SchedulerLike } from 'rxjs';
import type { InstrumentationEvent } from './types';

/** kafkajs-style instrumentation events: `{ id, type, timestamp, payload }` to each listener. */
export interface InstrumentationEmitter {
  on(type: string, listener: (event: InstrumentationEvent<unknown>) => void): () => void;
  emit(type: string, payload: unknown): void;
}

/**
 * An emitter stamping events with the broker scheduler's time. A throwing listener is
 * ignored, as kafkajs only logs it.
 */
export function emitterFor(scheduler: SchedulerLike): InstrumentationEmitter {
  let nextId = 0;
  const listeners = new Map<string, Set<(event: InstrumentationEvent<unknown>) => void>>();
  return {
    on(type, listener) {
      let set = listeners.get(type);
      if (set === undefined) {
        set = new Set();
        listeners.set(type, set);
      }
      set.add(listener);
      return () => void set.delete(listener);
    },
    emit(type, payload) {
      const set = listeners.get(type);
      if (set === undefined || set.size === 0) return;
      nextId += 1;
      const event = { id: nextId, type, timestamp: scheduler.now(), payload };
      for (const listener of set) {
        try {
          const result: unknown = listener(event);
          if (result instanceof Promise) result.catch(() => undefined);
        } catch {
          // kafkajs logs "Failed to execute listener" and carries on.
        }
      }
    },
  };
}
