import { failures, inequivalentValues, methods, type AmqpFailure } from './amqp-errors';
import type { AssertExchangeOptions } from './amqp-types';
import { stringArgument } from './queue-arguments';
import type { Exchange } from './server-types';
import { endpoint, rabbitmq } from './trace-endpoints';
import type { Vhost } from './vhost';

const exchangeTypes = new Set(['direct', 'fanout', 'topic', 'headers']);

/** The exchanges every RabbitMQ vhost starts with; the server refuses to redeclare or delete them. */
export function declareBuiltInExchanges(vhost: Vhost): void {
  const builtIn = (name: string, type: string): void => {
    const fixed = { durable: true, autoDelete: false, internal: false, alternate: undefined };
    addExchange(vhost, { name, type, ...fixed });
  };
  builtIn('', 'direct');
  builtIn('amq.direct', 'direct');
  builtIn('amq.fanout', 'fanout');
  builtIn('amq.topic', 'topic');
  builtIn('amq.headers', 'headers');
  builtIn('amq.match', 'headers');
}

/** A new exchange with no bindings yet. */
function addExchange(
  vhost: Vhost,
  fields: Omit<Exchange, 'bindings' | 'exchangeBindings' | 'routeCache'>,
): void {
  const empty = { bindings: [], exchangeBindings: [], routeCache: new Map() };
  vhost.exchanges.set(fields.name, { ...fields, ...empty });
}

/**
 * exchange.declare: creates the exchange, or accepts a redeclaration with the same type,
 * durability, auto-delete, internal flag and alternate exchange. An unknown type is a connection error (503), as on RabbitMQ.
 */
export function assertExchange(
  vhost: Vhost,
  name: string,
  type: string,
  options: AssertExchangeOptions = {},
): AmqpFailure | { exchange: string } {
  const method = methods.exchangeDeclare;
  if (!exchangeTypes.has(type)) return failures.unknownExchangeType(type);
  if (name === '') return failures.defaultExchange(method);
  const durable = options.durable ?? true;
  const autoDelete = options.autoDelete ?? false;
  const internal = options.internal ?? false;
  const alternate =
    options.alternateExchange ?? stringArgument(options.arguments?.['alternate-exchange']);
  const existing = vhost.exchanges.get(name);
  if (existing) {
    // RabbitMQ compares these four, in this order, and names the first that differs; of the
    // arguments only `alternate-exchange` (other arguments may differ freely).
    const compared: [string, string | boolean, string | boolean][] = [
      ['type', type, existing.type],
      ['durable', durable, existing.durable],
      ['auto_delete', autoDelete, existing.autoDelete],
      ['internal', internal, existing.internal],
    ];
    for (const [arg, received, current] of compared) {
      if (received !== current) {
        return failures.inequivalent('exchange', name, arg, `'${received}'`, `'${current}'`);
      }
    }
    const differs = inequivalentValues(alternate, existing.alternate);
    if (differs) return failures.inequivalent('exchange', name, 'alternate-exchange', ...differs);
    return { exchange: name };
  }
  if (name.startsWith('amq.')) return failures.reservedName('exchange', name, method);
  addExchange(vhost, { name, type, durable, autoDelete, internal, alternate });
  vhost.ctx.trace({
    kind: 'declared',
    from: rabbitmq,
    to: endpoint.exchange(name),
    detail: { type, durable },
  });
  return { exchange: name };
}

/** exchange.declare with passive set: only whether it exists. */
export function checkExchange(vhost: Vhost, name: string): AmqpFailure | Record<string, never> {
  if (name !== '' && !vhost.exchanges.has(name)) {
    return failures.noExchange(name, methods.exchangeDeclare);
  }
  return {};
}

/** exchange.delete: deleting one that does not exist is no error; built-ins are refused. */
export function deleteExchange(
  vhost: Vhost,
  name: string,
  ifUnused = false,
): AmqpFailure | Record<string, never> {
  const method = methods.exchangeDelete;
  if (name === '') return failures.defaultExchange(method);
  if (name.startsWith('amq.')) return failures.reservedName('exchange', name, method);
  const exchange = vhost.exchanges.get(name);
  if (!exchange) return {};
  const used = exchange.bindings.length > 0 || exchange.exchangeBindings.length > 0;
  if (ifUnused && used) return failures.inUse('exchange', name, method);
  vhost.exchanges.delete(name);
  // Bindings that led to it go with it.
  for (const other of vhost.exchanges.values()) {
    other.exchangeBindings = other.exchangeBindings.filter((b) => b.destination !== name);
  }
  return {};
}
