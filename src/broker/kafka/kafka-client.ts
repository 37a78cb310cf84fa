import { checkProducerRetries } from './argument-checks';
import { KafkaAdmin } from './admin';
import type { ClientEnv } from './client-env';
import { KafkaConsumer } from './consumer';
import { KafkaJSNonRetriableError } from './errors';
import type { PartitionersExport } from './partitioners';
import { KafkaProducer } from './producer';
import type { ConsumerConfig, KafkaConfig, ProducerConfig } from './types';

/** The `Kafka` class a sandbox imports from 'kafkajs', bound to one simulated broker. */
export type KafkaClass = new (config: KafkaConfig) => {
  producer(config?: ProducerConfig): KafkaProducer;
  consumer(config: ConsumerConfig): KafkaConsumer;
  admin(config?: object): KafkaAdmin;
  logger(): { info(): void; warn(): void; error(): void; debug(): void };
};

/**
 * Builds the `Kafka` class over one simulated cluster. `brokers` is accepted and ignored:
 * every client talks to the simulator.
 */
export function createKafkaClass(env: ClientEnv, partitioners: PartitionersExport): KafkaClass {
  return class Kafka {
    private readonly clientId: string;
    private readonly retry: KafkaConfig['retry'];

    constructor(config: KafkaConfig) {
      if (config === undefined || config === null || config.brokers === undefined) {
        throw new KafkaJSNonRetriableError(
          'Failed to connect: brokers parameter should not be null',
        );
      }
      this.clientId = config.clientId ?? 'kafkajs';
      this.retry = config.retry;
    }

    /** A new producer. */
    producer(config: ProducerConfig = {}): KafkaProducer {
      // kafkajs merges the client's retry settings under the producer's (src/index.js).
      const retries = { ...this.retry, ...config.retry }.retries;
      checkProducerRetries(config.idempotent === true, retries);
      return new KafkaProducer(env, this.clientId, config, partitioners);
    }

    /** A new consumer in `config.groupId`. */
    consumer(config: ConsumerConfig): KafkaConsumer {
      return new KafkaConsumer(env, this.clientId, config ?? ({} as ConsumerConfig));
    }

    /** A new admin client. */
    admin(): KafkaAdmin {
      return new KafkaAdmin(env, this.clientId);
    }

    /** kafkajs's logger accessor; logs are not simulated. */
    logger(): { info(): void; warn(): void; error(): void; debug(): void } {
      const noop = (): void => undefined;
      return { info: noop, warn: noop, error: noop, debug: noop };
    }
  };
}
