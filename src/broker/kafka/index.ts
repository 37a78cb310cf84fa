/**
 * The simulated Kafka broker and its kafkajs-shaped client. This file is the folder's only
 * public door.
 */
import type { ModelContext } from '../core/model-context';
import type { ClientEnv, RestartableClient } from './client-env';
import { Cluster, type KafkaModelOptions } from './cluster';
import { ConsumerGroup } from './consumer-group';
import { kafkaEndpoint } from './endpoints';
import { createKafkaClass, type KafkaClass } from './kafka-client';
import { createPartitioners, type PartitionersExport } from './partitioners';

export type { KafkaModelOptions } from './cluster';
export type { KafkaClass } from './kafka-client';
export type { KafkaConsumer } from './consumer';
export type { KafkaProducer } from './producer';
export type { KafkaAdmin } from './admin';
export type * from './types';
export {
  KafkaJSError,
  KafkaJSNonRetriableError,
  KafkaJSProtocolError,
  KafkaJSNumberOfRetriesExceeded,
} from './errors';

/** kafkajs's `logLevel` enum. */
export const logLevel = { NOTHING: 0, ERROR: 1, WARN: 2, INFO: 4, DEBUG: 5 } as const;

/** kafkajs's `CompressionTypes`; the simulator accepts the setting and stores records as sent. */
export const CompressionTypes = { None: 0, GZIP: 1, Snappy: 2, LZ4: 3, ZSTD: 4 } as const;

/** What `createKafkaModel` returns: the 'kafkajs' module surface plus broker controls. */
export interface KafkaModel {
  readonly Kafka: KafkaClass;
  readonly Partitioners: PartitionersExport;
  readonly logLevel: typeof logLevel;
  readonly CompressionTypes: typeof CompressionTypes;
  /** Restarts the broker: logs and committed offsets survive, connections and groups do not. */
  restart(): void;
  /**
   * Kills every client built with `clientId` as if its process died; returns how many.
   * Consumers leave their group only after their sessionTimeout.
   */
  crash(clientId: string): number;
}

/**
 * Creates one simulated Kafka broker on `ctx` and the kafkajs-shaped client bound to it.
 *
 * @example
 * const { Kafka } = createKafkaModel(ctx);
 * const kafka = new Kafka({ clientId: 'shop', brokers: ['localhost:9092'] });
 * const producer = kafka.producer();
 * await producer.connect();
 * await producer.send({ topic: 'orders', messages: [{ key: 'o1', value: 'created' }] });
 */
export function createKafkaModel(ctx: ModelContext, options: KafkaModelOptions = {}): KafkaModel {
  const cluster = new Cluster(ctx, options);
  const groups = new Map<string, ConsumerGroup>();
  const clients = new Set<RestartableClient>();
  const labels = new Map<string, number>();
  const rebalanceTimeoutMs = 60_000;

  const env: ClientEnv = {
    ctx,
    cluster,
    groups,
    clients,
    group(groupId) {
      let group = groups.get(groupId);
      if (group === undefined) {
        group = new ConsumerGroup(cluster, groupId, () => rebalanceTimeoutMs);
        groups.set(groupId, group);
      }
      return group;
    },
    label(kind, clientId) {
      const base = kafkaEndpoint.client(kind, clientId);
      const count = (labels.get(base) ?? 0) + 1;
      labels.set(base, count);
      return kafkaEndpoint.client(kind, clientId, count);
    },
    sleep(ms) {
      return new Promise((resolve) => ctx.scheduler.schedule(() => resolve(), ms));
    },
  };

  // A new topic or more partitions: groups following that topic rebalance (Kafka 6).
  cluster.onTopologyChange = (topic) => {
    for (const group of groups.values()) if (group.follows(topic)) group.requestRebalance();
  };

  const Partitioners = createPartitioners(() => ctx.random());

  return {
    Kafka: createKafkaClass(env, Partitioners),
    Partitioners,
    logLevel,
    CompressionTypes,
    restart() {
      ctx.trace({ kind: 'restarted', from: kafkaEndpoint.broker, to: kafkaEndpoint.broker });
      for (const group of groups.values()) group.evictAll();
      for (const client of [...clients]) client.brokerRestarted();
    },
    crash(clientId) {
      const victims = [...clients].filter((client) => client.clientId === clientId);
      for (const client of victims) client.processCrashed();
      return victims.length;
    },
  };
}
