import { tpKey, type PartitionState } from './cluster';
import type { FetchScope } from './fetch-scope';
import { PartitionFetcher } from './partition-fetcher';
import { PausedPartitions, type TopicPartitions } from './paused-partitions';
import { Permits } from './permits';

/** What a consumer gives its fetch loops; the runner adds the parts the loops share. */
export type FetchOwner = Omit<
  FetchScope,
  'paused' | 'faultDestination' | 'turns' | 'takeSeek' | 'seekPending' | 'pause' | 'resume'
>;

/**
 * The fetchers of one consumer: one loop per assigned partition (`partition-fetcher.ts`),
 * started on assignment and stopped on revoke, and what the reader steers them with: pauses,
 * seeks, and how many partitions' batches may be in the handler at once.
 */
export class FetchRunner {
  private readonly fetchers = new Map<string, PartitionFetcher>();
  /** Seeks not yet taken by their partition's loop: `topic/partition` → offset. */
  private readonly seeks = new Map<string, number>();
  private readonly paused = new PausedPartitions();
  private permits = new Permits(1);
  private readonly scope: FetchScope;

  constructor(owner: FetchOwner) {
    this.scope = {
      ...owner,
      paused: this.paused,
      // One destination per consumer: a record the gate holds back (reorder) can only be
      // overtaken by one for the same consumer, from another of its partitions.
      faultDestination: this,
      turns: () => this.permits,
      takeSeek: (key) => {
        const seek = this.seeks.get(key);
        if (seek !== undefined) this.seeks.delete(key);
        return seek;
      },
      seekPending: (key) => this.seeks.has(key),
      pause: (topic, partition) => this.pause([{ topic, partitions: [partition] }]),
      resume: (topic, partition) => this.resume([{ topic, partitions: [partition] }]),
    };
  }

  /** `partitionsConsumedConcurrently`: how many partitions' batches may be handled at once. */
  setConcurrency(partitions: number): void {
    this.permits = new Permits(Math.max(1, partitions));
  }

  /** Starts fetching a newly assigned partition. */
  start(topic: string, state: PartitionState): void {
    const fetcher = new PartitionFetcher(this.scope, topic, state);
    this.fetchers.set(fetcher.key, fetcher);
    fetcher.start();
  }

  /** Revoke: every loop finishes the message in hand; resolves when all have ended. */
  async stopAll(): Promise<void> {
    const fetchers = this.abandonAll();
    await Promise.all(fetchers.map((f) => f.done));
  }

  /** The connection or the process is gone: stop every loop without waiting for them. */
  abandonAll(): PartitionFetcher[] {
    const fetchers = [...this.fetchers.values()];
    this.fetchers.clear();
    for (const fetcher of fetchers) fetcher.stop();
    this.scope.env.ctx.gate.forget(this);
    return fetchers;
  }

  /** Moves a partition's position at its loop's next look (at once if it is waiting). */
  seek(topic: string, partition: number, offset: number): void {
    const key = tpKey(topic, partition);
    this.seeks.set(key, offset);
    this.fetchers.get(key)?.wake();
  }

  pause(topics: TopicPartitions): void {
    this.paused.pause(topics);
  }

  /** Resumes what `pause` stopped and wakes the loops that may fetch again. */
  resume(topics: TopicPartitions): void {
    this.paused.resume(topics);
    for (const fetcher of this.fetchers.values()) {
      if (!this.paused.has(fetcher.topic, fetcher.key)) fetcher.wake();
    }
  }

  /** The assigned partitions that are paused, by topic (`consumer.paused()`). */
  pausedAssignments(): { topic: string; partitions: number[] }[] {
    const byTopic = new Map<string, number[]>();
    for (const fetcher of this.fetchers.values()) {
      if (this.paused.has(fetcher.topic, fetcher.key)) {
        const list = byTopic.get(fetcher.topic) ?? [];
        list.push(fetcher.state.id);
        byTopic.set(fetcher.topic, list);
      }
    }
    return [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
  }
}
