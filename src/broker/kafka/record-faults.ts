import type { FaultGate } from '../core/fault-gate';
import { kafkaEndpoint } from './endpoints';

/**
 * What became of one record sent to a consumer through the reader's faults:
 * - `arrived`: it reached the consumer (after any delay); `twice` when a duplicate fault hands
 *   it over a second time;
 * - `lost`: a drop fault lost the fetch response carrying it. The record itself is safe in the
 *   log, and the consumer's position only moves when its handler is done, so the consumer
 *   fetches from this record again (see `partition-fetcher.ts`);
 * - `stale`: the consumer stopped fetching this partition first (revoked, stopped, or sought
 *   elsewhere); whatever the gate does later with the record is ignored.
 */
export interface RecordFate {
  readonly outcome: 'arrived' | 'lost' | 'stale';
  readonly twice: boolean;
}

/** One record on its way from a partition to a consumer. */
export interface RecordHop {
  readonly messageId: string;
  /** Trace endpoints: the partition and the consumer. */
  readonly from: string;
  readonly to: string;
  /** Who the record is for in the draws: see {@link recordDestination}. */
  readonly destinationKey: string;
}

/**
 * A consumer as the fault draws know it: its group and clientId. Not its trace endpoint,
 * which numbers clients sharing a clientId in the order they were made (`consumer:app#2`), an
 * order that changes with the order services start in.
 */
export function recordDestination(groupId: string, clientId: string): string {
  return `${kafkaEndpoint.group(groupId)}/${clientId}`;
}

/**
 * Passes one record through the model's fault gate to `consumer` and resolves with its fate.
 * The gate draws each fault from the record's message id, the consumer's group and clientId,
 * and the attempt, so the same seed meets the same faults whatever order consumers started in; a
 * record fetched again (after a lost fetch, a handler retry or a rebalance) is a new attempt.
 *
 * `arrived` runs when the record reaches the consumer, once, to trace its delivery at that
 * moment. `abandonOn` is given a function that settles the fate as `stale`: the caller calls
 * it when the consumer stops waiting for this record.
 */
export function passRecord(
  gate: FaultGate,
  consumer: object,
  hop: RecordHop,
  arrived: () => void,
  abandonOn: (abandon: () => void) => void,
): Promise<RecordFate> {
  return new Promise((resolve) => {
    // The gate hands over the original, then (for a duplicate) the copy, in one synchronous
    // step: the fate is resolved on the first and still mutable when the copy comes.
    const fate = { outcome: 'stale' as RecordFate['outcome'], twice: false };
    let settled = false;
    const settle = (outcome: RecordFate['outcome']): boolean => {
      if (settled) return false;
      settled = true;
      fate.outcome = outcome;
      resolve(fate);
      return true;
    };
    abandonOn(() => settle('stale'));
    gate.pass(consumer, {
      ...hop,
      deliver(duplicate) {
        if (!duplicate) {
          if (settle('arrived')) arrived();
        } else if (fate.outcome === 'arrived') {
          fate.twice = true;
        }
      },
      lost() {
        settle('lost');
      },
    });
  });
}
