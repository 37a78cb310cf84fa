import { tpKey } from './cluster';

/** What `consumer.pause` and `resume` take: whole topics, or some of their partitions. */
export type TopicPartitions = readonly { topic: string; partitions?: number[] }[];

/**
 * What the reader paused with `consumer.pause`, by whole topic or by partition. A pause is the
 * consumer's own state, not the group's: it outlives rebalances, and a paused partition that
 * comes back after one stays paused, as in kafkajs.
 */
export class PausedPartitions {
  private readonly topics = new Set<string>();
  private readonly partitions = new Set<string>();

  pause(topics: TopicPartitions): void {
    for (const { topic, partitions } of topics) {
      if (partitions === undefined) this.topics.add(topic);
      else for (const p of partitions) this.partitions.add(tpKey(topic, p));
    }
  }

  /** Resuming a whole topic also resumes each of its partitions paused on their own. */
  resume(topics: TopicPartitions): void {
    for (const { topic, partitions } of topics) {
      if (partitions === undefined) {
        this.topics.delete(topic);
        for (const key of [...this.partitions]) {
          if (key.startsWith(`${topic}/`)) this.partitions.delete(key);
        }
      } else {
        for (const p of partitions) this.partitions.delete(tpKey(topic, p));
      }
    }
  }

  /** Whether the partition `key` (`topic/partition`) of `topic` is paused. */
  has(topic: string, key: string): boolean {
    return this.topics.has(topic) || this.partitions.has(key);
  }
}
