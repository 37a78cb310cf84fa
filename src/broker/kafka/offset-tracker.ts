import { tpKey } from './cluster';
import type { ClientEnv } from './client-env';
import { kafkaEndpoint } from './endpoints';
import type {
  ConsumerRunConfig,
  OffsetsByTopicPartition,
  TopicPartitionOffsetAndMetadata,
} from './types';

/** `orders/3` (a {@link tpKey}) back to its topic and partition. */
function splitKey(key: string): { topic: string; partition: number } {
  const slash = key.lastIndexOf('/');
  return { topic: key.slice(0, slash), partition: Number(key.slice(slash + 1)) };
}

/**
 * One consumer's offsets: what its handlers have processed (resolved) and what it has committed
 * to its group. A committed offset is the next one to read (last processed + 1); only committed
 * progress survives a rebalance, a crash or a broker restart, so whatever was resolved but not
 * yet committed is read again: the reason Kafka consumers see duplicates.
 *
 * With `autoCommit` (kafkajs's default, not the Java client's 5 s timer) resolved offsets are
 * committed at the end of every batch, and mid-batch when `autoCommitInterval` (ms since the
 * last commit) or `autoCommitThreshold` (resolved messages) is reached.
 */
export class OffsetTracker {
  /** Resolved (processed) but not yet committed: `topic/partition` → next offset. */
  private readonly resolved = new Map<string, number>();
  private uncommittedCount = 0;
  private lastCommit = 0;

  constructor(
    private readonly env: ClientEnv,
    private readonly groupId: string,
    /** The consumer's trace endpoint. */
    private readonly label: string,
    private readonly runConfig: () => ConsumerRunConfig | undefined,
    /** Told of every commit that changed an offset (for kafkajs's COMMIT_OFFSETS event). */
    private readonly onCommit: (topic: string, partition: number, offset: number) => void,
  ) {}

  /** Whether the consumer commits on its own (`autoCommit`, on unless the reader turned it off). */
  get autoCommit(): boolean {
    return this.runConfig()?.autoCommit ?? true;
  }

  /** A run starts: the auto-commit interval counts from now. */
  startInterval(): void {
    this.lastCommit = this.env.ctx.scheduler.now();
  }

  /** The handler is done with the record before `next`. */
  resolve(key: string, next: number): void {
    this.resolved.set(key, next);
    this.uncommittedCount += 1;
  }

  /** A gap left by compaction: nothing was processed, but the position moves past it. */
  skipTo(key: string, next: number): void {
    this.resolved.set(key, next);
  }

  /** The next offset after the last resolved record of a partition, if any. */
  resolvedAt(key: string): number | undefined {
    return this.resolved.get(key);
  }

  /** A seek: what was resolved before it no longer says where to resume. */
  forget(key: string): void {
    this.resolved.delete(key);
  }

  /** The consumer dropped out (broker restart, process crash): uncommitted progress is lost. */
  discard(): void {
    this.resolved.clear();
    this.uncommittedCount = 0;
  }

  /** Partitions are taken away: commit what was processed (with autoCommit), forget the rest. */
  settle(): void {
    this.autoCommitResolved();
    this.discard();
  }

  /** End of a batch, or a handler failed: with autoCommit, commit everything resolved. */
  autoCommitResolved(): void {
    if (this.autoCommit) this.commitResolved();
  }

  /** kafkajs's commitOffsetsIfNecessary: by interval or by threshold, checked per message. */
  autoCommitIfDue(): void {
    // Called after every message: one read of the options, and no clock without an interval.
    const config = this.runConfig();
    if (!(config?.autoCommit ?? true)) return;
    const interval = config?.autoCommitInterval;
    const threshold = config?.autoCommitThreshold;
    const timeout =
      interval !== undefined &&
      interval !== null &&
      this.env.ctx.scheduler.now() >= this.lastCommit + interval;
    const enough =
      threshold !== undefined && threshold !== null && this.uncommittedCount >= threshold;
    if (timeout || enough) this.commitResolved();
  }

  /** Commits every resolved offset. */
  commitResolved(): void {
    for (const [key, offset] of this.resolved) {
      const { topic, partition } = splitKey(key);
      this.commit(topic, partition, offset);
    }
    this.resolved.clear();
    this.uncommittedCount = 0;
    this.lastCommit = this.env.ctx.scheduler.now();
  }

  /** Stores `offset` as the group's next offset to read for one partition. */
  commit(topic: string, partition: number, offset: number): void {
    const offsets = this.env.cluster.offsetsOf(this.groupId);
    const key = tpKey(topic, partition);
    if (offsets.get(key) === offset) return;
    offsets.set(key, offset);
    this.env.ctx.trace({
      kind: 'committed',
      from: this.label,
      to: kafkaEndpoint.group(this.groupId),
      detail: { topic, partition, offset: String(offset) },
    });
    this.onCommit(topic, partition, offset);
  }

  /**
   * `consumer.commitOffsets`: the reader commits by hand; resolved offsets it covered are no
   * longer pending.
   */
  commitOffsets(topicPartitions: readonly TopicPartitionOffsetAndMetadata[]): void {
    for (const { topic, partition, offset } of topicPartitions) {
      this.commit(topic, partition, Number(offset));
      const key = tpKey(topic, partition);
      const resolved = this.resolved.get(key);
      if (resolved !== undefined && resolved <= Number(offset)) this.resolved.delete(key);
    }
  }

  /** eachBatch's `uncommittedOffsets()`: resolved offsets not yet committed, by topic. */
  uncommitted(): OffsetsByTopicPartition {
    const byTopic = new Map<string, { partition: number; offset: string }[]>();
    for (const [key, offset] of this.resolved) {
      const { topic, partition } = splitKey(key);
      const list = byTopic.get(topic) ?? [];
      list.push({ partition, offset: String(offset) });
      byTopic.set(topic, list);
    }
    return { topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })) };
  }
}
