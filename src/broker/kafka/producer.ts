import { checkEventName, checkTopicMessages } from './argument-checks';
import type { ModelTraceFields } from '../core/model-context';
import { promised } from './promised';
import type { TopicState } from './cluster';
import type { ClientEnv, RestartableClient } from './client-env';
import { kafkaEndpoint } from './endpoints';
import { textOf } from './kafka-message';
import {
  KafkaJSError,
  KafkaJSNonRetriableError,
  KafkaJSProtocolError,
  unknownTopic,
} from './errors';
import { emitterFor, type InstrumentationEmitter } from './instrumentation';
import type { StoredBytes } from './partition-log';
import type { PartitionersExport } from './partitioners';
import type {
  IHeaders,
  Message,
  PartitionMetadata,
  ProducerBatch,
  ProducerConfig,
  ProducerRecord,
  RecordMetadata,
} from './types';

/** Event names of `producer.events`. */
export const producerEvents = {
  CONNECT: 'producer.connect',
  DISCONNECT: 'producer.disconnect',
  REQUEST: 'producer.network.request',
  REQUEST_TIMEOUT: 'producer.network.request_timeout',
  REQUEST_QUEUE_SIZE: 'producer.network.request_queue_size',
} as const;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function stored(bytes: unknown): StoredBytes {
  if (bytes === null || bytes === undefined) return null;
  if (typeof bytes === 'string') return bytes;
  // Copied, because kafkajs encodes the bytes at send time: later changes must not show.
  if (bytes instanceof Uint8Array) return new Uint8Array(bytes);
  // kafkajs's encoder writes String(value) for anything that is not a Buffer, so an object
  // sent without JSON.stringify arrives as '[object Object]' there too.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  return String(bytes);
}

/**
 * A kafkajs-shaped producer. Records are appended when `send` is called and the promise
 * resolves with kafkajs's per-partition RecordMetadata. Producer retries are not simulated
 * (no request is ever lost), so `idempotent` changes nothing here: no duplicates can arise
 * from retries (docs/broker-semantics.md, Kafka 13: not modelled).
 */
export class KafkaProducer implements RestartableClient {
  readonly events = producerEvents;
  private readonly label: string;
  private readonly choose: ReturnType<PartitionersExport['DefaultPartitioner']>;
  private readonly emitter: InstrumentationEmitter;
  private readonly metadata = new Map<string, PartitionMetadata[]>();
  private connected = false;

  constructor(
    private readonly env: ClientEnv,
    readonly clientId: string,
    private readonly config: ProducerConfig,
    partitioners: PartitionersExport,
  ) {
    this.label = env.label('producer', clientId);
    this.choose = (config.createPartitioner ?? partitioners.DefaultPartitioner)();
    this.emitter = emitterFor(env.ctx.scheduler);
  }

  /** Opens the connection. */
  connect(): Promise<void> {
    return promised(() => {
      if (this.connected) return;
      this.connected = true;
      this.env.clients.add(this);
      this.env.ctx.trace({ kind: 'connected', from: this.label, to: kafkaEndpoint.broker });
      this.emitter.emit(producerEvents.CONNECT, null);
    });
  }

  /** Closes the connection; `send` then fails until `connect` again. */
  disconnect(): Promise<void> {
    return promised(() => {
      if (!this.connected) return;
      this.connected = false;
      this.env.clients.delete(this);
      this.env.ctx.trace({ kind: 'disconnected', from: this.label, to: kafkaEndpoint.broker });
      this.emitter.emit(producerEvents.DISCONNECT, null);
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

  /** RestartableClient: kafkajs reconnects on the next request, so nothing to do but trace it. */
  brokerRestarted(): void {
    this.env.ctx.trace({
      kind: 'disconnected',
      from: this.label,
      to: kafkaEndpoint.broker,
      reason: 'broker-restart',
    });
  }

  /** True if the producer was built with `idempotent: true`. */
  isIdempotent(): boolean {
    return this.config.idempotent === true;
  }

  /** Listens to an instrumentation event. */
  on(eventName: string, listener: (event: unknown) => void): () => void {
    checkEventName(producerEvents, 'producer', eventName);
    return this.emitter.on(eventName, listener);
  }

  /** Sends records to one topic. */
  send(record: ProducerRecord): Promise<RecordMetadata[]> {
    // kafkajs's send is sendBatch with one topic (src/producer/messageProducer.js).
    const topicMessages = [{ topic: record.topic, messages: record.messages }];
    return this.sendBatch(
      record.acks === undefined ? { topicMessages } : { topicMessages, acks: record.acks },
    );
  }

  /** Sends records to several topics at once. */
  sendBatch(batch: ProducerBatch): Promise<RecordMetadata[]> {
    return promised(() => {
      const topicMessages = batch.topicMessages ?? [];
      checkTopicMessages(topicMessages, this.config.idempotent === true, batch.acks ?? -1);
      return this.write(topicMessages, batch.acks);
    });
  }

  private topicFor(name: string): TopicState {
    const cluster = this.env.cluster;
    let topic = cluster.topics.get(name);
    if (topic === undefined) {
      if (!(this.config.allowAutoTopicCreation ?? true) || !cluster.autoCreateTopics) {
        throw unknownTopic(name);
      }
      cluster.createTopic(name, cluster.defaultPartitions, {}, this.label);
      topic = cluster.topics.get(name);
      if (topic === undefined) throw unknownTopic(name);
    }
    return topic;
  }

  private partitionMetadata(topic: TopicState): PartitionMetadata[] {
    let metadata = this.metadata.get(topic.name);
    if (metadata === undefined || metadata.length !== topic.partitions.length) {
      metadata = topic.partitions.map((p) => ({
        partitionErrorCode: 0,
        partitionId: p.id,
        leader: 0,
        replicas: [0],
        isr: [0],
      }));
      this.metadata.set(topic.name, metadata);
    }
    return metadata;
  }

  private write(
    topicMessages: readonly { topic: string; messages: Message[] }[],
    acks: number | undefined,
  ): RecordMetadata[] {
    if (!this.connected) throw new KafkaJSError('The producer is disconnected');
    const ctx = this.env.ctx;
    const cluster = this.env.cluster;
    const now = ctx.scheduler.now();
    const results: RecordMetadata[] = [];
    for (const { topic: name, messages } of topicMessages) {
      const topic = this.topicFor(name);
      const partitionMetadata = this.partitionMetadata(topic);
      const topicLabel = kafkaEndpoint.topic(name);
      const baseOffsets = new Map<number, number>();
      for (const message of messages) {
        const partitionId = this.choose({ topic: name, partitionMetadata, message });
        const partition = topic.partitions[partitionId];
        if (partition === undefined) {
          throw new KafkaJSNonRetriableError(
            `Partition ${partitionId} does not exist for topic "${name}"`,
          );
        }
        const key = stored(message.key);
        if (key === null && topic.compact) {
          throw new KafkaJSProtocolError(
            `Compacted topic cannot accept message without key in topic partition ${name}-${partitionId}.`,
            'INVALID_RECORD',
            87,
            false,
          );
        }
        const value = stored(message.value);
        // Copied: kafkajs encodes headers at send time, later changes must not show.
        const headers: IHeaders | undefined =
          message.headers === undefined ? undefined : { ...message.headers };
        const timestamp = message.timestamp === undefined ? now : Number(message.timestamp) || now;
        const messageId = ctx.nextMessageId();
        const payload = textOf(value);
        const keyText = textOf(key);
        const published: Mutable<ModelTraceFields> = {
          kind: 'published',
          from: this.label,
          to: topicLabel,
          messageId,
        };
        if (payload !== undefined) published.payload = payload;
        if (keyText !== undefined) published.detail = { key: keyText };
        ctx.trace(published);
        const offset = cluster.append(partition, key, value, messageId, timestamp, headers);
        ctx.trace({
          kind: 'routed',
          from: topicLabel,
          to: partition.label,
          messageId,
          detail: { partition: partitionId, offset: String(offset) },
        });
        if (!baseOffsets.has(partitionId)) baseOffsets.set(partitionId, offset);
      }
      for (const [partition, baseOffset] of [...baseOffsets].sort((a, b) => a[0] - b[0])) {
        results.push({
          topicName: name,
          partition,
          errorCode: 0,
          baseOffset: String(baseOffset),
          logAppendTime: '-1',
          logStartOffset: String(topic.partitions[partition]?.log.start ?? 0),
        });
      }
    }
    // acks=0: kafkajs expects no response and resolves with an empty list.
    return acks === 0 ? [] : results;
  }
}
