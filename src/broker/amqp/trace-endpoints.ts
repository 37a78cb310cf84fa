import { endpoint } from '../core/endpoint';

/**
 * The `from`/`to` strings the RabbitMQ model writes on trace events come from the broker-wide
 * builders in `../core/endpoint.ts`, which the flow view parses with; this file adds what only
 * RabbitMQ names. A client end is its connection's `clientName`, a bare service name.
 */
export { endpoint };

/**
 * The exchange a message is published or dead-lettered to: `''` is the default exchange, which
 * readers know by its UI name rather than as an empty `exchange:`.
 */
export function addressedExchange(name: string): string {
  return name === '' ? endpoint.defaultExchange : endpoint.exchange(name);
}

/** The server end of connections, crashes and declarations; built once, written often. */
export const rabbitmq = endpoint.server('rabbitmq');
