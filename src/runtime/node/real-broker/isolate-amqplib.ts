import type { DeclareName, RunNames } from './run-names';
import { callReal, wrapObject, type Override } from './wrap-object';

/** Between the run's tag and a queue or exchange name (`edp-1a2b3c.orders`). */
export const amqpSeparator = '.';

type Options = Record<string, unknown> | undefined;
type Message = {
  fields: Record<string, unknown>;
  properties: Record<string, unknown> & { headers?: Record<string, unknown> };
} & Record<string, unknown>;

/**
 * The `amqplib` module as a service of a `--broker real` run sees it: the real package, with
 * `connect(...)` going to the run's server (`address`) and every queue and exchange name renamed
 * on the way to the server and back. The default exchange (''), `amq.*` names and server-named
 * queues (`assertQueue('')`, `amq.gen-…`) are the server's own and pass unchanged. Each queue
 * and exchange is reported through `declare` before it is asked for, so the run can remove it
 * at the end even if the service is stopped mid-call.
 */
export function isolateAmqplib(
  real: Record<string, unknown>,
  address: string,
  names: RunNames,
  declare: DeclareName,
): Record<string, unknown> {
  const own = (name: unknown): name is string =>
    typeof name === 'string' && name !== '' && !name.startsWith('amq.');
  const toServer = (name: unknown): unknown =>
    own(name) ? names.toServer(name, amqpSeparator) : name;
  const toReader = (name: unknown): unknown =>
    typeof name === 'string' ? names.toReader(name, amqpSeparator) : name;
  const declared = (kind: 'queue' | 'exchange', name: unknown): unknown => {
    const serverName = toServer(name);
    if (own(name)) declare(kind, serverName as string);
    return serverName;
  };

  /** Dead-letter and alternate exchanges, and a dead-letter key that names a queue. */
  const renameOptions = (options: Options): Options => {
    if (!options) return options;
    const renamed: Record<string, unknown> = { ...options };
    for (const key of ['deadLetterExchange', 'alternateExchange']) {
      if (key in renamed) renamed[key] = toServer(renamed[key]);
    }
    const args = renamed['arguments'] as Record<string, unknown> | undefined;
    if (args && typeof args === 'object') {
      const renamedArgs: Record<string, unknown> = { ...args };
      for (const key of ['x-dead-letter-exchange', 'alternate-exchange']) {
        if (key in renamedArgs) renamedArgs[key] = toServer(renamedArgs[key]);
      }
      renamed['arguments'] = renamedArgs;
    }
    const deadLetterExchange =
      renamed['deadLetterExchange'] ??
      (renamed['arguments'] as Record<string, unknown> | undefined)?.['x-dead-letter-exchange'];
    // Dead-lettering through the default exchange routes by queue name: that key is a name.
    if (deadLetterExchange === '' && 'deadLetterRoutingKey' in renamed) {
      renamed['deadLetterRoutingKey'] = toServer(renamed['deadLetterRoutingKey']);
    }
    return renamed;
  };
  const renamePublishOptions = (options: Options): Options =>
    options && 'replyTo' in options
      ? { ...options, replyTo: toServer(options['replyTo']) }
      : options;

  /** A delivered message with the reader's names (its exchange, a queue as routing key, x-death). */
  const messageBack = (message: unknown): unknown => {
    if (!message || typeof message !== 'object') return message;
    const msg = message as Message;
    const fields = { ...msg.fields };
    if (fields['exchange'] === '') fields['routingKey'] = toReader(fields['routingKey']);
    fields['exchange'] = toReader(fields['exchange']);
    const properties = { ...msg.properties };
    if (properties['replyTo'] !== undefined)
      properties['replyTo'] = toReader(properties['replyTo']);
    const deaths = properties.headers?.['x-death'];
    if (Array.isArray(deaths)) {
      properties.headers = {
        ...properties.headers,
        'x-death': deaths.map((death: Record<string, unknown>) => ({
          ...death,
          queue: toReader(death['queue']),
          exchange: toReader(death['exchange']),
          'routing-keys': Array.isArray(death['routing-keys'])
            ? death['routing-keys'].map(toReader)
            : death['routing-keys'],
        })),
      };
    }
    return { ...msg, fields, properties };
  };
  const replyBack =
    (key: 'queue' | 'exchange') =>
    async (reply: Promise<unknown>): Promise<unknown> => {
      const ok = (await reply) as Record<string, unknown> | undefined;
      return ok && typeof ok === 'object' && key in ok ? { ...ok, [key]: toReader(ok[key]) } : ok;
    };
  const queueBack = replyBack('queue');
  const exchangeBack = replyBack('exchange');

  const channelOverrides: Record<string, Override> = {
    assertQueue: (target, queue, options) =>
      queueBack(
        callReal(target, 'assertQueue', [
          declared('queue', queue ?? ''),
          renameOptions(options as Options),
        ]) as Promise<unknown>,
      ).then((ok) => {
        // A server-named queue is the run's too: removed at the end unless exclusive.
        const name = (ok as { queue?: unknown } | undefined)?.queue;
        if ((queue === '' || queue === undefined) && typeof name === 'string')
          declare('queue', name);
        return ok;
      }),
    checkQueue: (target, queue) =>
      queueBack(callReal(target, 'checkQueue', [toServer(queue)]) as Promise<unknown>),
    deleteQueue: (target, queue, options) =>
      callReal(target, 'deleteQueue', [toServer(queue), options]),
    purgeQueue: (target, queue) => callReal(target, 'purgeQueue', [toServer(queue)]),
    bindQueue: (target, queue, exchange, ...rest) =>
      callReal(target, 'bindQueue', [toServer(queue), toServer(exchange), ...rest]),
    unbindQueue: (target, queue, exchange, ...rest) =>
      callReal(target, 'unbindQueue', [toServer(queue), toServer(exchange), ...rest]),
    assertExchange: (target, exchange, type, options) =>
      exchangeBack(
        callReal(target, 'assertExchange', [
          declared('exchange', exchange),
          type,
          renameOptions(options as Options),
        ]) as Promise<unknown>,
      ),
    checkExchange: (target, exchange) => callReal(target, 'checkExchange', [toServer(exchange)]),
    deleteExchange: (target, exchange, options) =>
      callReal(target, 'deleteExchange', [toServer(exchange), options]),
    bindExchange: (target, destination, source, ...rest) =>
      callReal(target, 'bindExchange', [toServer(destination), toServer(source), ...rest]),
    unbindExchange: (target, destination, source, ...rest) =>
      callReal(target, 'unbindExchange', [toServer(destination), toServer(source), ...rest]),
    publish: (target, exchange, routingKey, content, options, ...rest) =>
      callReal(target, 'publish', [
        toServer(exchange),
        exchange === '' ? toServer(routingKey) : routingKey,
        content,
        renamePublishOptions(options as Options),
        ...rest,
      ]),
    sendToQueue: (target, queue, content, options, ...rest) =>
      callReal(target, 'sendToQueue', [
        toServer(queue),
        content,
        renamePublishOptions(options as Options),
        ...rest,
      ]),
    consume: (target, queue, onMessage, options) =>
      callReal(target, 'consume', [
        toServer(queue),
        typeof onMessage === 'function'
          ? (message: unknown) => (onMessage as (m: unknown) => unknown)(messageBack(message))
          : onMessage,
        options,
      ]),
    get: async (target, queue, options) =>
      messageBack(await callReal(target, 'get', [toServer(queue), options])),
  };
  const wrapChannel = (channel: unknown): unknown =>
    wrapObject(channel as object, channelOverrides);
  const wrapConnection = (connection: unknown): unknown =>
    wrapObject(connection as object, {
      createChannel: async (target, ...args) =>
        wrapChannel(await (callReal(target, 'createChannel', args) as Promise<unknown>)),
      createConfirmChannel: async (target, ...args) =>
        wrapChannel(await (callReal(target, 'createConfirmChannel', args) as Promise<unknown>)),
    });
  const connect = async (_url: unknown, ...rest: unknown[]): Promise<unknown> => {
    // The code's URL names the broker it was written for; the run's address is where it is.
    const socketOptions = rest.find((arg) => typeof arg === 'object' && arg !== null);
    return wrapConnection(
      await callReal(real, 'connect', [address, ...(socketOptions ? [socketOptions] : [])]),
    );
  };
  return { ...real, connect };
}
