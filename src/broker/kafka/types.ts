/**
 * The kafkajs 2.x shapes the simulated client accepts and returns, copied from
 * kafkajs/types/index.d.ts so reader code type-checks the same against both.
 */
import type { Buffer } from 'buffer/index.js';

/** Record headers as a producer sends them and a consumer receives them. */
export interface IHeaders {
  [key: string]: Buffer | string | (Buffer | string)[] | undefined;
}

/** One record to produce. */
export interface Message {
  key?: Buffer | Uint8Array | string | null;
  value: Buffer | Uint8Array | string | null;
  partition?: number;
  headers?: IHeaders;
  timestamp?: string;
}

/** What a partitioner is asked. */
export interface PartitionMetadata {
  partitionErrorCode: number;
  partitionId: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

/** What a partitioner is asked for one message. */
export interface PartitionerArgs {
  topic: string;
  partitionMetadata: PartitionMetadata[];
  message: Message;
}

/** kafkajs's partitioner factory shape: called once per producer. */
export type ICustomPartitioner = () => (args: PartitionerArgs) => number;

/** `producer.send` input. */
export interface ProducerRecord {
  topic: string;
  messages: Message[];
  acks?: number;
  timeout?: number;
  compression?: number;
}

/** `producer.sendBatch` input. */
export interface ProducerBatch {
  acks?: number;
  timeout?: number;
  compression?: number;
  topicMessages?: { topic: string; messages: Message[] }[];
}

/** One entry per topic-partition written, like kafkajs. */
export interface RecordMetadata {
  topicName: string;
  partition: number;
  errorCode: number;
  baseOffset?: string;
  logAppendTime?: string;
  logStartOffset?: string;
  offset?: string;
  timestamp?: string;
}

/** A record as `eachMessage` receives it. */
export interface KafkaMessage {
  magicByte: number;
  isControlRecord: boolean;
  key: Buffer | null;
  value: Buffer | null;
  timestamp: string;
  attributes: number;
  offset: string;
  headers: IHeaders;
  size?: never;
}

/** `eachMessage` payload. */
export interface EachMessagePayload {
  topic: string;
  partition: number;
  message: KafkaMessage;
  heartbeat(): Promise<void>;
  pause(): () => void;
}

/** The batch `eachBatch` receives. */
export interface Batch {
  topic: string;
  partition: number;
  highWatermark: string;
  fetchedOffset: string;
  messages: KafkaMessage[];
  isEmpty(): boolean;
  isEmptyIncludingFiltered(): boolean;
  isEmptyDueToFiltering(): boolean;
  isEmptyControlRecord(): boolean;
  isEmptyDueToLogCompactedMessages(): boolean;
  firstOffset(): string | null;
  lastOffset(): string;
  offsetLag(): string;
  offsetLagLow(): string;
}

/** One committed or to-be-committed position. */
export interface TopicPartitionOffset {
  topic: string;
  partition: number;
  offset: string;
}

/** `commitOffsets` entry. */
export interface TopicPartitionOffsetAndMetadata extends TopicPartitionOffset {
  metadata?: string | null;
}

/** Offsets grouped by topic, as `uncommittedOffsets` and `commitOffsetsIfNecessary` use. */
export interface OffsetsByTopicPartition {
  topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
}

/** `eachBatch` payload. */
export interface EachBatchPayload {
  batch: Batch;
  resolveOffset(offset: string): void;
  heartbeat(): Promise<void>;
  pause(): () => void;
  commitOffsetsIfNecessary(offsets?: OffsetsByTopicPartition): Promise<void>;
  uncommittedOffsets(): OffsetsByTopicPartition;
  isRunning(): boolean;
  isStale(): boolean;
}

/** `consumer.run` options. */
export interface ConsumerRunConfig {
  autoCommit?: boolean;
  autoCommitInterval?: number | null;
  autoCommitThreshold?: number | null;
  eachBatchAutoResolve?: boolean;
  partitionsConsumedConcurrently?: number;
  eachMessage?: (payload: EachMessagePayload) => Promise<void>;
  eachBatch?: (payload: EachBatchPayload) => Promise<void>;
}

/** kafkajs retry options; the simulator uses them for handler retries and restarts. */
export interface RetryOptions {
  maxRetryTime?: number;
  initialRetryTime?: number;
  factor?: number;
  multiplier?: number;
  retries?: number;
  restartOnFailure?: (error: Error) => Promise<boolean>;
}

/** `kafka.consumer(config)`. */
export interface ConsumerConfig {
  groupId: string;
  sessionTimeout?: number;
  rebalanceTimeout?: number;
  heartbeatInterval?: number;
  maxBytesPerPartition?: number;
  minBytes?: number;
  maxBytes?: number;
  maxWaitTimeInMs?: number;
  retry?: RetryOptions;
  allowAutoTopicCreation?: boolean;
  maxInFlightRequests?: number;
  readUncommitted?: boolean;
  rackId?: string;
  partitionAssigners?: unknown[];
  metadataMaxAge?: number;
}

/** `kafka.producer(config)`. */
export interface ProducerConfig {
  createPartitioner?: ICustomPartitioner;
  retry?: RetryOptions;
  metadataMaxAge?: number;
  allowAutoTopicCreation?: boolean;
  idempotent?: boolean;
  transactionalId?: string;
  transactionTimeout?: number;
  maxInFlightRequests?: number;
}

/** `new Kafka(config)`; brokers and security settings are accepted and ignored. */
export interface KafkaConfig {
  brokers: string[] | (() => string[] | Promise<string[]>);
  clientId?: string;
  logLevel?: number;
  retry?: RetryOptions;
  [other: string]: unknown;
}

/** `admin.createTopics` topic entry. */
export interface ITopicConfig {
  topic: string;
  numPartitions?: number;
  replicationFactor?: number;
  replicaAssignment?: object[];
  configEntries?: { name: string; value: string }[];
}

/** What `consumer.on(...)` listeners receive. */
export interface InstrumentationEvent<T> {
  id: number;
  type: string;
  timestamp: number;
  payload: T;
}

/** The member assignment in a GROUP_JOIN event: topic → partitions. */
export type MemberAssignment = Record<string, number[]>;

/** GROUP_JOIN payload. */
export interface GroupJoinPayload {
  duration: number;
  groupId: string;
  isLeader: boolean;
  leaderId: string;
  groupProtocol: string;
  memberId: string;
  memberAssignment: MemberAssignment;
}

/** One group as `describeGroup` / `admin.describeGroups` report it. */
export interface GroupDescription {
  groupId: string;
  members: {
    memberId: string;
    clientId: string;
    clientHost: string;
    memberMetadata: null;
    memberAssignment: null;
  }[];
  protocol: string;
  protocolType: string;
  state: string;
  errorCode: number;
}
