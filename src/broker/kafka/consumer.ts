import {
  checkConsumerTimes,
  checkEventName,
  checkPauseEntries,
  checkTopicPartitionOffset,
  notInitializedMessage,
} from './argument-checks';
import { promised } from './promised';
import type { ClientEnv, RestartableClient } from './client-env';
import { describeGroup, type ConsumerGroup, type GroupMember } from './consumer-group';
import { kafkaEndpoint } from './endpoints';
import { KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded } from './errors';
import { FetchRunner } from './fetch-runner';
import { emitterFor, type InstrumentationEmitter } from './instrumentation';
import { OffsetTracker } from './offset-tracker';
import type { TopicPartitions } from './paused-partitions';
import { recordDestination } from './record-faults';
import { retrySettings } from './retry-times';
import type {
  ConsumerConfig,
  ConsumerRunConfig,
  GroupDescription,
  MemberAssignment,
  TopicPartitionOffsetAndMetadata,
} from './types';

/** Event names of `consumer.events`, as kafkajs spells them. */
export const consumerEvents = {
  HEARTBEAT: 'consumer.heartbeat',
  COMMIT_OFFSETS: 'consumer.commit_offsets',
  GROUP_JOIN: 'consumer.group_join',
  FETCH: 'consumer.fetch',
  FETCH_START: 'consumer.fetch_start',
  START_BATCH_PROCESS: 'consumer.start_batch_process',
  END_BATCH_PROCESS: 'consumer.end_batch_process',
  CONNECT: 'consumer.connect',
  DISCONNECT: 'consumer.disconnect',
  STOP: 'consumer.stop',
  CRASH: 'consumer.crash',
  REBALANCING: 'consumer.rebalancing',
  RECEIVED_UNSUBSCRIBED_TOPICS: 'consumer.received_unsubscribed_topics',
  REQUEST: 'consumer.network.request',
  REQUEST_TIMEOUT: 'consumer.network.request_timeout',
  REQUEST_QUEUE_SIZE: 'consumer.network.request_queue_size',
} as const;

/**
 * A kafkajs-shaped consumer: the `Consumer` a sandbox gets from `kafka.consumer()`. It joins
 * its group, fetches the partitions assigned to it (`fetch-runner.ts`), and keeps its offsets
 * (`offset-tracker.ts`). Batches, auto-commit, retries and crashes follow kafkajs 2.x's runner
 * (src/consumer/runner.js): a throwing handler is retried from the last resolved offset with
 * backoff, and after `retry.retries` the consumer crashes, leaves the group and restarts.
 */
export class KafkaConsumer implements GroupMember, RestartableClient {
  readonly events = consumerEvents;
  readonly label: string;
  memberId = '';
  private readonly groupId: string;
  private readonly group: ConsumerGroup;
  private readonly emitter: InstrumentationEmitter;
  private readonly subscriptions = new Map<string, { fromBeginning: boolean }>();
  private readonly offsets: OffsetTracker;
  private readonly runner: FetchRunner;
  private connected = false;
  private running = false;
  private runConfig: ConsumerRunConfig | undefined;
  private generation = 0;
  private joined: (() => void) | undefined;

  constructor(
    private readonly env: ClientEnv,
    readonly clientId: string,
    private readonly config: ConsumerConfig,
  ) {
    if (typeof config.groupId !== 'string' || config.groupId === '') {
      throw new KafkaJSNonRetriableError('Consumer groupId must be a non-empty string.');
    }
    checkConsumerTimes(config);
    const groupId = config.groupId;
    this.groupId = groupId;
    this.group = env.group(groupId);
    this.label = env.label('consumer', clientId);
    this.emitter = emitterFor(env.ctx.scheduler);
    this.offsets = new OffsetTracker(
      env,
      groupId,
      this.label,
      () => this.runConfig,
      (topic, partition, offset) => this.emitCommit(topic, partition, offset),
    );
    this.runner = new FetchRunner({
      env,
      label: this.label,
      groupId,
      destinationKey: recordDestination(groupId, clientId),
      offsets: this.offsets,
      runConfig: () => this.runConfig,
      retry: () => retrySettings(config.retry),
      fromBeginning: (topic) => this.subscriptions.get(topic)?.fromBeginning ?? false,
      isRunning: () => this.running,
      crash: (error, retryTime) => void this.crash(error, retryTime),
    });
  }

  /** Subscribed topic names (GroupMember). */
  get topics(): readonly string[] {
    return [...this.subscriptions.keys()];
  }

  /** Opens the connection. */
  connect(): Promise<void> {
    return promised(() => {
      if (this.connected) return;
      this.connected = true;
      this.env.clients.add(this);
      this.env.ctx.trace({ kind: 'connected', from: this.label, to: kafkaEndpoint.broker });
      this.emitter.emit(consumerEvents.CONNECT, null);
    });
  }

  /** Stops consuming and closes the connection. */
  async disconnect(): Promise<void> {
    await this.stop();
    if (!this.connected) return;
    this.connected = false;
    this.env.clients.delete(this);
    this.env.ctx.trace({ kind: 'disconnected', from: this.label, to: kafkaEndpoint.broker });
    this.emitter.emit(consumerEvents.DISCONNECT, null);
  }

  /** Subscribes to topics (names or RegExps over existing topics) before `run`. */
  subscribe(subscription: {
    topic?: string | RegExp;
    topics?: (string | RegExp)[];
    fromBeginning?: boolean;
  }): Promise<void> {
    return promised(() => {
      if (this.running) {
        throw new KafkaJSNonRetriableError('Cannot subscribe to topic while consumer is running');
      }
      const { topic, topics, fromBeginning = false } = subscription;
      if (topic === undefined && topics === undefined) {
        throw new KafkaJSNonRetriableError('Missing required argument "topics"');
      }
      if (topics !== undefined && !Array.isArray(topics)) {
        throw new KafkaJSNonRetriableError('Argument "topics" must be an array');
      }
      const wanted = topics ?? (topic === undefined ? [] : [topic]);
      const cluster = this.env.cluster;
      for (const entry of wanted) {
        if (entry instanceof RegExp) {
          for (const name of cluster.topics.keys()) {
            if (entry.test(name)) this.subscriptions.set(name, { fromBeginning });
          }
        } else if (typeof entry === 'string') {
          if (!cluster.topics.has(entry)) {
            // kafkajs's metadata request asks the broker to auto-create subscribed topics.
            if ((this.config.allowAutoTopicCreation ?? true) && cluster.autoCreateTopics) {
              cluster.createTopic(entry, cluster.defaultPartitions, {}, this.label);
            }
          }
          this.subscriptions.set(entry, { fromBeginning });
        } else {
          throw new KafkaJSNonRetriableError(
            `Invalid topic ${String(entry)} (${typeof entry}), the topic name has to be a String or a RegExp`,
          );
        }
      }
    });
  }

  /** Joins the group and starts consuming; resolves once the first assignment arrived. */
  async run(config: ConsumerRunConfig = {}): Promise<void> {
    if (this.running) return;
    if (config.eachMessage === undefined && config.eachBatch === undefined) {
      throw new KafkaJSNonRetriableError('Consumer must have either eachMessage or eachBatch');
    }
    this.runConfig = config;
    this.runner.setConcurrency(config.partitionsConsumedConcurrently ?? 1);
    await this.start();
  }

  private start(): Promise<void> {
    if (!this.connected) void this.connect();
    this.running = true;
    // kafkajs member ids are `${clientId}-${uuid}`; the suffix comes from the seeded PRNG so
    // the sort order the RoundRobin assigner sees replays with the seed.
    const suffix = Math.floor(this.env.ctx.random() * 0xffffffff)
      .toString(16)
      .padStart(8, '0');
    this.memberId = `${this.clientId}-${suffix}`;
    this.offsets.startInterval();
    const joined = new Promise<void>((resolve) => (this.joined = resolve));
    this.group.join(this);
    return joined;
  }

  /** Stops consuming: finishes the message in hand, commits, leaves the group. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.revoke();
    this.group.leave(this.memberId);
    this.joined?.();
    this.joined = undefined;
    this.emitter.emit(consumerEvents.STOP, null);
  }

  /** GroupMember: stop every fetcher, wait for in-flight handlers, auto-commit. */
  async revoke(): Promise<void> {
    await this.runner.stopAll();
    this.offsets.settle();
  }

  /** GroupMember: start fetching the assigned partitions. */
  assign(generation: number, assignment: MemberAssignment, leaderId: string): void {
    if (!this.running) return;
    this.generation = generation;
    for (const [topic, partitions] of Object.entries(assignment)) {
      const state = this.env.cluster.topics.get(topic);
      if (state === undefined) continue;
      for (const partition of partitions) {
        const partitionState = state.partitions[partition];
        if (partitionState !== undefined) this.runner.start(topic, partitionState);
      }
    }
    this.emitter.emit(consumerEvents.GROUP_JOIN, {
      duration: 0,
      groupId: this.groupId,
      isLeader: leaderId === this.memberId,
      leaderId,
      groupProtocol: 'RoundRobinAssigner',
      memberId: this.memberId,
      memberAssignment: assignment,
    });
    this.joined?.();
    this.joined = undefined;
  }

  /** RestartableClient: the connection dropped; uncommitted progress is lost, rejoin later. */
  brokerRestarted(): void {
    this.runner.abandonAll();
    this.offsets.discard();
    this.env.ctx.trace({
      kind: 'disconnected',
      from: this.label,
      to: kafkaEndpoint.broker,
      reason: 'broker-restart',
    });
    if (!this.running) {
      this.connected = false;
      this.env.clients.delete(this);
      return;
    }
    this.running = false;
    this.env.ctx.scheduler.schedule(() => {
      this.env.ctx.trace({ kind: 'connected', from: this.label, to: kafkaEndpoint.broker });
      void this.start();
    }, this.env.cluster.reconnectDelayMs);
  }

  /**
   * RestartableClient: the process died. Nothing is committed and no LeaveGroup is sent, so
   * the coordinator only notices after `sessionTimeout` (default 30 s); until then this
   * member's partitions are stuck, then the group rebalances (docs/broker-semantics.md, Kafka 6).
   */
  processCrashed(): void {
    this.runner.abandonAll();
    this.offsets.discard();
    this.connected = false;
    this.env.clients.delete(this);
    const wasRunning = this.running;
    this.running = false;
    const sessionTimeout = this.config.sessionTimeout ?? 30_000;
    this.env.ctx.trace({
      kind: 'crashed',
      from: this.label,
      to: kafkaEndpoint.group(this.groupId),
      reason: 'process-crashed',
      detail: { sessionTimeout },
    });
    if (!wasRunning) return;
    const memberId = this.memberId;
    this.env.ctx.scheduler.schedule(() => this.group.leave(memberId), sessionTimeout);
  }

  /** The last retry failed: leave, emit CRASH, and restart unless restartOnFailure says no. */
  private async crash(error: KafkaJSNumberOfRetriesExceeded, retryTime: number): Promise<void> {
    await this.stop();
    const restartOnFailure = this.config.retry?.restartOnFailure;
    const restart =
      restartOnFailure === undefined ? true : await restartOnFailure(error).catch(() => true);
    this.emitter.emit(consumerEvents.CRASH, { error, groupId: this.groupId, restart });
    if (!restart) {
      await this.disconnect();
      return;
    }
    this.env.ctx.scheduler.schedule(() => {
      if (!this.running && this.runConfig !== undefined) void this.start();
    }, retryTime);
  }

  private emitCommit(topic: string, partition: number, offset: number): void {
    this.emitter.emit(consumerEvents.COMMIT_OFFSETS, {
      groupId: this.groupId,
      memberId: this.memberId,
      groupGenerationId: this.generation,
      topics: [{ topic, partitions: [{ partition: String(partition), offset: String(offset) }] }],
    });
  }

  /** Commits the given offsets (the next offset to read, i.e. last processed + 1). */
  commitOffsets(topicPartitions: TopicPartitionOffsetAndMetadata[] = []): Promise<void> {
    return promised(() => {
      for (const entry of topicPartitions) checkTopicPartitionOffset(entry, 'commit');
      if (!this.running) throw new KafkaJSNonRetriableError(notInitializedMessage);
      return this.offsets.commitOffsets(topicPartitions);
    });
  }

  /** Moves a partition's position; the next fetch reads from there (already-read records again). */
  seek({ topic, partition, offset }: { topic: string; partition: number; offset: string }): void {
    const value = checkTopicPartitionOffset({ topic, partition, offset }, 'seek');
    if (!this.running) throw new KafkaJSNonRetriableError(notInitializedMessage);
    this.runner.seek(topic, Number(partition), Number(value));
  }

  /** Stops fetching the given topics (all partitions) or topic-partitions. */
  pause(topics: TopicPartitions = []): void {
    checkPauseEntries(topics, 'pause');
    if (!this.running) throw new KafkaJSNonRetriableError(notInitializedMessage);
    this.runner.pause(topics);
  }

  /** Resumes what `pause` stopped. */
  resume(topics: TopicPartitions = []): void {
    checkPauseEntries(topics, 'resume');
    if (!this.running) throw new KafkaJSNonRetriableError(notInitializedMessage);
    this.runner.resume(topics);
  }

  /** The paused topic-partitions. */
  paused(): { topic: string; partitions: number[] }[] {
    return this.runner.pausedAssignments();
  }

  /** The group as the coordinator sees it. */
  describeGroup(): Promise<GroupDescription> {
    return Promise.resolve(describeGroup(this.group));
  }

  /** Listens to an instrumentation event (`consumer.events.GROUP_JOIN`, `CRASH`, …). */
  on(eventName: string, listener: (event: unknown) => void): () => void {
    checkEventName(consumerEvents, 'consumer', eventName);
    return this.emitter.on(eventName, listener);
  }

  /** kafkajs's logger accessor; logs are not simulated. */
  logger(): { info(): void; warn(): void; error(): void; debug(): void } {
    const noop = (): void => undefined;
    return { info: noop, warn: noop, error: noop, debug: noop };
  }
}
