/**
 * The Kafka model's trace endpoints (the `from` and `to` of each trace event), each kind built
 * here only: the flow view parses these strings back into nodes, so the model must spell each
 * kind the same way everywhere.
 */

/** The kinds of client a `Kafka` instance makes. */
export type KafkaClientKind = 'producer' | 'consumer' | 'admin';

export const kafkaEndpoint = {
  /** The broker itself: where clients connect, and who declares auto-created topics. */
  broker: 'broker',
  /** A topic as a whole, where producers publish: `topic:orders`. */
  topic: (name: string): string => `topic:${name}`,
  /** One partition's log, where records are routed and fetched from: `topic:orders/0`. */
  topicPartition: (topic: string, partition: number): string => `topic:${topic}/${partition}`,
  /** A consumer group on the coordinator, where offsets are committed: `group:billing`. */
  group: (groupId: string): string => `group:${groupId}`,
  /**
   * A client, `consumer:billing`. Two clients may share a clientId (one service, two
   * consumers); the `nth` one made gets `#n` (`consumer:billing#2`) so each stays its own hop.
   */
  client: (kind: KafkaClientKind, clientId: string, nth = 1): string =>
    nth === 1 ? `${kind}:${clientId}` : `${kind}:${clientId}#${nth}`,
} as const;
