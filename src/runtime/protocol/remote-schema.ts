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

/**
 * A remote class: the methods a sandbox may call on it, their non-default return shapes,
 * constant properties, and which calls await callbacks.
 */
export interface RemoteClass {
  /**
   * Every method a guest may call on this class, as the real library exposes it and the
   * simulated client implements it. The host refuses anything else (inherited `Object`
   * members, runtime hooks such as `processCrashed`, private helpers): sandbox code is
   * untrusted, and a name it chooses must never reach an arbitrary host function.
   */
  readonly callable: readonly string[];
  /** Return shapes that are not `promise`. A name here is callable only if also in `callable`. */
  readonly methods: Readonly<Record<string, ReturnShape>>;
  readonly props?: Readonly<Record<string, unknown>>;
  /**
   * Methods whose callback arguments the library awaits (kafkajs `run({ eachMessage })`): a
   * throw there goes back to the library (which retries), instead of crashing the service.
   */
  readonly awaitedCallbacks?: readonly string[];
}

/**
 * A frozen lookup table without a prototype: looked up by a name the sandbox chose, a plain
 * `{}` would answer `constructor`, `toString` or `__proto__` from `Object.prototype`.
 */
function table<T>(entries: Readonly<Record<string, T>>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}

/** A class as declared here, its lookup tables made safe. */
function remoteClass(spec: RemoteClass): RemoteClass {
  return Object.freeze({
    ...spec,
    callable: Object.freeze([...spec.callable]),
    methods: table(spec.methods),
    ...(spec.props ? { props: table(spec.props) } : {}),
  });
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

/** What the simulator's EventEmitter implements (no `prependListener`, `setMaxListeners`). */
const emitterCallable = [
  'on',
  'once',
  'off',
  'addListener',
  'removeListener',
  'removeAllListeners',
  'listenerCount',
  'listeners',
  'emit',
];

const kafkaEmitter: Record<string, ReturnShape> = { on: 'remover' };

/**
 * Every class a sandbox can hold a proxy to, by name. Some shapes name methods the simulator
 * does not implement (`pipeline`, `transaction`, an admin's `on`): they stay out of
 * `callable`, so calling them fails with "… is not a function of … in the simulator".
 */
export const remoteClasses: Readonly<Record<string, RemoteClass>> = table({
  Redis: remoteClass({
    callable: [
      ...emitterCallable,
      'connect',
      'duplicate',
      'publish',
      'subscribe',
      'psubscribe',
      'unsubscribe',
      'punsubscribe',
      'ping',
      'get',
      'set',
      'incr',
      'incrby',
      'decr',
      'del',
      'exists',
      'expire',
      'pexpire',
      'ttl',
      'pttl',
      'sadd',
      'srem',
      'sismember',
      'smembers',
      'scard',
      'quit',
      'disconnect',
    ],
    methods: {
      ...emitter,
      disconnect: 'void',
      duplicate: { remote: 'Redis', sync: true },
      pipeline: { remote: 'RedisPipeline', sync: true },
      multi: { remote: 'RedisPipeline', sync: true },
    },
  }),
  RedisPipeline: remoteClass({ callable: [], methods: { exec: 'promise' } }),
  AmqpConnection: remoteClass({
    callable: [...emitterCallable, 'createChannel', 'createConfirmChannel', 'close'],
    methods: {
      ...emitter,
      createChannel: { remote: 'AmqpChannel', sync: false },
      createConfirmChannel: { remote: 'AmqpChannel', sync: false },
    },
  }),
  // Plain and confirm channels share this class; `waitForConfirms` is found only on the latter.
  AmqpChannel: remoteClass({
    callable: [
      ...emitterCallable,
      'assertQueue',
      'checkQueue',
      'deleteQueue',
      'purgeQueue',
      'bindQueue',
      'unbindQueue',
      'assertExchange',
      'checkExchange',
      'deleteExchange',
      'bindExchange',
      'unbindExchange',
      'publish',
      'sendToQueue',
      'consume',
      'cancel',
      'get',
      'ack',
      'ackAll',
      'nack',
      'nackAll',
      'reject',
      'recover',
      'prefetch',
      'qos',
      'close',
      'waitForConfirms',
    ],
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
  }),
  Kafka: remoteClass({
    callable: ['producer', 'consumer', 'admin', 'logger'],
    methods: {
      producer: { remote: 'KafkaProducer', sync: true },
      consumer: { remote: 'KafkaConsumer', sync: true },
      admin: { remote: 'KafkaAdmin', sync: true },
    },
  }),
  KafkaProducer: remoteClass({
    callable: ['connect', 'disconnect', 'send', 'sendBatch', 'isIdempotent', 'on'],
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
  }),
  KafkaConsumer: remoteClass({
    callable: [
      'connect',
      'disconnect',
      'subscribe',
      'run',
      'stop',
      'commitOffsets',
      'seek',
      'pause',
      'resume',
      'paused',
      'describeGroup',
      'on',
      'logger',
    ],
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
  }),
  KafkaAdmin: remoteClass({
    callable: [
      'connect',
      'disconnect',
      'createTopics',
      'createPartitions',
      'deleteTopics',
      'listTopics',
      'listGroups',
      'describeGroups',
      'fetchTopicOffsets',
      'fetchOffsets',
      'resetOffsets',
      'setOffsets',
    ],
    methods: { ...kafkaEmitter },
  }),
  Unknown: remoteClass({ callable: [], methods: {} }),
});

/** What calling or constructing a module export gives, keyed `module:path.to.export`. */
export const remoteExports: Readonly<Record<string, { construct?: string; call?: ReturnShape }>> =
  table({
    'ioredis:default': { construct: 'Redis' },
    'ioredis:Redis': { construct: 'Redis' },
    'ioredis:default.Redis': { construct: 'Redis' },
    'amqplib:connect': { call: { remote: 'AmqpConnection', sync: false } },
    'amqplib:default.connect': { call: { remote: 'AmqpConnection', sync: false } },
    'kafkajs:Kafka': { construct: 'Kafka' },
    'kafkajs:default.Kafka': { construct: 'Kafka' },
  });

/** The shape a method returns; other methods return a Promise, like most client calls. */
export function returnShape(className: string, method: string): ReturnShape {
  const methods = remoteClasses[className]?.methods;
  return (methods && Object.hasOwn(methods, method) ? methods[method] : undefined) ?? 'promise';
}

/** Whether sandbox code may call `method` on a remote object of `className`. */
export function isCallable(className: string, method: string): boolean {
  return remoteClasses[className]?.callable.includes(method) ?? false;
}

/** The key of a module export in {@link remoteExports}. */
export function exportKey(module: string, path: readonly string[]): string {
  return `${module}:${path.join('.')}`;
}
