/** What {@link createStartSchedule} needs to know of a service. */
export interface ScheduledService {
  readonly name: string;
  readonly startDelayMs?: number;
}

/** The start order of one run: told when a service is up, stopped at the run's end. */
export interface StartSchedule {
  /** `name` printed a line, finished its top-level code or ended. */
  up(name: string): void;
  cancel(): void;
}

/**
 * Starts services in the order of their `startDelayMs`, as the simulator does, but counting each
 * delay from when the services of the smaller delay are up rather than from the run's start. On
 * the simulator a service is up at run time 0; a real thread (or process) takes real time to
 * load its client and connect, seconds on a busy machine, and a producer started 500 ms after
 * its consumers' threads would publish before their queues are bound, which is not the story
 * the sandbox tells. `stuckMs` after a group started, the next starts anyway (a service that
 * never prints and never finishes its top-level code must not hold the others back).
 */
export function createStartSchedule(
  services: readonly ScheduledService[],
  start: (name: string) => void,
  stuckMs = 10_000,
): StartSchedule {
  const delays = [...new Set(services.map((service) => service.startDelayMs ?? 0))].sort(
    (a, b) => a - b,
  );
  const groups = delays.map((delay) =>
    services.filter((service) => (service.startDelayMs ?? 0) === delay).map((s) => s.name),
  );
  const up = new Set<string>();
  const timers: NodeJS.Timeout[] = [];
  const scheduled = new Set<number>();
  let current = -1; // the last group started
  let cancelled = false;
  const allUp = (index: number): boolean => (groups[index] ?? []).every((name) => up.has(name));
  const schedule = (index: number, afterMs: number): void => {
    if (cancelled || index >= groups.length || scheduled.has(index)) return;
    scheduled.add(index);
    timers.push(setTimeout(() => startGroup(index), afterMs));
  };
  const scheduleNext = (index: number): void =>
    schedule(index + 1, (delays[index + 1] ?? 0) - (delays[index] ?? 0));
  const startGroup = (index: number): void => {
    if (cancelled) return;
    current = index;
    for (const name of groups[index] ?? []) start(name);
    timers.push(setTimeout(() => scheduleNext(index), stuckMs));
    if (allUp(index)) scheduleNext(index);
  };
  schedule(0, delays[0] ?? 0);
  return {
    up(name) {
      up.add(name);
      if (current >= 0 && allUp(current)) scheduleNext(current);
    },
    cancel() {
      cancelled = true;
      for (const timer of timers) clearTimeout(timer);
    },
  };
}
