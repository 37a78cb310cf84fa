import { failures, methods, type AmqpFailure } from './amqp-errors';
import { invalidHeadersBinding } from './headers-match';
import type { ExchangeBinding } from './server-types';
import { endpoint } from './trace-endpoints';
import { topicMatcher } from './topic-match';
import type { Vhost } from './vhost';

/** An exchange.bind or exchange.unbind as a channel asks for it (amqplib's argument order). */
export interface ExchangeBindingRequest {
  readonly destination: string;
  readonly source: string;
  readonly key: string;
  readonly args: Record<string, unknown>;
}

/**
 * exchange.bind / exchange.unbind: what the source routes also goes through the destination
 * (routing follows them in exchange-routing.ts `routeAll`). As on RabbitMQ 3.10: the default
 * exchange at either end is 403, a missing one 404 on bind (the source is looked up first) and nothing on unbind,
 * binding twice adds nothing and unbinding what is not bound is no error.
 */
export function changeExchangeBinding(
  vhost: Vhost,
  request: ExchangeBindingRequest,
  change: 'bind' | 'unbind',
): AmqpFailure | Record<string, never> {
  const method = change === 'bind' ? methods.exchangeBind : methods.exchangeUnbind;
  if (request.destination === '' || request.source === '') return failures.defaultExchange(method);
  const source = vhost.exchanges.get(request.source);
  const destination = vhost.exchanges.get(request.destination);
  // Unbinding where either end is missing is no error: there is no such binding.
  if ((!source || !destination) && change === 'unbind') return {};
  if (!source) return failures.noExchange(request.source, method);
  if (!destination) return failures.noExchange(request.destination, method);
  const { key, args } = request;
  const same = (b: ExchangeBinding): boolean =>
    b.destination === destination.name && b.key === key && sameArguments(b.args, args);
  if (change === 'unbind') {
    source.exchangeBindings = source.exchangeBindings.filter((b) => !same(b));
    return {};
  }
  if (source.type === 'headers') {
    const invalid = invalidHeadersBinding(args, method);
    if (invalid) return invalid;
  }
  if (!source.exchangeBindings.some(same)) {
    source.exchangeBindings.push({
      destination: destination.name,
      key,
      args: { ...args },
      matches: source.type === 'topic' ? topicMatcher(key) : (rk) => rk === key,
    });
    vhost.ctx.trace({
      kind: 'declared',
      from: endpoint.exchange(source.name),
      to: endpoint.exchange(destination.name),
      detail: { binding: key },
    });
  }
  return {};
}

function sameArguments(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
