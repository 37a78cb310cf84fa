/**
 * The simulated broker: Redis Pub/Sub, RabbitMQ and Kafka models behind ioredis-, amqplib- and
 * kafkajs-shaped clients, one trace, one scheduler. This file is the folder's only public door.
 */
export { createBroker } from './create-broker';
export type {
  Broker,
  BrokerOptions,
  ServiceModules,
  IoredisModule,
  AmqplibModule,
  KafkajsModule,
  RedisConstructor,
  AmqpConnect,
} from './create-broker';
export type { TraceEvent, TraceKind, BrokerModel } from './core/trace-event';
export { noFaults, type FaultSettings } from './core/fault-settings';
export { createRunClock, idleCapMs, type RunClock } from './core/run-clock';
export { systemClock, minSpeed, maxSpeed, type RealClock } from './core/real-clock';
export type { RedisClient, RedisClientOptions } from './redis/redis-client';
export type { AmqpConnection, SocketOptions } from './amqp/amqp-connection';
export type { AmqpChannel, AmqpConfirmChannel } from './amqp/amqp-channel';
export type { AmqpMessage, MessageProperties } from './amqp/amqp-types';
export { runThroughputBench, type ThroughputResult } from './bench/throughput-bench';
export { startVirtualBroker, type VirtualBroker } from './core/virtual-run';
