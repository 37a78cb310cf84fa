// The server-side shapes the model's parts share: what a queue stores, what an exchange holds,
// and what the model needs from the client-side channel and connection (`amqp-channel.ts`,
// `amqp-connection.ts`), so the model never depends on the client classes themselves.
import type { Bytes } from '../core/bytes';
import type { AmqpFailure } from './amqp-errors';
import type { AmqpMessage, ConsumeCallback, MessageProperties, ReturnFields } from './amqp-types';
import type { Queue } from './queue';

/** How a publish went, for confirms: a reject-publish overflow makes the broker nack it. */
export type PublishOutcome = 'routed' | 'unroutable' | 'rejected';

/** What basic.ack, basic.nack and basic.reject ask of the broker for one delivery. */
export type SettleOutcome = 'ack' | 'requeue' | 'discard';

/** Why a message dies in a queue, spelt as RabbitMQ spells it in `x-death`. */
export type DeathReason = 'rejected' | 'expired' | 'maxlen';

/** One copy of a message sitting in one queue. */
export interface StoredMessage {
  readonly id: string;
  readonly content: Bytes;
  properties: MessageProperties;
  exchange: string;
  routingKey: string;
  redelivered: boolean;
  expiresAt: number;
  /** Position in its queue: a requeued message goes back to it. */
  seq: number;
  /** The payload as the trace shows it; only decoded while someone reads the trace. */
  readonly text: string | undefined;
}

/** A queue bound to an exchange with a key (and, for a headers exchange, arguments). */
export interface Binding {
  readonly queue: Queue;
  readonly key: string;
  readonly args: Record<string, unknown>;
  readonly matches: (routingKey: string) => boolean;
}

/** An exchange bound to another (exchange.bind): messages the source routes go on to it. */
export interface ExchangeBinding {
  readonly destination: string;
  readonly key: string;
  readonly args: Record<string, unknown>;
  readonly matches: (routingKey: string) => boolean;
}

/** An exchange: a name, a type and its bindings. */
export interface Exchange {
  readonly name: string;
  readonly type: string;
  readonly durable: boolean;
  readonly autoDelete: boolean;
  readonly internal: boolean;
  readonly alternate: string | undefined;
  bindings: Binding[];
  /** Exchange-to-exchange bindings with this exchange as their source. */
  exchangeBindings: ExchangeBinding[];
  /** Queues per routing key, computed once; any change to the bindings clears it. */
  routeCache: Map<string, Queue[]>;
}

/** A consumer registered on a queue through a channel. */
export interface Consumer {
  readonly tag: string;
  readonly channel: ServerChannel;
  readonly queue: Queue;
  readonly noAck: boolean;
  readonly prefetch: number;
  unacked: number;
  readonly callback: ConsumeCallback;
}

/** An outstanding (delivered, unacked) message on a channel. */
export interface Unacked {
  readonly message: StoredMessage;
  readonly queue: Queue;
  /** Undefined for a basic.get: no consumer's prefetch slot is taken. */
  readonly consumer: Consumer | undefined;
}

/** What the model needs from a client channel (implemented by `AmqpChannel`). */
export interface ServerChannel {
  readonly clientName: string;
  readonly connection: ServerConnection;
  /** Server side: tags outstanding on this channel, in tag order. */
  readonly unacked: Map<number, Unacked>;
  readonly consumers: Map<string, Consumer>;
  nextDeliveryTag: number;
  prefetchPerConsumer: number;
  prefetchGlobal: number;
  /** Set once the server has failed this channel: later methods on it are ignored. */
  failed: boolean;
  /** Hands a delivery to the consumer callback. */
  deliver(consumer: Consumer, message: AmqpMessage): void;
  /** basic.return of a mandatory message nobody could take. */
  returned(message: AmqpMessage<ReturnFields>): void;
  /** The server closes this channel with `failure` (asynchronously, like a frame arriving). */
  fail(failure: AmqpFailure): void;
}

/** What the model needs from a client connection. */
export interface ServerConnection {
  readonly clientName: string;
  /** The user it authenticated as (a publish's `userId` must name it). */
  readonly user: string;
  readonly channels: Set<ServerChannel>;
  /** The server drops this connection (crash, restart, connection-level error). */
  drop(error: Error): void;
}
