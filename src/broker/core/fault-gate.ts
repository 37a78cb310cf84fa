import type { SchedulerLike } from 'rxjs';
import type { BrokerModel } from './trace-event';
import type { FaultSettings } from './fault-settings';
import type { TraceHub } from './trace-hub';

/** How long (virtual ms) a reordered delivery waits for a later one to overtake it. */
export const reorderWindowMs = 50;

/** One hand-over to a destination, as the fault gate sees it. */
export interface GatedDelivery {
  readonly messageId: string;
  /** Trace endpoints of this hop. */
  readonly from: string;
  readonly to: string;
  /** Hands the message over; `duplicate` is true for the extra copy a duplicate fault makes. */
  deliver(duplicate: boolean): void;
  /** The message is gone (fault-drop); lets the model release what it held for it. */
  lost?(): void;
}

/**
 * Applies the reader's faults (drop, duplicate, delay with jitter, reorder) where a message is
 * handed to a consumer. Every draw uses the broker's seeded PRNG, in a fixed order, and only for
 * faults switched on, so the same seed and the same calls replay the same trace.
 */
export class FaultGate {
  private readonly held = new Map<object, GatedDelivery>();

  constructor(
    private readonly model: BrokerModel,
    private readonly scheduler: SchedulerLike,
    private readonly hub: TraceHub,
    private readonly random: () => number,
    private readonly faults: () => FaultSettings,
  ) {}

  /** Passes `delivery` to `destination` through the faults in force. */
  pass(destination: object, delivery: GatedDelivery): void {
    const f = this.faults();
    const { messageId, from, to } = delivery;
    if (f.drop > 0 && this.random() < f.drop) {
      this.hub.emit('dropped', this.model, from, to, messageId, 'fault-drop');
      delivery.lost?.();
      this.releaseHeld(destination);
      return;
    }
    const copies = f.duplicate > 0 && this.random() < f.duplicate ? 2 : 1;
    let delay = f.delayMs;
    if (f.jitterMs > 0) delay += this.random() * f.jitterMs;
    const reorder = f.reorder > 0 && this.random() < f.reorder;

    const handOver = (): void => {
      delivery.deliver(false);
      if (copies === 2) {
        this.hub.emit('duplicated', this.model, from, to, messageId, 'fault-duplicate');
        delivery.deliver(true);
      }
    };

    if (reorder && !this.held.has(destination)) {
      this.hub.emit('delayed', this.model, from, to, messageId, 'fault-reorder');
      const holder: GatedDelivery = { messageId, from, to, deliver: handOver };
      this.held.set(destination, holder);
      // If nothing overtakes it in time, it goes anyway: reordering must not become loss.
      this.scheduler.schedule(() => {
        if (this.held.get(destination) === holder) this.releaseHeld(destination);
      }, delay + reorderWindowMs);
      return;
    }
    if (delay > 0) {
      this.hub.emit('delayed', this.model, from, to, messageId, 'fault-delay', undefined, {
        delayMs: delay,
      });
      this.scheduler.schedule(() => {
        handOver();
        this.releaseHeld(destination);
      }, delay);
      return;
    }
    handOver();
    this.releaseHeld(destination);
  }

  /** Forgets what is held for a destination that went away. */
  forget(destination: object): void {
    this.held.delete(destination);
  }

  private releaseHeld(destination: object): void {
    const holder = this.held.get(destination);
    if (!holder) return;
    this.held.delete(destination);
    holder.deliver(false);
  }
}

/** Whether any fault is switched on: lets the models skip the gate on the hot path. */
export function faultsActive(f: FaultSettings): boolean {
  return f.drop > 0 || f.duplicate > 0 || f.delayMs > 0 || f.jitterMs > 0 || f.reorder > 0;
}
