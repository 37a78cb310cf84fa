import { asyncScheduler, type Observable, type SchedulerLike } from 'rxjs';
import { BrokerCore } from './core/broker-core';
import type { BrokerModel, ModelInstance } from './core/broker-model';
import { noFaults, type FaultSettings } from './core/fault-settings';
import type { TraceEvent } from './core/trace-event';
import { brokerModels } from './models';
import type { RedisClient, RedisClientOptions } from './redis/redis-client';
import type { IoredisModule } from './redis/model';
import type { AmqpConnect, AmqplibModule } from './amqp/model';
import type { KafkajsModule } from './kafka/model';
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
  /** The models this broker hosts (default: every model in `src/broker/models.ts`). */
  readonly models?: readonly BrokerModel[];
}

/**
 * The client modules one sandbox service imports, keyed by specifier (`ioredis`, `amqplib`,
 * `kafkajs`, and those of any other model the broker hosts). Each is built on first access.
 */
export interface ServiceModules {
  readonly ioredis: IoredisModule;
  readonly amqplib: AmqplibModule;
  readonly kafkajs: KafkajsModule;
  readonly [specifier: string]: unknown;
}

/** One simulated broker hosting every model on one scheduler, one trace and one seed. */
export interface Broker {
  /** Every hop of every message, hot and unbuffered. */
  readonly trace$: Observable<TraceEvent>;
  readonly scheduler: SchedulerLike;
  /** The import specifiers this broker serves (`ioredis`, `amqplib`, `kafkajs`…). */
  readonly moduleNames: readonly string[];
  /** Module objects for a sandbox service: client names default to `serviceName`. */
  modulesFor(serviceName: string): ServiceModules;
  /** A new ioredis-shaped client named `client` (tests and benches). */
  redis(options?: RedisClientOptions): RedisClient;
  /** amqplib's `connect`, for a client named `client` (tests and benches). */
  readonly amqp: { connect: AmqpConnect };
  /** `new Kafka(config)` for a client named `client` (tests and benches). */
  kafka(config?: KafkaConfig): InstanceType<KafkajsModule['Kafka']>;
  setFaults(faults: FaultSettings): void;
  faults(): FaultSettings;
  /** Drops every connection of `clientName` in every model abruptly; returns how many. */
  crash(clientName: string): number;
  /** Broker restart: each model keeps what its real server keeps (`BrokerModel.restartText`). */
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
  const models = options.models ?? brokerModels;
  const modelOptions = options.queueCap === undefined ? {} : { queueCap: options.queueCap };
  // Built on first use, so a Redis sandbox never pays for the Kafka model.
  const instances = new Map<BrokerModel, ModelInstance>();
  const instanceOf = (model: BrokerModel): ModelInstance => {
    let instance = instances.get(model);
    if (instance === undefined) {
      instance = model.create(core.contextFor(model.name), modelOptions);
      instances.set(model, instance);
    }
    return instance;
  };
  const modelBySpecifier = new Map<string, BrokerModel>();
  for (const model of models) {
    for (const specifier of model.modules) modelBySpecifier.set(specifier, model);
  }

  const modulesFor = (serviceName: string): ServiceModules => {
    const served: Record<string, unknown> = {};
    for (const [specifier, model] of modelBySpecifier) {
      let module: unknown;
      Object.defineProperty(served, specifier, {
        enumerable: true,
        get: () => (module ??= instanceOf(model).modulesFor(serviceName)[specifier]),
      });
    }
    return served as ServiceModules;
  };

  const anonymous = 'client';
  return {
    trace$: core.hub.trace$,
    scheduler,
    moduleNames: [...modelBySpecifier.keys()],
    modulesFor,
    redis: (redisOptions) => new (modulesFor(anonymous).ioredis.default)(redisOptions ?? {}),
    amqp: {
      connect: (url, socketOptions) => modulesFor(anonymous).amqplib.connect(url, socketOptions),
    },
    kafka: (config) =>
      new (modulesFor(anonymous).kafkajs.Kafka)(config ?? { brokers: ['localhost:9092'] }),
    setFaults: (faults) => core.setFaults(faults),
    faults: () => core.faults(),
    crash(clientName) {
      let connections = 0;
      for (const instance of instances.values()) connections += instance.crash(clientName);
      return connections;
    },
    restart() {
      for (const instance of instances.values()) instance.restart();
    },
    close() {
      core.close();
    },
  };
}
