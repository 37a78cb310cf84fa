import { endpoint } from '../core/endpoint';

/**
 * The Kafka model's trace endpoints (the `from` and `to` of each trace event), built with the
 * broker-wide builders of `../core/endpoint.ts` that the flow view parses with: the model must
 * spell each kind the same way everywhere.
 */

/** The kinds of client a `Kafka` instance makes. */
export type KafkaClientKind = 'producer' | 'consumer' | 'admin';

export const kafkaEndpoint = {
  /** The broker itself: where clients connect, and who declares auto-created topics. */
  broker: endpoint.broker,
  /** A topic as a whole, where producers publish: `topic:orders`. */
  topic: endpoint.topic,
  /** One partition's log, where records are routed and fetched from: `topic:orders/0`. */
  topicPartition: endpoint.topicPartition,
  /** A consumer group on the coordinator, where offsets are committed: `group:billing`. */
  group: endpoint.group,
  /**
   * A client, `consumer:billing`. Two clients may share a clientId (one service, two
   * consumers); the `nth` one made gets `#n` (`consumer:billing#2`) so each stays its own hop.
   */
  client: (kind: KafkaClientKind, clientId: string, nth = 1): string =>
    endpoint.client(kind, nth === 1 ? clientId : `${clientId}#${nth}`),
} as const;
