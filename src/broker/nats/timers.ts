import type { ModelContext } from '../core/model-context';

/** Cancels a timer started with {@link startTimer}. */
export type CancelTimer = () => void;

/**
 * A cancellable delay on the model's scheduler (request timeouts, ack waits, pull expiries):
 * a timer that is cancelled leaves nothing scheduled, so virtual time does not run on to it.
 * When due, the task runs through `ctx.soon`, which does nothing once the broker closed.
 */
export function startTimer(ctx: ModelContext, task: () => void, delayMs: number): CancelTimer {
  let live = true;
  const action = ctx.scheduler.schedule(
    () => {
      if (live) ctx.soon(() => live && task());
    },
    Math.max(0, delayMs),
  );
  return () => {
    live = false;
    action.unsubscribe();
  };
}
