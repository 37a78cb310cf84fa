import { isolateAmqplib } from './isolate-amqplib';
import { isolateIoredis } from './isolate-ioredis';
import { isolateNatsTransport } from './isolate-nats';
import { createRunNames, type DeclareName } from './run-names';
import type { RealServiceData } from './real-thread-messages';

/**
 * The client modules a service of a `--broker real` run gets for its model, keyed by import
 * specifier: the real packages behind the run's renaming. Other specifiers (`@nats-io/jetstream`,
 * `node:crypto`) load as they are: JetStream works through the connection it is handed, which is
 * already the renamed one (isolate-nats.ts renames its API requests).
 */
export function realClientModules(
  data: RealServiceData,
  load: (specifier: string) => unknown,
  declare: DeclareName,
): Record<string, unknown> {
  const names = createRunNames(data.tag);
  if (data.model === 'redis') {
    return { ioredis: isolateIoredis(load('ioredis') as object, data.address, names) };
  }
  if (data.model === 'amqp') {
    return {
      amqplib: isolateAmqplib(
        load('amqplib') as Record<string, unknown>,
        data.address,
        names,
        declare,
      ),
    };
  }
  if (data.model === 'nats') {
    return {
      '@nats-io/transport-node': isolateNatsTransport(
        load('@nats-io/transport-node') as Record<string, unknown>,
        data.address,
        names,
      ),
    };
  }
  return {};
}
