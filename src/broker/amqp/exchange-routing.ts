import { AmqpFailure, failures, methods } from './amqp-errors';
import type { Queue } from './queue';
import type { Binding, Exchange, ExchangeBinding, ServerConnection } from './server-types';
import { endpoint } from './trace-endpoints';
import { headersMatch, invalidHeadersBinding } from './headers-match';
import { topicMatcher } from './topic-match';
import type { Vhost } from './vhost';

/** A queue.bind or queue.unbind as a channel asks for it. */
export interface BindingRequest {
  readonly queue: string;
  readonly exchange: string;
  readonly key: string;
  readonly args: Record<string, unknown>;
}

/**
 * The queues `exchange` routes a message to: the default exchange by queue name, fanout to every
 * bound queue, direct and topic by binding key (cached per routing key), headers by arguments.
 */
export function route(
  vhost: Vhost,
  exchange: Exchange,
  routingKey: string,
  headers: Record<string, unknown>,
): Queue[] {
  if (exchange.name === '') {
    const queue = vhost.queues.get(routingKey);
    return queue ? [queue] : [];
  }
  if (exchange.type === 'headers') return routeByHeaders(exchange, headers);
  const cached = exchange.routeCache.get(routingKey);
  if (cached) return cached;
  const targets: Queue[] = [];
  for (const binding of exchange.bindings) {
    if (exchange.type === 'fanout' || binding.matches(routingKey)) {
      // A queue matched by two bindings still gets one copy.
      if (!targets.includes(binding.queue)) targets.push(binding.queue);
    }
  }
  // Routing keys may be endless (ids in keys): the cache starts over rather than grow.
  if (exchange.routeCache.size > 1000) exchange.routeCache.clear();
  exchange.routeCache.set(routingKey, targets);
  return targets;
}

/** A headers exchange: each binding's arguments against the message's headers (headers-match.ts). */
function routeByHeaders(exchange: Exchange, headers: Record<string, unknown>): Queue[] {
  const targets: Queue[] = [];
  for (const binding of exchange.bindings) {
    if (headersMatch(binding.args, headers) && !targets.includes(binding.queue)) {
      targets.push(binding.queue);
    }
  }
  return targets;
}

/**
 * Every queue a message published to `exchange` with these routing keys (the key, then CC and
 * BCC) reaches: the exchange's own bindings, then exchange-to-exchange bindings followed to
 * their destinations. Each exchange is visited once, so a cycle of bindings ends, and a queue
 * reached twice gets one copy, as on RabbitMQ.
 */
export function routeAll(
  vhost: Vhost,
  exchange: Exchange,
  routingKeys: readonly string[],
  headers: Record<string, unknown>,
): Queue[] {
  const targets: Queue[] = [];
  const visited = new Set<Exchange>([exchange]);
  const pending = [exchange];
  for (let next = pending.shift(); next; next = pending.shift()) {
    for (const key of routingKeys) {
      for (const queue of route(vhost, next, key, headers)) {
        if (!targets.includes(queue)) targets.push(queue);
      }
      for (const binding of next.exchangeBindings) {
        if (!exchangeBindingMatches(next, binding, key, headers)) continue;
        const destination = vhost.exchanges.get(binding.destination);
        if (destination && !visited.has(destination)) {
          visited.add(destination);
          pending.push(destination);
        }
      }
    }
  }
  return targets;
}

function exchangeBindingMatches(
  source: Exchange,
  binding: ExchangeBinding,
  routingKey: string,
  headers: Record<string, unknown>,
): boolean {
  if (source.type === 'fanout') return true;
  if (source.type === 'headers') return headersMatch(binding.args, headers);
  return binding.matches(routingKey);
}

/**
 * queue.bind (adds the binding unless the same one exists) or queue.unbind (removes it; unknown
 * bindings, even with a missing end, are no error). Returns the channel error RabbitMQ gives for a missing or locked end.
 */
export function changeBinding(
  vhost: Vhost,
  connection: ServerConnection,
  request: BindingRequest,
  change: 'bind' | 'unbind',
): AmqpFailure | Record<string, never> {
  const method = change === 'bind' ? methods.queueBind : methods.queueUnbind;
  // Binding to the default exchange is refused before anything else is looked up.
  if (request.exchange === '') return failures.defaultExchange(method);
  // RabbitMQ looks up the exchange (the binding's source) before the queue. Unbinding where
  // either end is missing is no error: there is no such binding.
  const exchange = vhost.exchanges.get(request.exchange);
  if (!exchange) return change === 'unbind' ? {} : failures.noExchange(request.exchange, method);
  if (change === 'unbind' && !vhost.queues.has(request.queue)) return {};
  const queue = vhost.findQueue(connection, request.queue, method);
  if (queue instanceof AmqpFailure) return queue;
  const { key, args } = request;
  if (change === 'bind' && exchange.type === 'headers') {
    const invalid = invalidHeadersBinding(args);
    if (invalid) return invalid;
  }
  const same = (b: Binding): boolean =>
    b.queue === queue && b.key === key && sameArguments(b.args, args);
  if (change === 'unbind') {
    exchange.bindings = exchange.bindings.filter((b) => !same(b));
    exchange.routeCache.clear();
    return {};
  }
  if (!exchange.bindings.some(same)) {
    exchange.bindings.push({
      queue,
      key,
      args: { ...args },
      matches: exchange.type === 'topic' ? topicMatcher(key) : (rk) => rk === key,
    });
    exchange.routeCache.clear();
    vhost.ctx.trace({
      kind: 'declared',
      from: endpoint.exchange(request.exchange),
      to: queue.label,
      detail: { binding: key },
    });
  }
  return {};
}

/**
 * A deleted queue leaves every binding it had; an auto-delete exchange that loses its last
 * binding that way goes too, as on RabbitMQ.
 */
export function unbindDeletedQueue(vhost: Vhost, queue: Queue): void {
  for (const exchange of vhost.exchanges.values()) {
    const before = exchange.bindings.length;
    exchange.bindings = exchange.bindings.filter((b) => b.queue !== queue);
    if (exchange.bindings.length !== before) exchange.routeCache.clear();
    if (exchange.autoDelete && before > 0 && exchange.bindings.length === 0) {
      vhost.exchanges.delete(exchange.name);
    }
  }
}

function sameArguments(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
