import type { Subscription } from 'rxjs';
import type { ModelContext } from '../core/model-context';
import { kafkaEndpoint } from './endpoints';
import { PartitionLog, type StoredBytes } from './partition-log';
import type { IHeaders } from './types';

/** Broker-wide settings of the simulated Kafka (a `server.properties` of sorts). */
export interface KafkaModelOptions {
  /** `num.partitions`: partitions of an auto-created topic. Kafka's default is 1. */
  readonly defaultPartitions?: number;
  /** `auto.create.topics.enable`. Kafka's default is true. */
  readonly autoCreateTopics?: boolean;
  /** `log.retention.ms`; Kafka ships 168 h. Records older than this are dropped from the head. */
  readonly retentionMs?: number;
  /**
   * Records kept per partition before the oldest are dropped. Kafka bounds logs by bytes and
   * time, not by count; the simulator adds a count cap so a browser tab's memory stays bounded.
   */
  readonly retentionRecords?: number;
  /** Delay before a restarted broker lets clients back in (kafkajs retries after ~300 ms). */
  readonly reconnectDelayMs?: number;
  /**
   * How long after an append the log cleaner compacts a `cleanup.policy=compact` partition
   * (Kafka waits for segments to roll and `log.cleaner.backoff.ms`; default here 5 s).
   */
  readonly compactionDelayMs?: number;
}

/** Per-topic settings from `createTopics` config entries. */
export interface TopicConfig {
  readonly retentionMs?: number;
  readonly retentionRecords?: number;
  /** `cleanup.policy` includes `compact`. */
  readonly compact?: boolean;
  /** `delete.retention.ms`: how long a tombstone outlives compaction (Kafka: 24 h). */
  readonly deleteRetentionMs?: number;
}

/** A topic: its partition logs and retention settings. */
export interface TopicState {
  readonly name: string;
  readonly partitions: PartitionState[];
  retentionMs: number;
  retentionRecords: number;
  readonly compact: boolean;
  readonly deleteRetentionMs: number;
}

/** One partition: its log and the fetchers waiting for new records. */
export interface PartitionState {
  readonly topic: string;
  readonly id: number;
  readonly log: PartitionLog;
  /** Label used in trace endpoints: `topic:orders/0`. */
  readonly label: string;
  waiters: (() => void)[];
  wakeScheduled: boolean;
  retentionTimer: Subscription | undefined;
  cleanerTimer: Subscription | undefined;
}

/** Retention records setting: simulator-only topic config entry (Kafka has none by count). */
export const RETENTION_RECORDS_CONFIG = 'retention.records';

/**
 * The durable side of the simulated broker: topics and their logs, committed offsets per
 * group. It survives `restart()`; connections and group membership do not.
 */
export class Cluster {
  readonly topics = new Map<string, TopicState>();
  /** groupId → `topic/partition` → next offset to read. */
  readonly committed = new Map<string, Map<string, number>>();
  readonly defaultPartitions: number;
  readonly autoCreateTopics: boolean;
  readonly retentionMs: number;
  readonly retentionRecords: number;
  readonly reconnectDelayMs: number;
  readonly compactionDelayMs: number;
  /** Called when a topic appears or grows, so groups can rebalance. */
  onTopologyChange: (topic: string) => void = () => undefined;

  constructor(
    readonly ctx: ModelContext,
    options: KafkaModelOptions = {},
  ) {
    this.defaultPartitions = options.defaultPartitions ?? 1;
    this.autoCreateTopics = options.autoCreateTopics ?? true;
    this.retentionMs = options.retentionMs ?? 168 * 3600 * 1000;
    this.retentionRecords = options.retentionRecords ?? 100_000;
    this.reconnectDelayMs = options.reconnectDelayMs ?? 300;
    this.compactionDelayMs = options.compactionDelayMs ?? 5000;
  }

  /** Creates a topic; false when it already exists. */
  createTopic(
    name: string,
    numPartitions: number,
    config: TopicConfig = {},
    by: string = kafkaEndpoint.broker,
  ): boolean {
    if (this.topics.has(name)) return false;
    const compact = config.compact ?? false;
    const topic: TopicState = {
      name,
      partitions: [],
      // cleanup.policy=compact alone deletes nothing by age; compact,delete does both.
      retentionMs: config.retentionMs ?? (compact ? Infinity : this.retentionMs),
      retentionRecords: config.retentionRecords ?? this.retentionRecords,
      compact,
      deleteRetentionMs: config.deleteRetentionMs ?? 86_400_000,
    };
    this.topics.set(name, topic);
    this.addPartitions(topic, Math.max(1, numPartitions));
    this.ctx.trace({
      kind: 'declared',
      from: by,
      to: kafkaEndpoint.topic(name),
      detail: { partitions: topic.partitions.length },
    });
    this.onTopologyChange(name);
    return true;
  }

  /** Grows a topic to `count` partitions; existing records stay where they are. */
  growTopic(name: string, count: number): void {
    const topic = this.topics.get(name);
    if (topic === undefined || count <= topic.partitions.length) return;
    this.addPartitions(topic, count);
    this.onTopologyChange(name);
  }

  private addPartitions(topic: TopicState, count: number): void {
    for (let id = topic.partitions.length; id < count; id++) {
      topic.partitions.push({
        topic: topic.name,
        id,
        log: new PartitionLog(),
        label: kafkaEndpoint.topicPartition(topic.name, id),
        waiters: [],
        wakeScheduled: false,
        retentionTimer: undefined,
        cleanerTimer: undefined,
      });
    }
  }

  /** Deletes a topic and its records; committed offsets for it are forgotten. */
  deleteTopic(name: string): boolean {
    const topic = this.topics.get(name);
    if (topic === undefined) return false;
    for (const partition of topic.partitions) {
      partition.retentionTimer?.unsubscribe();
      partition.cleanerTimer?.unsubscribe();
      this.wake(partition);
    }
    this.topics.delete(name);
    for (const offsets of this.committed.values()) {
      for (const key of [...offsets.keys()]) {
        if (key.startsWith(`${name}/`) && key.slice(name.length + 1).match(/^\d+$/)) {
          offsets.delete(key);
        }
      }
    }
    this.onTopologyChange(name);
    return true;
  }

  /** Appends one record and applies retention; returns the offset. */
  append(
    partition: PartitionState,
    key: StoredBytes,
    value: StoredBytes,
    messageId: string,
    timestamp: number,
    headers: IHeaders | undefined,
  ): number {
    const log = partition.log;
    const offset = log.append(key, value, messageId, timestamp, headers);
    const topic = this.topics.get(partition.topic);
    if (topic !== undefined) {
      if (log.size > topic.retentionRecords) {
        this.truncate(partition, log.end - topic.retentionRecords);
      }
      if (Number.isFinite(topic.retentionMs) && partition.retentionTimer === undefined) {
        this.scheduleRetention(topic, partition);
      }
      if (topic.compact) this.scheduleCleaner(topic, partition, this.compactionDelayMs);
    }
    if (partition.waiters.length > 0 && !partition.wakeScheduled) {
      // Fetchers waiting at the end of the log are woken through the scheduler, so delivery
      // happens in the broker's time (virtual in tests, scaled in the browser).
      partition.wakeScheduled = true;
      this.ctx.scheduler.schedule(() => {
        partition.wakeScheduled = false;
        this.wake(partition);
      });
    }
    return offset;
  }

  /** Resolves every fetcher waiting on this partition. */
  wake(partition: PartitionState): void {
    const waiters = partition.waiters;
    partition.waiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Resolves when the partition has news (an append, a truncation, a deletion). */
  waitForData(partition: PartitionState): Promise<void> {
    return new Promise((resolve) => partition.waiters.push(resolve));
  }

  private scheduleCleaner(topic: TopicState, partition: PartitionState, delay: number): void {
    if (partition.cleanerTimer !== undefined) return;
    partition.cleanerTimer = this.ctx.scheduler.schedule(
      () => {
        partition.cleanerTimer = undefined;
        if (this.topics.get(topic.name) === topic) this.compact(topic, partition);
      },
      Math.max(0, delay),
    );
  }

  /**
   * The log cleaner: keeps only the latest record per key (docs/broker-semantics.md, Kafka 11).
   * Offsets do not move, so readers see gaps. A tombstone (null value) is itself removed once it is
   * older than delete.retention.ms, so consumers that were behind still see the delete.
   */
  private compact(topic: TopicState, partition: PartitionState): void {
    const log = partition.log;
    const latest = new Map<string, number>();
    for (let offset = log.start; offset < log.end; offset++) {
      const record = log.read(offset);
      if (record !== undefined && record.key !== null) latest.set(keyIdentity(record.key), offset);
    }
    const now = this.ctx.scheduler.now();
    let nextTombstone = Infinity;
    for (let offset = log.start; offset < log.end; offset++) {
      const record = log.read(offset);
      if (record === undefined || record.key === null) continue;
      let reason: string | undefined;
      if (latest.get(keyIdentity(record.key)) !== offset) reason = 'compaction';
      else if (record.value === null) {
        const due = record.timestamp + topic.deleteRetentionMs;
        if (due <= now) reason = 'tombstone-expired';
        else nextTombstone = Math.min(nextTombstone, due);
      }
      if (reason === undefined) continue;
      log.remove(offset);
      this.ctx.trace({
        kind: 'dropped',
        from: partition.label,
        to: partition.label,
        messageId: record.messageId,
        reason,
        detail: { partition: partition.id, offset: String(offset) },
      });
    }
    if (Number.isFinite(nextTombstone)) this.scheduleCleaner(topic, partition, nextTombstone - now);
  }

  private truncate(partition: PartitionState, newStart: number): void {
    partition.log.truncateBefore(newStart, (offset, messageId) => {
      this.ctx.trace({
        kind: 'dropped',
        from: partition.label,
        to: partition.label,
        messageId,
        reason: 'retention',
        detail: { partition: partition.id, offset: String(offset) },
      });
    });
  }

  /** Time retention: one timer per partition, due when the oldest record expires. */
  private scheduleRetention(topic: TopicState, partition: PartitionState): void {
    const log = partition.log;
    const oldest = log.timestampAt(log.start);
    if (oldest === undefined) return;
    const due = Math.max(0, oldest + topic.retentionMs - this.ctx.scheduler.now());
    partition.retentionTimer = this.ctx.scheduler.schedule(() => {
      partition.retentionTimer = undefined;
      if (this.topics.get(topic.name) !== topic) return;
      const now = this.ctx.scheduler.now();
      let cut = log.start;
      while (cut < log.end && (log.timestampAt(cut) ?? Infinity) + topic.retentionMs <= now) cut++;
      this.truncate(partition, cut);
      if (log.size > 0) this.scheduleRetention(topic, partition);
    }, due);
  }

  /** Committed offsets of one group, created on first use. */
  offsetsOf(groupId: string): Map<string, number> {
    let offsets = this.committed.get(groupId);
    if (offsets === undefined) {
      offsets = new Map();
      this.committed.set(groupId, offsets);
    }
    return offsets;
  }
}

/** One string per distinct key byte sequence (text and bytes with the same UTF-8 are equal). */
function keyIdentity(key: string | Uint8Array): string {
  const bytes = typeof key === 'string' ? new TextEncoder().encode(key) : key;
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

/** Key of a topic-partition in offset maps. */
export function tpKey(topic: string, partition: number): string {
  return `${topic}/${partition}`;
}
