import type { ClientEnv } from './client-env';
import type { PartitionState } from './cluster';
import type { KafkaJSNumberOfRetriesExceeded } from './errors';
import type { OffsetTracker } from './offset-tracker';
import type { PausedPartitions } from './paused-partitions';
import type { Permits } from './permits';
import type { RetrySettings } from './retry-times';
import type { ConsumerRunConfig } from './types';

/**
 * What the fetch loop of one assigned partition works with: its consumer's identity, run
 * options and offsets (from `consumer.ts`), and the pauses, seeks and turns its consumer's
 * fetchers share (from `fetch-runner.ts`).
 */
export interface FetchScope {
  readonly env: ClientEnv;
  /** The consumer's trace endpoint. */
  readonly label: string;
  readonly groupId: string;
  /** Who this consumer's records are for in the fault draws (`recordDestination`). */
  readonly destinationKey: string;
  readonly offsets: OffsetTracker;
  readonly paused: PausedPartitions;
  /** Where the fault gate holds and releases this consumer's records (one per consumer). */
  readonly faultDestination: object;
  /** The reader's `consumer.run` options. */
  runConfig(): ConsumerRunConfig | undefined;
  /** Batches of the consumer's partitions take turns here (`partitionsConsumedConcurrently`). */
  turns(): Permits;
  retry(): RetrySettings;
  /** auto.offset.reset for `topic`: earliest with `fromBeginning`, else latest. */
  fromBeginning(topic: string): boolean;
  /** Whether the consumer is running (eachBatch's `isRunning()`). */
  isRunning(): boolean;
  /** A seek the reader asked for on partition `key`, removed as it is taken. */
  takeSeek(key: string): number | undefined;
  /** Whether a seek waits on partition `key`: the batch in hand is stale. */
  seekPending(key: string): boolean;
  /** Pauses one partition from inside a handler; `resume` undoes it and wakes its loop. */
  pause(topic: string, partition: number): void;
  resume(topic: string, partition: number): void;
  /** The last retry of a handler failed: the consumer crashes (leaves, CRASH, maybe restarts). */
  crash(error: KafkaJSNumberOfRetriesExceeded, retryTime: number): void;
}

/** One assigned partition as its fetch loop hands it over: `position` moves as records are done. */
export interface FetchedPartition {
  /** `topic/partition`, as offsets and pauses are keyed. */
  readonly key: string;
  readonly topic: string;
  readonly state: PartitionState;
  /** The next offset to hand over. */
  position: number;
  /** False once the partition was revoked or the consumer stopped. */
  readonly active: boolean;
  /** Until the next wait: `abandon` runs when the loop is stopped or sought elsewhere. */
  abandonOnStop(abandon: () => void): void;
}
