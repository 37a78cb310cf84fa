import type { SchedulerLike } from 'rxjs';
import type { FaultSettings } from './fault-settings';
import type { TraceFields } from './trace-event';

/** How long (virtual ms) a reordered delivery waits for a later one to overtake it. */
export const reorderWindowMs = 50;

/** One hand-over to a destination, as the fault gate sees it. */
export interface GatedDelivery {
  readonly messageId: string;
  /** Trace endpoints of this hop. */
  readonly from: string;
  readonly to: string;
  /**
   * Who the delivery is for, in the draws, when `to` may name a different client from run to
   * run (Kafka numbers clients that share a clientId in the order they were made); else `to`.
   */
  readonly destinationKey?: string;
  /** Hands the message over; `duplicate` is true for the extra copy a duplicate fault makes. */
  deliver(duplicate: boolean): void;
  /** The message is gone (fault-drop); lets the model release what it held for it. */
  lost?(): void;
}

/** Deliveries whose attempt count the gate remembers (a requeued message comes back). */
const attemptMemory = 10_000;

/**
 * Applies the reader's faults (drop, duplicate, delay with jitter, reorder) where a message is
 * handed to a consumer. Each draw is keyed by the delivery (message id, destination, attempt)
 * and the seed, not by its place in a sequence: services run in real threads and their calls
 * interleave differently from run to run, yet the same seed still drops or duplicates the
 * same deliveries.
 */
export class FaultGate {
  private readonly held = new Map<object, GatedDelivery>();
  private readonly attempts = new Map<string, number>();

  constructor(
    private readonly scheduler: SchedulerLike,
    /** The model's trace: its name is stamped on each event. */
    private readonly trace: (fields: Omit<TraceFields, 'model'>) => void,
    private readonly draw: (key: string) => number,
    private readonly faults: () => FaultSettings,
  ) {}

  /** Passes `delivery` to `destination` through the faults in force. */
  pass(destination: object, delivery: GatedDelivery): void {
    const f = this.faults();
    const { messageId, from, to } = delivery;
    const hop = `${messageId}>${delivery.destinationKey ?? to}`;
    const attempt = (this.attempts.get(hop) ?? 0) + 1;
    this.attempts.delete(hop);
    this.attempts.set(hop, attempt);
    if (this.attempts.size > attemptMemory) {
      this.attempts.delete(this.attempts.keys().next().value as string);
    }
    const key = `${hop}#${attempt}`;
    const random = (fault: string): number => this.draw(`${key}|${fault}`);
    if (f.drop > 0 && random('drop') < f.drop) {
      this.trace({ kind: 'dropped', from, to, messageId, reason: 'fault-drop' });
      delivery.lost?.();
      this.releaseHeld(destination);
      return;
    }
    const copies = f.duplicate > 0 && random('duplicate') < f.duplicate ? 2 : 1;
    let delay = f.delayMs;
    if (f.jitterMs > 0) delay += random('jitter') * f.jitterMs;
    const reorder = f.reorder > 0 && random('reorder') < f.reorder;

    const handOver = (): void => {
      delivery.deliver(false);
      if (copies === 2) {
        this.trace({ kind: 'duplicated', from, to, messageId, reason: 'fault-duplicate' });
        delivery.deliver(true);
      }
    };

    if (reorder && !this.held.has(destination)) {
      this.trace({ kind: 'delayed', from, to, messageId, reason: 'fault-reorder' });
      const holder: GatedDelivery = { messageId, from, to, deliver: handOver };
      this.held.set(destination, holder);
      // If nothing overtakes it in time, it goes anyway: reordering must not become loss.
      this.scheduler.schedule(() => {
        if (this.held.get(destination) === holder) this.releaseHeld(destination);
      }, delay + reorderWindowMs);
      return;
    }
    if (delay > 0) {
      this.trace({
        kind: 'delayed',
        from,
        to,
        messageId,
        reason: 'fault-delay',
        detail: { delayMs: delay },
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
