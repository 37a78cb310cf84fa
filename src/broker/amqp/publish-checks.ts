import { AmqpFailure, methods } from './amqp-errors';
import type { MessageProperties } from './amqp-types';
import type { Exchange, ServerChannel } from './server-types';

// What RabbitMQ 3.10 checks on basic.publish before it routes anything, worded as it words it
// (checked against a real one through amqplib; docs/broker-semantics.md, RabbitMQ 37, 40). Each
// refusal closes the publishing channel.

/**
 * The channel error for a publish RabbitMQ refuses, else undefined: an internal exchange (403),
 * a `userId` other than the connection's user (406), an `expiration` that is not a
 * non-negative integer (406), a `CC` or `BCC` header that is not an array (406).
 */
export function refusedPublish(
  channel: ServerChannel,
  exchange: Exchange,
  properties: MessageProperties,
): AmqpFailure | undefined {
  const method = methods.basicPublish;
  if (exchange.internal) {
    return new AmqpFailure(
      403,
      `ACCESS_REFUSED - cannot publish to internal exchange '${exchange.name}' in vhost '/'`,
      method,
    );
  }
  const user = channel.connection.user;
  if (properties.userId !== undefined && properties.userId !== user) {
    return new AmqpFailure(
      406,
      `PRECONDITION_FAILED - user_id property set to '${properties.userId}' but authenticated user was '${user}'`,
      method,
    );
  }
  if (properties.expiration !== undefined) {
    const problem = expirationProblem(properties.expiration);
    if (problem) {
      return new AmqpFailure(
        406,
        `PRECONDITION_FAILED - invalid expiration '${properties.expiration}': ${problem}`,
        method,
      );
    }
  }
  for (const header of ['CC', 'BCC']) {
    const value = properties.headers[header];
    if (value !== undefined && !Array.isArray(value)) {
      return new AmqpFailure(
        406,
        `PRECONDITION_FAILED - invalid message: {unacceptable_type_in_header,"${header}",${wireType(value)}}`,
        method,
      );
    }
  }
  return undefined;
}

/** Erlang's string:to_integer as RabbitMQ reads `expiration`: digits, nothing after, not < 0. */
function expirationProblem(expiration: string): string | undefined {
  const parsed = /^([+-]?\d+)([\s\S]*)$/.exec(expiration);
  if (!parsed) return 'no_integer';
  if (parsed[2] !== '') return `{leftover_string,"${parsed[2]}"}`;
  const value = Number(parsed[1]);
  if (value < 0) return `{value_negative,${value}}`;
  return undefined;
}

function wireType(value: unknown): string {
  if (typeof value === 'string') return 'longstr';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'signedint' : 'double';
  if (value === null) return 'void';
  return 'table';
}

/** The routing keys of a publish: its own, then each in `CC` and `BCC` (sender-selected distribution). */
export function routingKeysOf(routingKey: string, headers: Record<string, unknown>): string[] {
  const keys = [routingKey];
  for (const header of ['CC', 'BCC']) {
    const value = headers[header];
    if (Array.isArray(value)) for (const key of value) keys.push(String(key));
  }
  return keys;
}
