import type { RealClock } from './real-clock';

/**
 * A {@link RealClock} in virtual time, for tests of schedulers driven by real time: timers
 * fire only when the test calls `advance`.
 *
 * @example
 * const clock = manualClock();
 * const scheduler = createRunClock({ clock });
 * clock.advance(100); // every timer due by then fires, in order
 */
export function manualClock(): RealClock & { advance(ms: number): void } {
  let time = 0;
  let timers: { at: number; callback: () => void; id: number }[] = [];
  let nextId = 0;
  return {
    now: () => time,
    setTimer(callback, ms) {
      const id = nextId++;
      // Like real timers, a 0 ms timer still waits for a later turn (1 ms here).
      timers.push({ at: time + Math.max(1, ms), callback, id });
      return () => {
        timers = timers.filter((t) => t.id !== id);
      };
    },
    advance(ms) {
      const end = time + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at || a.id - b.id);
        const next = timers[0];
        if (!next || next.at > end) break;
        timers.shift();
        time = next.at;
        next.callback();
      }
      time = end;
    },
  };
}
