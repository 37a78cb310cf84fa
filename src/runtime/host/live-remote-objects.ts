import type { Broker } from '../../broker';
import { liveNatsObjects } from './live-nats-objects';

/**
 * One live simulated object of every remote class a surface declares (two channels: plain and
 * confirm), made as a sandbox's imports make them. For tests that hold the declared surfaces
 * to what the host really runs.
 */
export async function liveRemoteObjects(broker: Broker): Promise<Record<string, object[]>> {
  const { ioredis, amqplib, kafkajs } = broker.modulesFor('surface');
  const connection = await amqplib.connect('amqp://localhost');
  const kafka = new kafkajs.Kafka({ brokers: ['localhost:9092'] });
  return {
    Redis: [new ioredis.default({ lazyConnect: true })],
    AmqpConnection: [connection],
    AmqpChannel: [await connection.createChannel(), await connection.createConfirmChannel()],
    Kafka: [kafka],
    KafkaProducer: [kafka.producer()],
    KafkaConsumer: [kafka.consumer({ groupId: 'g' })],
    KafkaAdmin: [kafka.admin()],
    KafkaLogger: [kafka.logger()],
    ...(await liveNatsObjects(broker)),
  };
}
