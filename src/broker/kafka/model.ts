import type { BrokerModel } from '../core/broker-model';
import { kafkaSurface } from './client-surface';
import { createKafkaModel, type KafkaModel } from './index';
import type { KafkaConfig } from './types';

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

/** Kafka (partitioned logs, consumer groups, offsets) behind a kafkajs-shaped client. */
export const kafkaModel: BrokerModel = {
  name: 'kafka',
  title: 'Kafka',
  modules: ['kafkajs'],
  surfaces: [kafkaSurface],
  restartText:
    'Kafka restarted: the logs and committed offsets are kept; clients reconnect, consumer groups rebalance, and uncommitted progress is read again.',
  create(ctx) {
    const model = createKafkaModel(ctx);
    return {
      modulesFor(serviceName) {
        // A client's id defaults to the service's name, as a process would set it.
        class Kafka extends model.Kafka {
          constructor(config: KafkaConfig) {
            super({ clientId: serviceName, ...config });
          }
        }
        const { Partitioners, logLevel, CompressionTypes } = model;
        const surface = { Kafka, Partitioners, logLevel, CompressionTypes };
        const kafkajs: KafkajsModule = { ...surface, default: surface };
        return { kafkajs };
      },
      crash: (clientName) => model.crash(clientName),
      restart: () => model.restart(),
    };
  },
};
