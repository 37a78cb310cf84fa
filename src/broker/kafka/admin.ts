import {
  checkCreatePartitions,
  checkCreateTopics,
  checkDeleteTopics,
  checkFetchOffsets,
  checkGroupTopic,
  checkTopicName,
  checkEventName,
} from './argument-checks';
import { RETENTION_RECORDS_CONFIG, tpKey, type TopicConfig } from './cluster';
import { promised } from './promised';
import { emitterFor, type InstrumentationEmitter } from './instrumentation';
import type { ClientEnv, RestartableClient } from './client-env';
import { kafkaEndpoint } from './endpoints';
import { KafkaJSNonRetriableError, unknownTopic } from './errors';
import { describeGroup } from './consumer-group';
import type { GroupDescription, ITopicConfig } from './types';

/**
 * Reads the topic config entries the simulator honours: `retention.ms`, `cleanup.policy`,
 * `delete.retention.ms`, and the simulator's own `retention.records`.
 */
function topicConfigOf(entries: ITopicConfig['configEntries']): TopicConfig {
  const out: { -readonly [K in keyof TopicConfig]: TopicConfig[K] } = {};
  for (const { name, value } of entries ?? []) {
    const number = Number(value);
    if (name === 'retention.ms') out.retentionMs = number < 0 ? Infinity : number;
    if (name === RETENTION_RECORDS_CONFIG) out.retentionRecords = number < 0 ? Infinity : number;
    if (name === 'cleanup.policy') out.compact = value.split(',').includes('compact');
    if (name === 'delete.retention.ms') out.deleteRetentionMs = number;
  }
  return out;
}

/** Event names of `admin.events`, as kafkajs spells them; CONNECT and DISCONNECT are emitted. */
export const adminEvents = {
  CONNECT: 'admin.connect',
  DISCONNECT: 'admin.disconnect',
  REQUEST: 'admin.network.request',
  REQUEST_TIMEOUT: 'admin.network.request_timeout',
  REQUEST_QUEUE_SIZE: 'admin.network.request_queue_size',
} as const;

/** A kafkajs-shaped admin client over the simulated cluster. */
export class KafkaAdmin implements RestartableClient {
  readonly events = adminEvents;
  private readonly label: string;
  private readonly emitter: InstrumentationEmitter;
  private connected = false;

  constructor(
    private readonly env: ClientEnv,
    readonly clientId: string,
  ) {
    this.label = env.label('admin', clientId);
    this.emitter = emitterFor(env.ctx.scheduler);
  }

  /** Listens to an instrumentation event (kafkajs's src/admin/index.js: CONNECT, DISCONNECT). */
  on(eventName: string, listener: (event: unknown) => void): () => void {
    checkEventName(adminEvents, 'admin', eventName);
    return this.emitter.on(eventName, listener);
  }

  /** Opens the connection. */
  connect(): Promise<void> {
    return promised(() => {
      if (this.connected) return;
      this.connected = true;
      this.env.clients.add(this);
      this.env.ctx.trace({ kind: 'connected', from: this.label, to: kafkaEndpoint.broker });
      this.emitter.emit(adminEvents.CONNECT, null);
    });
  }

  /** Closes the connection. */
  disconnect(): Promise<void> {
    return promised(() => {
      if (!this.connected) return;
      this.connected = false;
      this.env.clients.delete(this);
      this.env.ctx.trace({ kind: 'disconnected', from: this.label, to: kafkaEndpoint.broker });
      this.emitter.emit(adminEvents.DISCONNECT, null);
    });
  }

  /** RestartableClient: the process died; its connection just drops. */
  processCrashed(): void {
    if (!this.connected) return;
    this.connected = false;
    this.env.clients.delete(this);
    this.env.ctx.trace({
      kind: 'disconnected',
      from: this.label,
      to: kafkaEndpoint.broker,
      reason: 'process-crashed',
    });
  }

  /** RestartableClient: kafkajs reconnects on the next request. */
  brokerRestarted(): void {
    this.env.ctx.trace({
      kind: 'disconnected',
      from: this.label,
      to: kafkaEndpoint.broker,
      reason: 'broker-restart',
    });
  }

  /** Creates topics; resolves true if every one was created, false if any existed. */
  createTopics({
    topics,
    validateOnly = false,
  }: {
    topics: ITopicConfig[];
    validateOnly?: boolean;
    waitForLeaders?: boolean;
    timeout?: number;
  }): Promise<boolean> {
    return promised(() => {
      checkCreateTopics(topics);
      if (validateOnly) return !topics.some(({ topic }) => this.env.cluster.topics.has(topic));
      let allCreated = true;
      for (const { topic, numPartitions, configEntries } of topics) {
        // numPartitions -1 (or absent) means the broker default, as in Kafka.
        const count =
          numPartitions === undefined || numPartitions < 1
            ? this.env.cluster.defaultPartitions
            : numPartitions;
        const created = this.env.cluster.createTopic(
          topic,
          count,
          topicConfigOf(configEntries),
          this.label,
        );
        allCreated &&= created;
      }
      return allCreated;
    });
  }

  /** Adds partitions to existing topics; keyed records written afterwards may map elsewhere. */
  createPartitions({
    topicPartitions,
    validateOnly = false,
  }: {
    topicPartitions: { topic: string; count: number }[];
    validateOnly?: boolean;
    timeout?: number;
  }): Promise<boolean> {
    return promised(() => {
      checkCreatePartitions(topicPartitions);
      const cluster = this.env.cluster;
      for (const { topic, count } of topicPartitions) {
        const state = cluster.topics.get(topic);
        if (state === undefined) throw unknownTopic(topic);
        if (count <= state.partitions.length) {
          throw new KafkaJSNonRetriableError(
            `Topic currently has ${state.partitions.length} partitions, which is higher than the requested ${count}.`,
          );
        }
      }
      // validateOnly: the broker checks the request and changes nothing.
      if (!validateOnly) {
        for (const { topic, count } of topicPartitions) cluster.growTopic(topic, count);
      }
      return true;
    });
  }

  /** Deletes topics and their records. */
  deleteTopics({ topics }: { topics: string[]; timeout?: number }): Promise<void> {
    return promised(() => {
      checkDeleteTopics(topics);
      for (const topic of topics) {
        if (!this.env.cluster.topics.has(topic)) throw unknownTopic(topic);
      }
      for (const topic of topics) this.env.cluster.deleteTopic(topic);
    });
  }

  /** Every topic name. */
  listTopics(): Promise<string[]> {
    return promised(() => {
      return [...this.env.cluster.topics.keys()];
    });
  }

  /** Every group that has members or committed offsets. */
  listGroups(): Promise<{ groups: { groupId: string; protocolType: string }[] }> {
    return promised(() => {
      const ids = new Set([...this.env.groups.keys(), ...this.env.cluster.committed.keys()]);
      return { groups: [...ids].map((groupId) => ({ groupId, protocolType: 'consumer' })) };
    });
  }

  /** Describes consumer groups: members and state. */
  describeGroups(groupIds: string[]): Promise<{ groups: GroupDescription[] }> {
    return Promise.resolve({
      groups: groupIds.map((groupId) => describeGroup(this.env.groups.get(groupId), groupId)),
    });
  }

  /** Low and high watermarks per partition; `offset` is the high watermark, as in kafkajs. */
  fetchTopicOffsets(
    topic: string,
  ): Promise<{ partition: number; offset: string; high: string; low: string }[]> {
    return promised(() => {
      checkTopicName(topic);
      const state = this.env.cluster.topics.get(topic);
      if (state === undefined) throw unknownTopic(topic);
      return state.partitions.map((p) => ({
        partition: p.id,
        offset: String(p.log.end),
        high: String(p.log.end),
        low: String(p.log.start),
      }));
    });
  }

  /** A group's committed offsets; '-1' where it has committed nothing. */
  fetchOffsets({
    groupId,
    topics,
  }: {
    groupId: string;
    topics?: string[];
    resolveOffsets?: boolean;
  }): Promise<
    {
      topic: string;
      partitions: { partition: number; offset: string; metadata: string | null }[];
    }[]
  > {
    return promised(() => {
      // No topics, or [], means every topic the group committed to, as kafkajs documents.
      const asked = checkFetchOffsets(groupId, topics) as string[];
      const cluster = this.env.cluster;
      const offsets = cluster.committed.get(groupId);
      const names =
        asked.length > 0
          ? asked
          : [...cluster.topics.keys()].filter((name) =>
              [...(offsets?.keys() ?? [])].some((key) => key.startsWith(`${name}/`)),
            );
      return names.map((topic) => {
        const state = cluster.topics.get(topic);
        if (state === undefined) throw unknownTopic(topic);
        return {
          topic,
          partitions: state.partitions.map((p) => ({
            partition: p.id,
            offset: String(offsets?.get(tpKey(topic, p.id)) ?? -1),
            metadata: null,
          })),
        };
      });
    });
  }

  /** Moves a group's committed offsets to the earliest or latest (the group must be empty). */
  resetOffsets({
    groupId,
    topic,
    earliest = false,
  }: {
    groupId: string;
    topic: string;
    earliest?: boolean;
  }): Promise<void> {
    return promised(() => {
      checkGroupTopic(groupId, topic);
      this.assertEmpty(groupId);
      const state = this.env.cluster.topics.get(topic);
      if (state === undefined) throw unknownTopic(topic);
      const offsets = this.env.cluster.offsetsOf(groupId);
      for (const p of state.partitions) {
        offsets.set(tpKey(topic, p.id), earliest ? p.log.start : p.log.end);
      }
    });
  }

  /** Sets a group's committed offsets (the group must be empty). */
  setOffsets({
    groupId,
    topic,
    partitions,
  }: {
    groupId: string;
    topic: string;
    partitions: { partition: number; offset: string }[];
  }): Promise<void> {
    return promised(() => {
      checkGroupTopic(groupId, topic, partitions);
      this.assertEmpty(groupId);
      const offsets = this.env.cluster.offsetsOf(groupId);
      for (const { partition, offset } of partitions)
        offsets.set(tpKey(topic, partition), Number(offset));
    });
  }

  private assertEmpty(groupId: string): void {
    if ((this.env.groups.get(groupId)?.members.size ?? 0) > 0) {
      throw new KafkaJSNonRetriableError(
        `The consumer group must have no running instances, current state: Stable`,
      );
    }
  }
}
