import { Buffer } from 'buffer/index.js';
import { promised } from './promised';
import type { ModelTraceFields } from '../core/model-context';
import { tpKey, type PartitionState } from './cluster';
import type { ClientEnv, RestartableClient } from './client-env';
import { describeGroup, type ConsumerGroup, type GroupMember } from './consumer-group';
import { KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded } from './errors';
import { emitterFor, type InstrumentationEmitter } from './instrumentation';
import type { LogRecord, StoredBytes } from './partition-log';
import { retryTimes } from './retry-times';
import type {
  Batch,
  ConsumerConfig,
  ConsumerRunConfig,
  GroupDescription,
  IHeaders,
  KafkaMessage,
  MemberAssignment,
  OffsetsByTopicPartition,
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

/** Largest batch handed over per fetch (kafkajs bounds it by maxBytesPerPartition instead). */
const MAX_BATCH = 1000;
/** kafkajs's protocol constants for seek: earliest and latest. */
const EARLIEST = -2;
const LATEST = -1;

/** One assigned partition being consumed. */
interface Fetcher {
  readonly key: string;
  readonly topic: string;
  readonly state: PartitionState;
  position: number;
  active: boolean;
  retryCount: number;
  retryTime: number;
  /** Wakes the loop when it waits (for data, a resume, a seek or a stop). */
  interrupt: () => void;
  done: Promise<void>;
}

/** A small counting semaphore: kafkajs works on `partitionsConsumedConcurrently` batches at once. */
class Permits {
  private readonly queue: (() => void)[] = [];
  constructor(private free: number) {}
  acquire(): Promise<void> | undefined {
    if (this.free > 0) {
      this.free -= 1;
      return undefined;
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }
  release(): void {
    const next = this.queue.shift();
    if (next !== undefined) next();
    else this.free += 1;
  }
}

function toBuffer(bytes: StoredBytes): Buffer | null {
  if (bytes === null) return null;
  return typeof bytes === 'string' ? Buffer.from(bytes) : Buffer.from(bytes);
}

function headersOf(headers: IHeaders | undefined): IHeaders {
  const out: IHeaders = {};
  if (headers === undefined) return out;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value)
      ? value.map((v) => (typeof v === 'string' ? Buffer.from(v) : Buffer.from(v)))
      : typeof value === 'string'
        ? Buffer.from(value)
        : Buffer.from(value);
  }
  return out;
}

const decoder = new TextDecoder();

/** Text of a stored key or value, for trace payloads. */
export function textOf(bytes: StoredBytes): string | undefined {
  if (bytes === null) return undefined;
  return typeof bytes === 'string' ? bytes : decoder.decode(bytes);
}

function toKafkaMessage(record: LogRecord): KafkaMessage {
  return {
    key: toBuffer(record.key),
    value: toBuffer(record.value),
    timestamp: String(record.timestamp),
    attributes: 0,
    offset: String(record.offset),
    headers: headersOf(record.headers),
  };
}

/**
 * A kafkajs-shaped consumer. Fetching, batches, auto-commit, retries and crashes follow
 * kafkajs 2.x's runner (src/consumer/runner.js): a batch's messages go to `eachMessage` one at
 * a time, each awaited; resolved offsets are committed at the end of every batch when
 * autoCommit is on (plus mid-batch by autoCommitInterval / autoCommitThreshold); a throwing
 * handler is retried from the last resolved offset with backoff, and after `retry.retries`
 * the consumer crashes, leaves the group and restarts.
 */
export class KafkaConsumer implements GroupMember, RestartableClient {
  readonly events = consumerEvents;
  readonly label: string;
  memberId = '';
  private readonly groupId: string;
  private readonly group: ConsumerGroup;
  private readonly emitter: InstrumentationEmitter;
  private readonly subscriptions = new Map<string, { fromBeginning: boolean }>();
  private connected = false;
  private running = false;
  private runConfig: ConsumerRunConfig | undefined;
  private generation = 0;
  private readonly fetchers = new Map<string, Fetcher>();
  private readonly pausedTopics = new Set<string>();
  private readonly pausedPartitions = new Set<string>();
  private readonly pendingSeeks = new Map<string, number>();
  /** Resolved (processed) but not yet committed: tp → next offset. */
  private readonly resolved = new Map<string, number>();
  private uncommittedCount = 0;
  private lastCommit = 0;
  private permits = new Permits(1);
  private joined: (() => void) | undefined;
  private memberCounter = 0;

  constructor(
    private readonly env: ClientEnv,
    readonly clientId: string,
    private readonly config: ConsumerConfig,
  ) {
    if (typeof config.groupId !== 'string' || config.groupId === '') {
      throw new KafkaJSNonRetriableError('Consumer groupId must be a non-empty string.');
    }
    this.groupId = config.groupId;
    this.group = env.group(config.groupId);
    this.label = env.label('consumer', clientId);
    this.emitter = emitterFor(env.ctx.scheduler);
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
      this.env.ctx.trace({ kind: 'connected', from: this.label, to: 'broker' });
      this.emitter.emit(consumerEvents.CONNECT, null);
    });
  }

  /** Stops consuming and closes the connection. */
  async disconnect(): Promise<void> {
    await this.stop();
    if (!this.connected) return;
    this.connected = false;
    this.env.clients.delete(this);
    this.env.ctx.trace({ kind: 'disconnected', from: this.label, to: 'broker' });
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
    this.permits = new Permits(Math.max(1, config.partitionsConsumedConcurrently ?? 1));
    await this.start();
  }

  private start(): Promise<void> {
    if (!this.connected) void this.connect();
    this.running = true;
    this.memberCounter += 1;
    // kafkajs member ids are `${clientId}-${uuid}`; the suffix comes from the seeded PRNG so
    // the sort order the RoundRobin assigner sees replays with the seed.
    const suffix = Math.floor(this.env.ctx.random() * 0xffffffff)
      .toString(16)
      .padStart(8, '0');
    this.memberId = `${this.clientId}-${suffix}`;
    this.lastCommit = this.env.ctx.scheduler.now();
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
    const fetchers = [...this.fetchers.values()];
    this.fetchers.clear();
    for (const fetcher of fetchers) {
      fetcher.active = false;
      fetcher.interrupt();
    }
    await Promise.all(fetchers.map((f) => f.done));
    if (this.runConfig?.autoCommit ?? true) this.commitResolved();
    this.resolved.clear();
    this.uncommittedCount = 0;
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
        if (partitionState !== undefined) this.startFetcher(topic, partitionState);
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
    for (const fetcher of this.fetchers.values()) {
      fetcher.active = false;
      fetcher.interrupt();
    }
    this.fetchers.clear();
    this.resolved.clear();
    this.uncommittedCount = 0;
    this.env.ctx.trace({
      kind: 'disconnected',
      from: this.label,
      to: 'broker',
      reason: 'broker-restart',
    });
    if (!this.running) {
      this.connected = false;
      this.env.clients.delete(this);
      return;
    }
    this.running = false;
    this.env.ctx.scheduler.schedule(() => {
      this.env.ctx.trace({ kind: 'connected', from: this.label, to: 'broker' });
      void this.start();
    }, this.env.cluster.reconnectDelayMs);
  }

  /**
   * RestartableClient: the process died. Nothing is committed and no LeaveGroup is sent, so
   * the coordinator only notices after `sessionTimeout` (default 30 s); until then this
   * member's partitions are stuck, then the group rebalances (broker-semantics Kafka 6).
   */
  processCrashed(): void {
    for (const fetcher of this.fetchers.values()) {
      fetcher.active = false;
      fetcher.interrupt();
    }
    this.fetchers.clear();
    this.resolved.clear();
    this.uncommittedCount = 0;
    this.connected = false;
    this.env.clients.delete(this);
    const wasRunning = this.running;
    this.running = false;
    const sessionTimeout = this.config.sessionTimeout ?? 30_000;
    this.env.ctx.trace({
      kind: 'crashed',
      from: this.label,
      to: `group:${this.groupId}`,
      reason: 'process-crashed',
      detail: { sessionTimeout },
    });
    if (!wasRunning) return;
    const memberId = this.memberId;
    this.env.ctx.scheduler.schedule(() => this.group.leave(memberId), sessionTimeout);
  }

  private startFetcher(topic: string, state: PartitionState): void {
    const key = tpKey(topic, state.id);
    const fetcher: Fetcher = {
      key,
      topic,
      state,
      position: this.initialPosition(topic, state),
      active: true,
      retryCount: 0,
      retryTime: 0,
      interrupt: () => undefined,
      done: Promise.resolve(),
    };
    this.fetchers.set(key, fetcher);
    fetcher.done = this.fetchLoop(fetcher);
  }

  /** Committed offset if it is still in the log, else auto.offset.reset (Kafka 7, 8). */
  private initialPosition(topic: string, state: PartitionState): number {
    const committed = this.env.cluster.offsetsOf(this.groupId).get(tpKey(topic, state.id));
    const log = state.log;
    if (committed !== undefined && committed >= log.start && committed <= log.end) {
      return committed;
    }
    return this.resetPosition(topic, state);
  }

  private resetPosition(topic: string, state: PartitionState): number {
    const fromBeginning = this.subscriptions.get(topic)?.fromBeginning ?? false;
    return fromBeginning ? state.log.start : state.log.end;
  }

  private isPaused(topic: string, key: string): boolean {
    return this.pausedTopics.has(topic) || this.pausedPartitions.has(key);
  }

  private wait(fetcher: Fetcher, forData: boolean): Promise<void> {
    return new Promise((resolve) => {
      fetcher.interrupt = resolve;
      if (forData) fetcher.state.waiters.push(resolve);
    });
  }

  private async fetchLoop(fetcher: Fetcher): Promise<void> {
    const { state, key, topic } = fetcher;
    const log = state.log;
    const ctx = this.env.ctx;
    while (fetcher.active) {
      const seek = this.pendingSeeks.get(key);
      if (seek !== undefined) {
        this.pendingSeeks.delete(key);
        fetcher.position = seek === EARLIEST ? log.start : seek === LATEST ? log.end : seek;
        this.resolved.delete(key);
        // kafkajs commits the sought offset right away when autoCommit is on.
        if (this.runConfig?.autoCommit ?? true) this.commit(topic, state.id, fetcher.position);
      }
      if (this.isPaused(topic, key)) {
        await this.wait(fetcher, false);
        continue;
      }
      if (fetcher.position < log.start || fetcher.position > log.end) {
        // Retention deleted what we were about to read (or a seek went past the end):
        // auto.offset.reset decides where to go (broker-semantics Kafka 8).
        fetcher.position = this.resetPosition(topic, state);
      }
      if (fetcher.position >= log.end) {
        await this.wait(fetcher, true);
        continue;
      }
      const waitTurn = this.permits.acquire();
      if (waitTurn !== undefined) await waitTurn;
      try {
        if (!fetcher.active) break;
        const end = Math.min(log.end, fetcher.position + MAX_BATCH);
        const faults = ctx.faults();
        const delay = faults.delayMs + (faults.jitterMs > 0 ? ctx.random() * faults.jitterMs : 0);
        if (delay > 0) {
          ctx.trace({
            kind: 'delayed',
            from: state.label,
            to: this.label,
            messageId: log.messageIdAt(fetcher.position) ?? '',
            detail: { partition: state.id, offset: String(fetcher.position), delayMs: delay },
          });
          await this.env.sleep(delay);
          if (!fetcher.active) break;
        }
        if (faults.drop > 0 && ctx.random() < faults.drop) {
          // A "drop" cannot lose a Kafka record: it is in the log, and the consumer's
          // position only moves when it processes. So the fault is the fetch response lost on
          // the way to this consumer; the position stays, and the client fetches the same
          // offsets again after a backoff, the way kafkajs retries a failed fetch.
          ctx.trace({
            kind: 'dropped',
            from: state.label,
            to: this.label,
            messageId: log.messageIdAt(fetcher.position) ?? '',
            reason: 'fault',
            detail: { partition: state.id, offset: String(fetcher.position), refetch: true },
          });
          await this.env.sleep(this.retryConfig().initialRetryTime);
          continue;
        }
        const duplicate = faults.duplicate > 0 && ctx.random() < faults.duplicate;
        if (this.runConfig?.eachBatch !== undefined && this.runConfig.eachMessage === undefined) {
          await this.processBatch(fetcher, end, duplicate);
        } else {
          await this.processMessages(fetcher, end, duplicate);
        }
        fetcher.retryCount = 0;
        if (fetcher.active && (this.runConfig?.autoCommit ?? true)) this.commitResolved();
      } catch (error) {
        if (!(await this.handleFailure(fetcher, error))) return;
      } finally {
        this.permits.release();
      }
    }
  }

  private retryConfig(): Required<
    Pick<
      NonNullable<ConsumerConfig['retry']>,
      'retries' | 'initialRetryTime' | 'factor' | 'multiplier' | 'maxRetryTime'
    >
  > {
    const retry = this.config.retry ?? {};
    return {
      retries: retry.retries ?? 5,
      initialRetryTime: retry.initialRetryTime ?? 300,
      factor: retry.factor ?? 0.2,
      multiplier: retry.multiplier ?? 2,
      maxRetryTime: retry.maxRetryTime ?? 30000,
    };
  }

  /**
   * A handler threw. Like kafkajs: commit what was resolved, then retry from the last resolved
   * offset (so the failing message comes again) with growing backoff; after the last retry,
   * crash: leave the group, emit CRASH and restart unless restartOnFailure says no.
   * Returns false when this fetcher must end.
   */
  private async handleFailure(fetcher: Fetcher, error: unknown): Promise<boolean> {
    const ctx = this.env.ctx;
    if (this.runConfig?.autoCommit ?? true) this.commitResolved();
    const resolved = this.resolved.get(fetcher.key);
    if (resolved !== undefined) fetcher.position = resolved;
    const cause = error instanceof Error ? error : new Error(String(error));
    const retry = this.retryConfig();
    fetcher.retryTime = retryTimes(retry, fetcher.retryCount, fetcher.retryTime, () =>
      ctx.random(),
    );
    if (fetcher.retryCount < retry.retries) {
      fetcher.retryCount += 1;
      this.permits.release();
      try {
        await this.env.sleep(fetcher.retryTime);
      } finally {
        const turn = this.permits.acquire();
        if (turn !== undefined) await turn;
      }
      return fetcher.active;
    }
    ctx.trace({
      kind: 'crashed',
      from: this.label,
      to: `group:${this.groupId}`,
      reason: cause.message,
      detail: { retries: fetcher.retryCount },
    });
    const crash = new KafkaJSNumberOfRetriesExceeded(cause, fetcher.retryCount, fetcher.retryTime);
    const retryTime = fetcher.retryTime;
    fetcher.active = false;
    // Leaving runs revoke(), which waits for this very loop: let it end first.
    void Promise.resolve().then(() => this.crash(crash, retryTime));
    return false;
  }

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

  private deliveredTrace(
    fetcher: Fetcher,
    record: LogRecord,
    kind: 'delivered' | 'duplicated',
    offset: string,
  ): void {
    const payload = textOf(record.value);
    const key = textOf(record.key);
    const detail: Record<string, unknown> = {
      groupId: this.groupId,
      partition: fetcher.state.id,
      offset,
    };
    if (key !== undefined) detail['key'] = key;
    const event: { -readonly [K in keyof ModelTraceFields]: ModelTraceFields[K] } = {
      kind,
      from: fetcher.state.label,
      to: this.label,
      messageId: record.messageId,
      detail,
    };
    if (payload !== undefined) event.payload = payload;
    this.env.ctx.trace(event);
  }

  private async processMessages(fetcher: Fetcher, end: number, duplicate: boolean): Promise<void> {
    const eachMessage = this.runConfig?.eachMessage;
    if (eachMessage === undefined) return;
    const { topic, state, key } = fetcher;
    const log = state.log;
    const partition = state.id;
    const pause = (): (() => void) => {
      this.pause([{ topic, partitions: [partition] }]);
      return () => this.resume([{ topic, partitions: [partition] }]);
    };
    const heartbeat = (): Promise<void> => Promise.resolve();
    const first = fetcher.position;
    for (let offset = first; offset < end; offset++) {
      if (!fetcher.active || this.pendingSeeks.has(key)) return;
      const record = log.read(offset);
      if (record === undefined) {
        if (!log.isRemoved(offset)) return;
        // A gap left by compaction: nothing to hand over, the position just moves on.
        fetcher.position = offset + 1;
        this.resolved.set(key, offset + 1);
        continue;
      }
      const message = toKafkaMessage(record);
      this.deliveredTrace(fetcher, record, 'delivered', message.offset);
      await eachMessage({ topic, partition, message, heartbeat, pause });
      if (duplicate && offset === first) {
        // The same record handed over twice, as after a lost commit: handlers must be
        // idempotent (broker-semantics Kafka 10).
        const again = toKafkaMessage(record);
        this.deliveredTrace(fetcher, record, 'duplicated', again.offset);
        await eachMessage({ topic, partition, message: again, heartbeat, pause });
      }
      fetcher.position = offset + 1;
      this.resolve(key, offset + 1);
      if (this.runConfig?.autoCommit ?? true) this.commitIfNecessary();
      if (this.isPaused(topic, key)) return;
    }
  }

  private async processBatch(fetcher: Fetcher, end: number, duplicate: boolean): Promise<void> {
    const eachBatch = this.runConfig?.eachBatch;
    if (eachBatch === undefined) return;
    const { topic, state, key } = fetcher;
    const log = state.log;
    const messages: KafkaMessage[] = [];
    for (let offset = fetcher.position; offset < end; offset++) {
      const record = log.read(offset);
      if (record === undefined) {
        if (log.isRemoved(offset)) continue;
        break;
      }
      const message = toKafkaMessage(record);
      this.deliveredTrace(fetcher, record, 'delivered', message.offset);
      messages.push(message);
    }
    const high = log.end;
    const first = messages[0]?.offset ?? null;
    const last = messages[messages.length - 1]?.offset ?? String(high - 1);
    const batch: Batch = {
      topic,
      partition: state.id,
      highWatermark: String(high),
      messages,
      isEmpty: () => messages.length === 0,
      firstOffset: () => first,
      lastOffset: () => last,
      offsetLag: () => String(Math.max(0, high - 1 - Number(last))),
      offsetLagLow: () => String(Math.max(0, high - 1 - Number(first ?? last))),
    };
    const payload = {
      batch,
      resolveOffset: (offset: string) => {
        fetcher.position = Number(offset) + 1;
        this.resolve(key, Number(offset) + 1);
      },
      heartbeat: () => Promise.resolve(),
      pause: () => {
        this.pause([{ topic, partitions: [state.id] }]);
        return () => this.resume([{ topic, partitions: [state.id] }]);
      },
      commitOffsetsIfNecessary: (offsets?: OffsetsByTopicPartition) =>
        promised(() => {
          if (offsets !== undefined) {
            for (const t of offsets.topics) {
              for (const p of t.partitions) this.commit(t.topic, p.partition, Number(p.offset));
            }
          } else if (this.runConfig?.autoCommit ?? true) {
            this.commitIfNecessary();
          }
        }),
      uncommittedOffsets: () => this.uncommittedOffsets(),
      isRunning: () => this.running && fetcher.active,
      isStale: () => this.pendingSeeks.has(key),
    };
    await eachBatch(payload);
    if (duplicate) await eachBatch(payload);
    if ((this.runConfig?.eachBatchAutoResolve ?? true) && messages.length > 0) {
      payload.resolveOffset(last);
    }
  }

  private resolve(key: string, next: number): void {
    this.resolved.set(key, next);
    this.uncommittedCount += 1;
  }

  /** kafkajs's commitOffsetsIfNecessary: by interval or by threshold, checked per message. */
  private commitIfNecessary(): void {
    const interval = this.runConfig?.autoCommitInterval;
    const threshold = this.runConfig?.autoCommitThreshold;
    const now = this.env.ctx.scheduler.now();
    const timeout =
      interval !== undefined && interval !== null && now >= this.lastCommit + interval;
    const enough =
      threshold !== undefined && threshold !== null && this.uncommittedCount >= threshold;
    if (timeout || enough) this.commitResolved();
  }

  private commitResolved(): void {
    for (const [key, offset] of this.resolved) {
      const slash = key.lastIndexOf('/');
      this.commit(key.slice(0, slash), Number(key.slice(slash + 1)), offset);
    }
    this.resolved.clear();
    this.uncommittedCount = 0;
    this.lastCommit = this.env.ctx.scheduler.now();
  }

  private commit(topic: string, partition: number, offset: number): void {
    const offsets = this.env.cluster.offsetsOf(this.groupId);
    const key = tpKey(topic, partition);
    if (offsets.get(key) === offset) return;
    offsets.set(key, offset);
    this.env.ctx.trace({
      kind: 'committed',
      from: this.label,
      to: `group:${this.groupId}`,
      detail: { topic, partition, offset: String(offset) },
    });
    this.emitter.emit(consumerEvents.COMMIT_OFFSETS, {
      groupId: this.groupId,
      memberId: this.memberId,
      groupGenerationId: this.generation,
      topics: [{ topic, partitions: [{ partition: String(partition), offset: String(offset) }] }],
    });
  }

  private uncommittedOffsets(): OffsetsByTopicPartition {
    const byTopic = new Map<string, { partition: number; offset: string }[]>();
    for (const [key, offset] of this.resolved) {
      const slash = key.lastIndexOf('/');
      const topic = key.slice(0, slash);
      const list = byTopic.get(topic) ?? [];
      list.push({ partition: Number(key.slice(slash + 1)), offset: String(offset) });
      byTopic.set(topic, list);
    }
    return { topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })) };
  }

  /** Commits the given offsets (the next offset to read, i.e. last processed + 1). */
  commitOffsets(topicPartitions: TopicPartitionOffsetAndMetadata[] = []): Promise<void> {
    return promised(() => {
      for (const { topic, partition, offset } of topicPartitions) {
        this.commit(topic, partition, Number(offset));
        const key = tpKey(topic, partition);
        if (
          this.resolved.get(key) !== undefined &&
          (this.resolved.get(key) ?? 0) <= Number(offset)
        ) {
          this.resolved.delete(key);
        }
      }
    });
  }

  /** Moves a partition's position; the next fetch reads from there (already-read records again). */
  seek({ topic, partition, offset }: { topic: string; partition: number; offset: string }): void {
    if (!this.running) {
      throw new KafkaJSNonRetriableError(
        'Consumer group was not initialized, consumer#run must be called first',
      );
    }
    const value = Number(offset);
    if (!Number.isInteger(value) || value < EARLIEST) {
      throw new KafkaJSNonRetriableError(`Offset must not be a negative number`);
    }
    const key = tpKey(topic, partition);
    this.pendingSeeks.set(key, value);
    this.fetchers.get(key)?.interrupt();
  }

  /** Stops fetching the given topics (all partitions) or topic-partitions. */
  pause(topics: { topic: string; partitions?: number[] }[]): void {
    for (const { topic, partitions } of topics) {
      if (partitions === undefined) this.pausedTopics.add(topic);
      else for (const p of partitions) this.pausedPartitions.add(tpKey(topic, p));
    }
  }

  /** Resumes what `pause` stopped. */
  resume(topics: { topic: string; partitions?: number[] }[]): void {
    for (const { topic, partitions } of topics) {
      if (partitions === undefined) {
        this.pausedTopics.delete(topic);
        for (const key of [...this.pausedPartitions]) {
          if (key.startsWith(`${topic}/`)) this.pausedPartitions.delete(key);
        }
      } else {
        for (const p of partitions) this.pausedPartitions.delete(tpKey(topic, p));
      }
    }
    for (const fetcher of this.fetchers.values()) {
      if (!this.isPaused(fetcher.topic, fetcher.key)) fetcher.interrupt();
    }
  }

  /** The paused topic-partitions. */
  paused(): { topic: string; partitions: number[] }[] {
    const byTopic = new Map<string, number[]>();
    for (const fetcher of this.fetchers.values()) {
      if (this.isPaused(fetcher.topic, fetcher.key)) {
        const list = byTopic.get(fetcher.topic) ?? [];
        list.push(fetcher.state.id);
        byTopic.set(fetcher.topic, list);
      }
    }
    return [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
  }

  /** The group as the coordinator sees it. */
  describeGroup(): Promise<GroupDescription> {
    return Promise.resolve(describeGroup(this.group));
  }

  /** Listens to an instrumentation event (`consumer.events.GROUP_JOIN`, `CRASH`, …). */
  on(eventName: string, listener: (event: unknown) => void): () => void {
    if (!Object.values(consumerEvents).includes(eventName as never)) {
      throw new KafkaJSNonRetriableError(
        `Event name should be one of ${Object.keys(consumerEvents).join(', ')}`,
      );
    }
    return this.emitter.on(eventName, listener);
  }

  /** kafkajs's logger accessor; logs are not simulated. */
  logger(): { info(): void; warn(): void; error(): void; debug(): void } {
    const noop = (): void => undefined;
    return { info: noop, warn: noop, error: noop, debug: noop };
  }
}
