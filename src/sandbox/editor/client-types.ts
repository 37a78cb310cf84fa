/**
 * Type declarations given to Monaco (`addExtraLib`) so completion and checking work on
 * sandbox code: the subset of ioredis, amqplib and kafkajs the simulator implements, plus
 * the few Node globals sandbox services use. Shapes follow each package's own typings, in
 * compact form; `client-types.test.ts` checks every sandbox file against them.
 */
export const CLIENT_TYPES = String.raw`
type BufferEncoding = 'utf8' | 'utf-8' | 'base64' | 'base64url' | 'hex' | 'latin1' | 'binary' | 'ascii';
interface Buffer extends Uint8Array {
  toString(encoding?: BufferEncoding): string;
  toJSON(): { type: 'Buffer'; data: number[] };
  equals(other: Uint8Array): boolean;
}
declare var Buffer: {
  from(data: string, encoding?: BufferEncoding): Buffer;
  from(data: ArrayLike<number> | ArrayBuffer): Buffer;
  alloc(size: number): Buffer;
  isBuffer(value: unknown): value is Buffer;
  byteLength(text: string, encoding?: BufferEncoding): number;
  concat(list: readonly Uint8Array[]): Buffer;
};
declare var process: {
  env: Record<string, string | undefined>;
  argv: string[];
  pid: number;
  exit(code?: number): never;
  exitCode: number | undefined;
  on(event: 'SIGINT' | 'SIGTERM' | 'exit', listener: (...args: any[]) => void): void;
  nextTick(callback: (...args: any[]) => void): void;
  hrtime: { bigint(): bigint };
  uptime(): number;
};

declare module 'ioredis' {
  type RedisKey = string | Buffer;
  type RedisValue = string | Buffer | number;
  type Callback<T> = (err: Error | null, result?: T) => void;
  type StreamEntry = [id: string, fields: string[]];
  interface RedisOptions {
    host?: string;
    port?: number;
    username?: string;
    password?: string;
    db?: number;
    name?: string;
    connectionName?: string;
    lazyConnect?: boolean;
    maxRetriesPerRequest?: number | null;
    enableReadyCheck?: boolean;
    retryStrategy?: (times: number) => number | null | void;
    keyPrefix?: string;
  }
  class Redis {
    constructor();
    constructor(url: string, options?: RedisOptions);
    constructor(port: number, host?: string, options?: RedisOptions);
    constructor(options: RedisOptions);
    readonly status: 'wait' | 'connecting' | 'connect' | 'ready' | 'close' | 'reconnecting' | 'end';
    readonly options: RedisOptions;
    connect(): Promise<void>;
    quit(): Promise<'OK'>;
    disconnect(reconnect?: boolean): void;
    duplicate(override?: Partial<RedisOptions>): Redis;
    on(event: 'message', listener: (channel: string, message: string) => void): this;
    on(event: 'messageBuffer', listener: (channel: Buffer, message: Buffer) => void): this;
    on(event: 'pmessage', listener: (pattern: string, channel: string, message: string) => void): this;
    on(event: 'connect' | 'ready' | 'close' | 'end' | 'reconnecting', listener: () => void): this;
    on(event: 'error', listener: (err: Error) => void): this;
    on(event: string, listener: (...args: any[]) => void): this;
    once(event: string, listener: (...args: any[]) => void): this;
    off(event: string, listener: (...args: any[]) => void): this;
    removeAllListeners(event?: string): this;

    publish(channel: string | Buffer, message: RedisValue): Promise<number>;
    subscribe(...channels: (string | Buffer)[]): Promise<unknown>;
    unsubscribe(...channels: (string | Buffer)[]): Promise<unknown>;
    psubscribe(...patterns: string[]): Promise<unknown>;
    punsubscribe(...patterns: string[]): Promise<unknown>;

    get(key: RedisKey): Promise<string | null>;
    set(key: RedisKey, value: RedisValue, ...args: (string | number)[]): Promise<'OK' | null>;
    del(...keys: RedisKey[]): Promise<number>;
    exists(...keys: RedisKey[]): Promise<number>;
    incr(key: RedisKey): Promise<number>;
    incrby(key: RedisKey, increment: number | string): Promise<number>;
    decr(key: RedisKey): Promise<number>;
    expire(key: RedisKey, seconds: number | string): Promise<number>;
    ttl(key: RedisKey): Promise<number>;
    keys(pattern: string): Promise<string[]>;
    hset(key: RedisKey, ...args: (RedisValue | Record<string, RedisValue>)[]): Promise<number>;
    hget(key: RedisKey, field: string): Promise<string | null>;
    hgetall(key: RedisKey): Promise<Record<string, string>>;
    hincrby(key: RedisKey, field: string, increment: number | string): Promise<number>;
    sadd(key: RedisKey, ...members: RedisValue[]): Promise<number>;
    sismember(key: RedisKey, member: RedisValue): Promise<number>;
    smembers(key: RedisKey): Promise<string[]>;

    lpush(key: RedisKey, ...values: RedisValue[]): Promise<number>;
    rpush(key: RedisKey, ...values: RedisValue[]): Promise<number>;
    lpop(key: RedisKey): Promise<string | null>;
    rpop(key: RedisKey): Promise<string | null>;
    llen(key: RedisKey): Promise<number>;
    lrange(key: RedisKey, start: number | string, stop: number | string): Promise<string[]>;
    brpop(...args: [...keys: RedisKey[], timeout: number | string]): Promise<[key: string, value: string] | null>;
    blpop(...args: [...keys: RedisKey[], timeout: number | string]): Promise<[key: string, value: string] | null>;
    lmove(source: RedisKey, destination: RedisKey, from: 'LEFT' | 'RIGHT', to: 'LEFT' | 'RIGHT'): Promise<string | null>;
    blmove(source: RedisKey, destination: RedisKey, from: 'LEFT' | 'RIGHT', to: 'LEFT' | 'RIGHT', timeout: number | string): Promise<string | null>;
    lrem(key: RedisKey, count: number | string, element: RedisValue): Promise<number>;

    xadd(key: RedisKey, ...args: RedisValue[]): Promise<string | null>;
    xlen(key: RedisKey): Promise<number>;
    xrange(key: RedisKey, start: string, end: string, ...args: (string | number)[]): Promise<StreamEntry[]>;
    xrevrange(key: RedisKey, end: string, start: string, ...args: (string | number)[]): Promise<StreamEntry[]>;
    xread(...args: RedisValue[]): Promise<[key: string, entries: StreamEntry[]][] | null>;
    xreadgroup(...args: RedisValue[]): Promise<[key: string, entries: StreamEntry[]][] | null>;
    xgroup(...args: RedisValue[]): Promise<unknown>;
    xack(key: RedisKey, group: string, ...ids: string[]): Promise<number>;
    xdel(key: RedisKey, ...ids: string[]): Promise<number>;
    xtrim(key: RedisKey, ...args: RedisValue[]): Promise<number>;
    xpending(key: RedisKey, group: string, ...args: RedisValue[]): Promise<unknown[]>;
    xclaim(key: RedisKey, group: string, consumer: string, minIdleTime: number | string, ...ids: RedisValue[]): Promise<StreamEntry[]>;
    xautoclaim(key: RedisKey, group: string, consumer: string, minIdleTime: number | string, start: string, ...args: RedisValue[]): Promise<[next: string, entries: StreamEntry[], deleted?: string[]]>;
    xinfo(...args: RedisValue[]): Promise<unknown>;

    ping(message?: string): Promise<string>;
    call(command: string, ...args: RedisValue[]): Promise<unknown>;
    multi(): Pipeline;
    pipeline(): Pipeline;
  }
  interface Pipeline {
    [command: string]: any;
    exec(): Promise<[error: Error | null, result: unknown][] | null>;
  }
  export default Redis;
  export { Redis, RedisOptions, Callback, Pipeline };
}

declare module 'amqplib' {
  interface Options {
    AssertQueue: {
      exclusive?: boolean;
      durable?: boolean;
      autoDelete?: boolean;
      arguments?: Record<string, unknown>;
      messageTtl?: number;
      expires?: number;
      deadLetterExchange?: string;
      deadLetterRoutingKey?: string;
      maxLength?: number;
      maxPriority?: number;
    };
    AssertExchange: {
      durable?: boolean;
      internal?: boolean;
      autoDelete?: boolean;
      alternateExchange?: string;
      arguments?: Record<string, unknown>;
    };
    Publish: {
      expiration?: string | number;
      userId?: string;
      CC?: string | string[];
      BCC?: string | string[];
      mandatory?: boolean;
      persistent?: boolean;
      deliveryMode?: boolean | number;
      contentType?: string;
      contentEncoding?: string;
      headers?: Record<string, unknown>;
      priority?: number;
      correlationId?: string;
      replyTo?: string;
      messageId?: string;
      timestamp?: number;
      type?: string;
      appId?: string;
    };
    Consume: {
      consumerTag?: string;
      noLocal?: boolean;
      noAck?: boolean;
      exclusive?: boolean;
      priority?: number;
      arguments?: Record<string, unknown>;
    };
    Get: { noAck?: boolean };
    DeleteQueue: { ifUnused?: boolean; ifEmpty?: boolean };
    Connect: { hostname?: string; port?: number; username?: string; password?: string; vhost?: string; heartbeat?: number };
  }
  interface Replies {
    AssertQueue: { queue: string; messageCount: number; consumerCount: number };
    AssertExchange: { exchange: string };
    Consume: { consumerTag: string };
    Empty: {};
    PurgeQueue: { messageCount: number };
    DeleteQueue: { messageCount: number };
  }
  interface MessageFields {
    deliveryTag: number;
    redelivered: boolean;
    exchange: string;
    routingKey: string;
    consumerTag?: string;
    messageCount?: number;
  }
  interface MessageProperties {
    contentType: string | undefined;
    contentEncoding: string | undefined;
    headers: Record<string, any> | undefined;
    deliveryMode: number | undefined;
    priority: number | undefined;
    correlationId: string | undefined;
    replyTo: string | undefined;
    expiration: string | undefined;
    messageId: string | undefined;
    timestamp: number | undefined;
    type: string | undefined;
    userId: string | undefined;
    appId: string | undefined;
  }
  interface Message {
    content: Buffer;
    fields: MessageFields;
    properties: MessageProperties;
  }
  interface ConsumeMessage extends Message {
    fields: MessageFields & { consumerTag: string };
  }
  interface GetMessage extends Message {
    fields: MessageFields & { messageCount: number };
  }
  interface Channel {
    assertQueue(queue?: string, options?: Options['AssertQueue']): Promise<Replies['AssertQueue']>;
    checkQueue(queue: string): Promise<Replies['AssertQueue']>;
    deleteQueue(queue: string, options?: Options['DeleteQueue']): Promise<Replies['DeleteQueue']>;
    purgeQueue(queue: string): Promise<Replies['PurgeQueue']>;
    bindQueue(queue: string, source: string, pattern: string, args?: Record<string, unknown>): Promise<Replies['Empty']>;
    unbindQueue(queue: string, source: string, pattern: string, args?: Record<string, unknown>): Promise<Replies['Empty']>;
    assertExchange(exchange: string, type: 'direct' | 'topic' | 'headers' | 'fanout' | 'match' | string, options?: Options['AssertExchange']): Promise<Replies['AssertExchange']>;
    checkExchange(exchange: string): Promise<Replies['Empty']>;
    deleteExchange(exchange: string, options?: { ifUnused?: boolean }): Promise<Replies['Empty']>;
    bindExchange(destination: string, source: string, pattern: string, args?: Record<string, unknown>): Promise<Replies['Empty']>;
    publish(exchange: string, routingKey: string, content: Buffer, options?: Options['Publish']): boolean;
    sendToQueue(queue: string, content: Buffer, options?: Options['Publish']): boolean;
    consume(queue: string, onMessage: (msg: ConsumeMessage | null) => void, options?: Options['Consume']): Promise<Replies['Consume']>;
    cancel(consumerTag: string): Promise<Replies['Empty']>;
    get(queue: string, options?: Options['Get']): Promise<GetMessage | false>;
    ack(message: Message, allUpTo?: boolean): void;
    ackAll(): void;
    nack(message: Message, allUpTo?: boolean, requeue?: boolean): void;
    nackAll(requeue?: boolean): void;
    reject(message: Message, requeue?: boolean): void;
    prefetch(count: number, global?: boolean): Promise<Replies['Empty']>;
    recover(): Promise<Replies['Empty']>;
    close(): Promise<void>;
    on(event: 'return', listener: (msg: Message) => void): this;
    on(event: 'error' | 'close' | 'drain', listener: (...args: any[]) => void): this;
    on(event: string, listener: (...args: any[]) => void): this;
    once(event: string, listener: (...args: any[]) => void): this;
  }
  interface ConfirmChannel extends Channel {
    publish(exchange: string, routingKey: string, content: Buffer, options?: Options['Publish'], callback?: (err: any, ok: Replies['Empty']) => void): boolean;
    sendToQueue(queue: string, content: Buffer, options?: Options['Publish'], callback?: (err: any, ok: Replies['Empty']) => void): boolean;
    waitForConfirms(): Promise<void>;
  }
  interface ChannelModel {
    createChannel(): Promise<Channel>;
    createConfirmChannel(): Promise<ConfirmChannel>;
    close(): Promise<void>;
    on(event: 'error' | 'close' | 'blocked' | 'unblocked', listener: (...args: any[]) => void): this;
    on(event: string, listener: (...args: any[]) => void): this;
    once(event: string, listener: (...args: any[]) => void): this;
  }
  type Connection = ChannelModel;
  function connect(url?: string | Options['Connect'], socketOptions?: unknown): Promise<ChannelModel>;
  const amqp: { connect: typeof connect };
  export default amqp;
  export { connect, Channel, ConfirmChannel, ChannelModel, Connection, Message, ConsumeMessage, GetMessage, MessageFields, MessageProperties, Options, Replies };
}

declare module 'kafkajs' {
  type IHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;
  interface Message {
    key?: Buffer | string | null;
    value: Buffer | string | null;
    partition?: number;
    headers?: IHeaders;
    timestamp?: string;
  }
  interface KafkaMessage {
    key: Buffer | null;
    value: Buffer | null;
    timestamp: string;
    attributes: number;
    offset: string;
    size?: number;
    headers?: IHeaders;
  }
  interface RecordMetadata {
    topicName: string;
    partition: number;
    errorCode: number;
    offset?: string;
    timestamp?: string;
    baseOffset?: string;
  }
  interface ProducerRecord {
    topic: string;
    messages: Message[];
    acks?: number;
    timeout?: number;
    compression?: CompressionTypes;
  }
  interface ProducerBatch {
    topicMessages?: { topic: string; messages: Message[] }[];
    acks?: number;
    timeout?: number;
  }
  type ICustomPartitioner = () => (args: { topic: string; partitionMetadata: { partitionId: number }[]; message: Message }) => number;
  interface ProducerConfig {
    idempotent?: boolean;
    allowAutoTopicCreation?: boolean;
    transactionalId?: string;
    maxInFlightRequests?: number;
    createPartitioner?: ICustomPartitioner;
  }
  interface Producer {
    connect(): Promise<void>;
    disconnect(): Promise<void>;
    send(record: ProducerRecord): Promise<RecordMetadata[]>;
    sendBatch(batch: ProducerBatch): Promise<RecordMetadata[]>;
    on(event: string, listener: (...args: any[]) => void): () => void;
  }
  interface ConsumerConfig {
    groupId: string;
    sessionTimeout?: number;
    rebalanceTimeout?: number;
    heartbeatInterval?: number;
    maxBytesPerPartition?: number;
    minBytes?: number;
    maxBytes?: number;
    maxWaitTimeInMs?: number;
    allowAutoTopicCreation?: boolean;
    readUncommitted?: boolean;
  }
  interface EachMessagePayload {
    topic: string;
    partition: number;
    message: KafkaMessage;
    heartbeat(): Promise<void>;
    pause(): () => void;
  }
  interface Batch {
    topic: string;
    partition: number;
    highWatermark: string;
    messages: KafkaMessage[];
    isEmpty(): boolean;
    firstOffset(): string | null;
    lastOffset(): string;
  }
  interface EachBatchPayload {
    batch: Batch;
    resolveOffset(offset: string): void;
    heartbeat(): Promise<void>;
    commitOffsetsIfNecessary(offsets?: unknown): Promise<void>;
    isRunning(): boolean;
    isStale(): boolean;
    pause(): () => void;
  }
  interface ConsumerRunConfig {
    autoCommit?: boolean;
    autoCommitInterval?: number | null;
    autoCommitThreshold?: number | null;
    eachBatchAutoResolve?: boolean;
    partitionsConsumedConcurrently?: number;
    eachMessage?: (payload: EachMessagePayload) => Promise<void>;
    eachBatch?: (payload: EachBatchPayload) => Promise<void>;
  }
  interface TopicPartitionOffsetAndMetadata {
    topic: string;
    partition: number;
    offset: string;
    metadata?: string | null;
  }
  interface Consumer {
    connect(): Promise<void>;
    disconnect(): Promise<void>;
    subscribe(subscription: { topics: (string | RegExp)[]; fromBeginning?: boolean } | { topic: string | RegExp; fromBeginning?: boolean }): Promise<void>;
    stop(): Promise<void>;
    run(config?: ConsumerRunConfig): Promise<void>;
    commitOffsets(topicPartitions: TopicPartitionOffsetAndMetadata[]): Promise<void>;
    seek(topicPartitionOffset: { topic: string; partition: number; offset: string }): void;
    pause(topics: { topic: string; partitions?: number[] }[]): void;
    resume(topics: { topic: string; partitions?: number[] }[]): void;
    on(event: string, listener: (...args: any[]) => void): () => void;
    readonly events: Record<string, string>;
  }
  interface ITopicConfig {
    topic: string;
    numPartitions?: number;
    replicationFactor?: number;
    configEntries?: { name: string; value: string }[];
  }
  interface Admin {
    connect(): Promise<void>;
    disconnect(): Promise<void>;
    createTopics(options: { topics: ITopicConfig[]; waitForLeaders?: boolean; validateOnly?: boolean; timeout?: number }): Promise<boolean>;
    deleteTopics(options: { topics: string[]; timeout?: number }): Promise<void>;
    listTopics(): Promise<string[]>;
    fetchTopicOffsets(topic: string): Promise<{ partition: number; offset: string; high: string; low: string }[]>;
    fetchOffsets(options: { groupId: string; topics?: string[] }): Promise<{ topic: string; partitions: { partition: number; offset: string }[] }[]>;
    resetOffsets(options: { groupId: string; topic: string; earliest?: boolean }): Promise<void>;
    describeGroups(groupIds: string[]): Promise<{ groups: { groupId: string; state: string; members: { memberId: string; clientId: string }[] }[] }>;
  }
  interface KafkaConfig {
    brokers: string[];
    clientId?: string;
    connectionTimeout?: number;
    requestTimeout?: number;
    retry?: { retries?: number; initialRetryTime?: number; maxRetryTime?: number };
    logLevel?: logLevel;
    ssl?: boolean;
  }
  class Kafka {
    constructor(config: KafkaConfig);
    producer(config?: ProducerConfig): Producer;
    consumer(config: ConsumerConfig): Consumer;
    admin(): Admin;
  }
  enum logLevel { NOTHING = 0, ERROR = 1, WARN = 2, INFO = 4, DEBUG = 5 }
  enum CompressionTypes { None = 0, GZIP = 1, Snappy = 2, LZ4 = 3, ZSTD = 4 }
  const Partitioners: { DefaultPartitioner: ICustomPartitioner; LegacyPartitioner: ICustomPartitioner };
  export { Kafka, KafkaConfig, Producer, Consumer, Admin, Message, KafkaMessage, RecordMetadata, EachMessagePayload, EachBatchPayload, Batch, ConsumerConfig, ProducerConfig, ProducerRecord, IHeaders, ITopicConfig, logLevel, CompressionTypes, Partitioners };
}
`;
