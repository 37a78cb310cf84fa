/**
 * What a method of a simulated client returns, as seen by sandbox code. Across postMessage
 * everything is asynchronous, but the real APIs are not: `channel.publish()` returns a boolean,
 * `kafka.producer()` a producer, `redis.on()` the client itself. The guest answers those at once
 * from this table; the host runs the call in the same order, so the result is the same.
 */
export type ReturnShape =
  /** Awaited on the host; the answer comes back as a Promise (the default). */
  | 'promise'
  /** Returns the proxy itself (chaining, `on`). */
  | 'this'
  /** Fire-and-forget, returns undefined. */
  | 'void'
  /** Fire-and-forget, returns true (no back-pressure in the simulator). */
  | 'true'
  /** Returns a function that undoes the call (kafkajs `on` returns a remover). */
  | 'remover'
  /** Returns a remote object of this class: `sync` at once, otherwise as a Promise. */
  | { readonly remote: string; readonly sync: boolean };

/** A remote class: its non-default methods, constant properties, and which calls await callbacks. */
export interface RemoteClass {
  readonly methods: Readonly<Record<string, ReturnShape>>;
  readonly props?: Readonly<Record<string, unknown>>;
  /**
   * Methods whose callback arguments the library awaits (kafkajs `run({ eachMessage })`): a
   * throw there goes back to the library (which retries), instead of crashing the service.
   */
  readonly awaitedCallbacks?: readonly string[];
}

const emitter: Record<string, ReturnShape> = {
  on: 'this',
  once: 'this',
  off: 'this',
  addListener: 'this',
  prependListener: 'this',
  removeListener: 'this',
  removeAllListeners: 'this',
  setMaxListeners: 'this',
};

const kafkaEmitter: Record<string, ReturnShape> = { on: 'remover' };

/** Every class a sandbox can hold a proxy to, by name. */
export const remoteClasses: Readonly<Record<string, RemoteClass>> = {
  Redis: {
    methods: {
      ...emitter,
      disconnect: 'void',
      duplicate: { remote: 'Redis', sync: true },
      pipeline: { remote: 'RedisPipeline', sync: true },
      multi: { remote: 'RedisPipeline', sync: true },
    },
  },
  RedisPipeline: { methods: { exec: 'promise' } },
  AmqpConnection: {
    methods: {
      ...emitter,
      createChannel: { remote: 'AmqpChannel', sync: false },
      createConfirmChannel: { remote: 'AmqpChannel', sync: false },
    },
  },
  AmqpChannel: {
    methods: {
      ...emitter,
      publish: 'true',
      sendToQueue: 'true',
      ack: 'void',
      ackAll: 'void',
      nack: 'void',
      nackAll: 'void',
      reject: 'void',
    },
  },
  Kafka: {
    methods: {
      producer: { remote: 'KafkaProducer', sync: true },
      consumer: { remote: 'KafkaConsumer', sync: true },
      admin: { remote: 'KafkaAdmin', sync: true },
    },
  },
  KafkaProducer: {
    methods: { ...kafkaEmitter, transaction: { remote: 'KafkaProducer', sync: false } },
    props: {
      events: {
        CONNECT: 'producer.connect',
        DISCONNECT: 'producer.disconnect',
        REQUEST: 'producer.network.request',
        REQUEST_TIMEOUT: 'producer.network.request_timeout',
        REQUEST_QUEUE_SIZE: 'producer.network.request_queue_size',
      },
    },
  },
  KafkaConsumer: {
    methods: { ...kafkaEmitter, pause: 'void', resume: 'void', seek: 'void' },
    awaitedCallbacks: ['run'],
    props: {
      events: {
        HEARTBEAT: 'consumer.heartbeat',
        COMMIT_OFFSETS: 'consumer.commit_offsets',
        GROUP_JOIN: 'consumer.group_join',
        FETCH_START: 'consumer.fetch_start',
        FETCH: 'consumer.fetch',
        START_BATCH_PROCESS: 'consumer.start_batch_process',
        END_BATCH_PROCESS: 'consumer.end_batch_process',
        CONNECT: 'consumer.connect',
        DISCONNECT: 'consumer.disconnect',
        STOP: 'consumer.stop',
        CRASH: 'consumer.crash',
        REBALANCING: 'consumer.rebalancing',
        RECEIVED_UNSUBSCRIBED_TOPICS: 'consumer.received_unsubscribed_topics',
      },
    },
  },
  KafkaAdmin: { methods: { ...kafkaEmitter } },
  Unknown: { methods: {} },
};

/** What calling or constructing a module export gives, keyed `module:path.to.export`. */
export const remoteExports: Readonly<Record<string, { construct?: string; call?: ReturnShape }>> = {
  'ioredis:default': { construct: 'Redis' },
  'ioredis:Redis': { construct: 'Redis' },
  'ioredis:default.Redis': { construct: 'Redis' },
  'amqplib:connect': { call: { remote: 'AmqpConnection', sync: false } },
  'amqplib:default.connect': { call: { remote: 'AmqpConnection', sync: false } },
  'kafkajs:Kafka': { construct: 'Kafka' },
  'kafkajs:default.Kafka': { construct: 'Kafka' },
};

/** The shape a method returns; unknown methods return a Promise, like most client calls. */
export function returnShape(className: string, method: string): ReturnShape {
  return remoteClasses[className]?.methods[method] ?? 'promise';
}

/** The key of a module export in {@link remoteExports}. */
export function exportKey(module: string, path: readonly string[]): string {
  return `${module}:${path.join('.')}`;
}
