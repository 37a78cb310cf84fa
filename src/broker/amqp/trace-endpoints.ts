/**
 * The `from`/`to` strings the RabbitMQ model writes on trace events, each kind built here and
 * nowhere else, so that the flow view's reading of them has one source to agree with. The object
 * has the shape of the broker-wide `endpoint` builders planned for `../core/`, so moving to those
 * is an import change. A client end is its connection's `clientName`, a bare service name.
 */
export const endpoint = {
  /** A named exchange: `exchange:orders`. */
  exchange: (name: string): string => `exchange:${name}`,
  /** The nameless default exchange, under the name RabbitMQ's management UI gives it. */
  defaultExchange: 'exchange:(AMQP default)',
  /** A queue: `queue:billing`. */
  queue: (name: string): string => `queue:${name}`,
  /** The server itself: the far end of connections, and the actor when it declares or deletes. */
  server: (name: 'rabbitmq'): string => name,
  /** The broker as a whole, as the simulator's restart names it. */
  broker: 'broker',
} as const;

/**
 * The exchange a message is published or dead-lettered to: `''` is the default exchange, which
 * readers know by its UI name rather than as an empty `exchange:`.
 */
export function addressedExchange(name: string): string {
  return name === '' ? endpoint.defaultExchange : endpoint.exchange(name);
}

/** The server end of connections, crashes and declarations; built once, written often. */
export const rabbitmq = endpoint.server('rabbitmq');
