import type { Bytes } from '../core/bytes';
import { failures, methods, type AmqpFailure } from './amqp-errors';
import type { MessageProperties } from './amqp-types';
import { enqueueCopies, traceUnroutable } from './enqueue';
import { routeAll } from './exchange-routing';
import { refusedPublish, routingKeysOf } from './publish-checks';
import type { Exchange, PublishOutcome, ServerChannel } from './server-types';
import { addressedExchange, endpoint } from './trace-endpoints';
import type { Vhost } from './vhost';

/**
 * basic.publish. Returns a failure when the exchange does not exist or RabbitMQ refuses the
 * publish (publish-checks.ts; the channel then closes), else how it went (for confirms). The
 * routing keys are the message's own plus its `CC` and `BCC` headers; `BCC` is removed before
 * anyone sees the message. What the exchange cannot route goes to its alternate exchange (and
 * on along their alternates, each tried once, so a loop of them ends), then back to the
 * publisher if `mandatory`, else it is dropped.
 */
export function publish(
  vhost: Vhost,
  channel: ServerChannel,
  exchangeName: string,
  routingKey: string,
  content: Bytes,
  sent: MessageProperties,
  mandatory: boolean,
): AmqpFailure | PublishOutcome {
  const ctx = vhost.ctx;
  const exchange = vhost.exchanges.get(exchangeName);
  if (!exchange) return failures.noExchange(exchangeName, methods.basicPublish);
  const refused = refusedPublish(channel, exchange, sent);
  if (refused) return refused;
  const routingKeys = routingKeysOf(routingKey, sent.headers);
  const properties = withoutBcc(sent);
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
  let targets = routeAll(vhost, exchange, routingKeys, properties.headers);
  let via: Exchange = exchange;
  // An alternate exchange catches what the exchange could not route; each is tried once.
  const tried = new Set<Exchange>([exchange]);
  while (targets.length === 0 && via.alternate !== undefined) {
    const alternate = vhost.exchanges.get(via.alternate);
    if (!alternate || tried.has(alternate)) break;
    tried.add(alternate);
    via = alternate;
    targets = routeAll(vhost, alternate, routingKeys, properties.headers);
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

/** BCC routes the message but is never delivered with it. */
function withoutBcc(properties: MessageProperties): MessageProperties {
  if (!('BCC' in properties.headers)) return properties;
  const headers = { ...properties.headers };
  delete headers['BCC'];
  return { ...properties, headers };
}
