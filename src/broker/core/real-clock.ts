import { nextTask } from './next-task';

/** The real clock a run's clock is paced by; tests pass a virtual one (manual-clock.ts). */
export interface RealClock {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Calls `callback` once after `ms` real milliseconds; the returned function cancels it. */
  setTimer(callback: () => void, ms: number): () => void;
}

/**
 * The wall clock of whatever runs the broker: `performance.now()` and `setTimeout`, or the next
 * task for a wait of 0 (a timer nested deep is clamped to 4 ms; see next-task.ts).
 */
export const systemClock: RealClock = {
  now: () => (typeof performance === 'undefined' ? Date.now() : performance.now()),
  setTimer: (callback, ms) => {
    if (ms <= 0) {
      let cancelled = false;
      nextTask(() => {
        if (!cancelled) callback();
      });
      return () => {
        cancelled = true;
      };
    }
    const id = setTimeout(callback, ms);
    return () => clearTimeout(id);
  },
};

/** Slowest and fastest playback speeds a reader may pick. */
export const minSpeed = 0.25;
export const maxSpeed = 4;
