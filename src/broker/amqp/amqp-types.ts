import type { Bytes } from '../core/bytes';

/** Message properties as amqplib hands them to consumers (absent ones are `undefined`). */
export interface MessageProperties {
  contentType: string | undefined;
  contentEncoding: string | undefined;
  headers: Record<string, unknown>;
  deliveryMode: number | undefined;
  priority: number | undefined;
  correlationId: string | undefined;
  replyTo: string | undefined;
  expiration: string | undefined;
  messageId: string | undefined;
  timestamp: number | undefined;
  type: string | undefined;
  userId: string | undefined;
  appId: string | undefined;
  clusterId: string | undefined;
}

/** `fields` of a message delivered to a consumer. */
export interface DeliveryFields {
  consumerTag: string;
  deliveryTag: number;
  redelivered: boolean;
  exchange: string;
  routingKey: string;
}

/** `fields` of a message fetched with `get`. */
export interface GetFields {
  deliveryTag: number;
  redelivered: boolean;
  exchange: string;
  routingKey: string;
  messageCount: number;
}

/** `fields` of a message returned to its publisher (mandatory, no route). */
export interface ReturnFields {
  replyCode: number;
  replyText: string;
  exchange: string;
  routingKey: string;
}

/** A message as amqplib's consumers, `get` and 'return' listeners see it. */
export interface AmqpMessage<F = DeliveryFields> {
  content: Bytes;
  fields: F;
  properties: MessageProperties;
}

/** The publish options amqplib accepts (`Options.Publish`). */
export interface PublishOptions {
  readonly expiration?: string | number;
  readonly userId?: string;
  readonly CC?: string | string[];
  readonly BCC?: string | string[];
  readonly mandatory?: boolean;
  readonly persistent?: boolean;
  readonly deliveryMode?: boolean | number;
  readonly contentType?: string;
  readonly contentEncoding?: string;
  readonly headers?: Record<string, unknown>;
  readonly priority?: number;
  readonly correlationId?: string;
  readonly replyTo?: string;
  readonly messageId?: string;
  readonly timestamp?: number;
  readonly type?: string;
  readonly appId?: string;
}

/** The queue options amqplib accepts (`Options.AssertQueue`). */
export interface AssertQueueOptions {
  readonly exclusive?: boolean;
  readonly durable?: boolean;
  readonly autoDelete?: boolean;
  readonly arguments?: Record<string, unknown>;
  readonly messageTtl?: number;
  readonly expires?: number;
  readonly deadLetterExchange?: string;
  readonly deadLetterRoutingKey?: string;
  readonly maxLength?: number;
  readonly maxPriority?: number;
  readonly overflow?: string;
  readonly queueMode?: string;
}

/** The exchange options amqplib accepts (`Options.AssertExchange`). */
export interface AssertExchangeOptions {
  readonly durable?: boolean;
  readonly internal?: boolean;
  readonly autoDelete?: boolean;
  readonly alternateExchange?: string;
  readonly arguments?: Record<string, unknown>;
}

/** The consume options amqplib accepts (`Options.Consume`). */
export interface ConsumeOptions {
  readonly consumerTag?: string;
  readonly noLocal?: boolean;
  readonly noAck?: boolean;
  readonly exclusive?: boolean;
  readonly priority?: number;
  readonly arguments?: Record<string, unknown>;
}

/** A consumer callback: a message, or `null` when the server cancels the consumer. */
export type ConsumeCallback = (message: AmqpMessage | null) => void;
