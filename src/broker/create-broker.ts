import { asyncScheduler, type Observable, type SchedulerLike } from 'rxjs';
import { BrokerCore } from './core/broker-core';
import { noFaults, type FaultSettings } from './core/fault-settings';
import type { TraceEvent } from './core/trace-event';
import { RedisModel } from './redis/redis-model';
import { RedisClient, type RedisClientOptions } from './redis/redis-client';
import { AmqpModel } from './amqp/amqp-model';
import { AmqpConnection, type SocketOptions } from './amqp/amqp-connection';
import { createKafkaModel, type KafkaModel } from './kafka/index';
import type { KafkaConfig } from './kafka/types';

/** Options of {@link createBroker}. */
export interface BrokerOptions {
  /** Every delay goes through it: the run's clock in a run, virtual time in tests. */
  readonly scheduler?: SchedulerLike;
  /** Seeds the PRNG behind faults and random choices; same seed + same calls → same trace. */
  readonly seed?: number;
  readonly faults?: FaultSettings;
  /** Ready messages an AMQP queue keeps when it has no `maxLength` (default 10,000). */
  readonly queueCap?: number;
  /**
   * A service's client emitted 'error' with no listener (an AMQP connection the broker
   * closed, say), which would end that service's Node process. Default: thrown.
   */
  readonly onUnhandledError?: (service: string, error: Error) => void;
}

/** `import Redis from 'ioredis'` as a sandbox sees it. */
export interface IoredisModule {
  readonly default: RedisConstructor;
  readonly Redis: RedisConstructor;
}

/** `new Redis()`, `new Redis(port, host, options)`, `new Redis(url, options)`, `new Redis(options)`. */
export type RedisConstructor = new (...args: unknown[]) => RedisClient;

/** `import amqp from 'amqplib'` as a sandbox sees it. */
export interface AmqplibModule {
  readonly default: { connect: AmqpConnect };
  readonly connect: AmqpConnect;
}

export type AmqpConnect = (url?: unknown, socketOptions?: SocketOptions) => Promise<AmqpConnection>;

/** `import { Kafka, Partitioners, logLevel, CompressionTypes } from 'kafkajs'` as a sandbox sees it. */
export interface KafkajsModule {
  readonly Kafka: KafkaModel['Kafka'];
  readonly Partitioners: KafkaModel['Partitioners'];
  readonly logLevel: KafkaModel['logLevel'];
  readonly CompressionTypes: KafkaModel['CompressionTypes'];
  readonly default: {
    readonly Kafka: KafkaModel['Kafka'];
    readonly Partitioners: KafkaModel['Partitioners'];
    readonly logLevel: KafkaModel['logLevel'];
    readonly CompressionTypes: KafkaModel['CompressionTypes'];
  };
}

/** The client modules one sandbox service imports, named after that service. */
export interface ServiceModules {
  readonly ioredis: IoredisModule;
  readonly amqplib: AmqplibModule;
  readonly kafkajs: KafkajsModule;
}

/** One simulated broker hosting the Redis, RabbitMQ and Kafka models on one scheduler. */
export interface Broker {
  /** Every hop of every message, hot and unbuffered. */
  readonly trace$: Observable<TraceEvent>;
  readonly scheduler: SchedulerLike;
  /** A new ioredis-shaped client (`new Redis(options)`). */
  redis(options?: RedisClientOptions): RedisClient;
  /** amqplib's `connect`. */
  readonly amqp: { connect: AmqpConnect };
  /** `new Kafka(config)` on this broker's Kafka model. */
  kafka(config?: KafkaConfig): InstanceType<KafkaModel['Kafka']>;
  /** Module objects for a sandbox service: client names default to `serviceName`. */
  modulesFor(serviceName: string): ServiceModules;
  setFaults(faults: FaultSettings): void;
  faults(): FaultSettings;
  /** Drops every connection of `clientName` (Redis, AMQP; Kafka clientId) abruptly; returns how many. */
  crash(clientName: string): number;
  /** Broker restart: transient state lost, durable queues with persistent messages and Kafka logs kept. */
  restart(): void;
  /** Ends the trace and stops every pending delivery. */
  close(): void;
}

/**
 * Creates a simulated broker.
 *
 * @example
 * const broker = createBroker({ seed: 7 });
 * broker.trace$.subscribe((e) => console.log(e.kind, e.from, '→', e.to));
 * const { ioredis } = broker.modulesFor('checkout');
 * const pub = new ioredis.default();
 * await pub.publish('orders', 'created'); // 0: nobody listens yet
 */
export function createBroker(options: BrokerOptions = {}): Broker {
  const scheduler = options.scheduler ?? asyncScheduler;
  const core = new BrokerCore(
    scheduler,
    options.seed ?? 1,
    options.faults ?? noFaults,
    options.onUnhandledError,
  );
  const redisModel = new RedisModel(core);
  const amqpModel = new AmqpModel(core);
  if (options.queueCap !== undefined) amqpModel.queueCap = options.queueCap;
  let kafkaModel: KafkaModel | undefined;
  const kafkaModelOf = (): KafkaModel => (kafkaModel ??= createKafkaModel(core.context));

  // Which models a run has used: a restart is traced only for those (the flow view would show
  // a Redis restart in a RabbitMQ sandbox otherwise).
  let redisUsed = false;
  let amqpUsed = false;

  const redisClass = (defaultName: string): RedisConstructor =>
    class Redis extends RedisClient {
      constructor(...args: unknown[]) {
        super(redisModel, core, defaultName, redisOptions(args));
        redisUsed = true;
      }
    };

  const connectAs =
    (defaultName: string): AmqpConnect =>
    (_url, socketOptions) => {
      const requested = socketOptions?.clientProperties?.connection_name;
      const name = typeof requested === 'string' ? requested : defaultName;
      amqpUsed = true;
      return Promise.resolve(new AmqpConnection(amqpModel, name, core, defaultName));
    };

  const kafkaClass = (defaultName: string): KafkaModel['Kafka'] => {
    const Base = kafkaModelOf().Kafka;
    return class Kafka extends Base {
      constructor(config: KafkaConfig) {
        super({ clientId: defaultName, ...config });
      }
    };
  };

  const anonymous = 'client';
  return {
    trace$: core.hub.trace$,
    scheduler,
    redis: (redisOpts) => {
      redisUsed = true;
      return new RedisClient(redisModel, core, anonymous, redisOpts ?? {});
    },
    amqp: { connect: connectAs(anonymous) },
    kafka: (config) => new (kafkaModelOf().Kafka)(config ?? { brokers: ['localhost:9092'] }),
    modulesFor(serviceName) {
      const Redis = redisClass(serviceName);
      const connect = connectAs(serviceName);
      let kafkajs: KafkajsModule | undefined;
      const kafka = (): KafkajsModule => {
        if (kafkajs) return kafkajs;
        const model = kafkaModelOf();
        const surface = {
          Kafka: kafkaClass(serviceName),
          Partitioners: model.Partitioners,
          logLevel: model.logLevel,
          CompressionTypes: model.CompressionTypes,
        };
        return (kafkajs = { ...surface, default: surface });
      };
      return {
        ioredis: { default: Redis, Redis },
        amqplib: { default: { connect }, connect },
        // The Kafka model is built on first use, so Redis/AMQP sandboxes never pay for it.
        get kafkajs() {
          return kafka();
        },
      };
    },
    setFaults: (faults) => core.setFaults(faults),
    faults: () => core.faults(),
    crash(clientName) {
      const redis = redisModel.crash(clientName);
      const amqp = amqpModel.crash(clientName);
      const kafka = kafkaModel?.crash(clientName) ?? 0;
      if (redis > 0)
        core.hub.emit('crashed', 'redis', clientName, 'redis', undefined, undefined, undefined, {
          connections: redis,
        });
      if (amqp > 0)
        core.hub.emit('crashed', 'amqp', clientName, 'rabbitmq', undefined, undefined, undefined, {
          connections: amqp,
        });
      return redis + amqp + kafka;
    },
    restart() {
      redisModel.restart();
      amqpModel.restart();
      kafkaModel?.restart();
      if (redisUsed) core.hub.emit('restarted', 'redis', 'broker', 'redis');
      if (amqpUsed) core.hub.emit('restarted', 'amqp', 'broker', 'rabbitmq');
    },
    close() {
      core.close();
    },
  };
}

/** Reads ioredis's constructor overloads down to the options object. */
function redisOptions(args: unknown[]): RedisClientOptions {
  for (const arg of args) {
    if (arg !== null && typeof arg === 'object') return arg as RedisClientOptions;
  }
  return {};
}
