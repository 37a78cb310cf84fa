import type { Bytes } from '../core/bytes';
import { failures, methods, type AmqpFailure } from './amqp-errors';
import type { MessageProperties } from './amqp-types';
import { enqueueCopies, traceUnroutable } from './enqueue';
import { route } from './exchange-routing';
import type { PublishOutcome, ServerChannel } from './server-types';
import { addressedExchange, endpoint } from './trace-endpoints';
import type { Vhost } from './vhost';

/**
 * basic.publish. Returns a failure when the exchange does not exist (the channel then closes),
 * else how it went (for confirms). What the exchange cannot route goes to its alternate exchange,
 * then back to the publisher if `mandatory`, else it is dropped.
 */
export function publish(
  vhost: Vhost,
  channel: ServerChannel,
  exchangeName: string,
  routingKey: string,
  content: Bytes,
  properties: MessageProperties,
  mandatory: boolean,
): AmqpFailure | PublishOutcome {
  const ctx = vhost.ctx;
  const exchange = vhost.exchanges.get(exchangeName);
  if (!exchange) return failures.noExchange(exchangeName, methods.basicPublish);
  const id = ctx.nextMessageId();
  const text = ctx.traced ? content.toString() : undefined;
  const label = addressedExchange(exchangeName);
  ctx.trace({
    kind: 'published',
    from: channel.clientName,
    to: label,
    messageId: id,
    payload: text,
    detail: ctx.traced ? { exchange: exchangeName, routingKey, properties } : undefined,
  });
  let targets = route(vhost, exchange, routingKey, properties.headers);
  let via = exchange;
  // An alternate exchange catches what the exchange could not route.
  while (targets.length === 0 && via.alternate !== undefined) {
    const alternate = vhost.exchanges.get(via.alternate);
    if (!alternate || alternate === exchange) break;
    via = alternate;
    targets = route(vhost, alternate, routingKey, properties.headers);
  }
  if (targets.length === 0) {
    if (mandatory) {
      ctx.trace({
        kind: 'returned',
        from: label,
        to: channel.clientName,
        messageId: id,
        reason: 'no-route',
        payload: text,
      });
      const returned = {
        content,
        fields: { replyCode: 312, replyText: 'NO_ROUTE', exchange: exchangeName, routingKey },
        properties,
      };
      ctx.soon(() => channel.returned(returned));
    } else traceUnroutable(vhost, label, id, text);
    return 'unroutable';
  }
  const expiration =
    properties.expiration === undefined ? undefined : Number(properties.expiration);
  // The hop from an alternate exchange names it `exchange:<name>`, the default one included
  // (`exchange:`), where the exchange published to is named as `addressedExchange` names it.
  const viaLabel = via === exchange ? label : endpoint.exchange(via.name);
  const message = { id, content, properties, exchange: exchangeName, routingKey, text };
  return enqueueCopies(vhost, viaLabel, targets, message, expiration);
}
