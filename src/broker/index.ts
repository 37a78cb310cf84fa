/**
 * The simulated broker: broker models (Redis Pub/Sub, RabbitMQ, Kafka…, listed in `models.ts`)
 * behind their real clients' shapes, one trace, one scheduler. This file is the folder's only public door.
 */
export { createBroker } from './create-broker';
export type { Broker, BrokerOptions, ServiceModules } from './create-broker';
export { brokerModels, surfacesOf } from './models';
export type { BrokerModel, ModelInstance, ModelOptions } from './core/broker-model';
export type { ClientSurface } from './core/client-surface';
export type { ModelContext } from './core/model-context';
export type { IoredisModule, RedisConstructor } from './redis/model';
export type { AmqplibModule, AmqpConnect } from './amqp/model';
export type { KafkajsModule } from './kafka/model';
export { isModelName, type TraceEvent, type TraceKind, type ModelName } from './core/trace-event';
export { noFaults, type FaultSettings } from './core/fault-settings';
export { asFastAsPossible, createRunClock, idleCapMs, type RunClock } from './core/run-clock';
export { systemClock, minSpeed, maxSpeed, type RealClock } from './core/real-clock';
export type { RedisClient, RedisClientOptions } from './redis/redis-client';
export type { AmqpConnection, SocketOptions } from './amqp/amqp-connection';
export type { AmqpChannel, AmqpConfirmChannel } from './amqp/amqp-channel';
export type { AmqpMessage, MessageProperties } from './amqp/amqp-types';
export { runThroughputBench, type ThroughputResult } from './bench/throughput-bench';
export { startVirtualBroker, type VirtualBroker } from './core/virtual-run';
