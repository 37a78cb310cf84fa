import { redisSeparator } from './isolate-ioredis';
import { natsStreamSeparator } from './isolate-nats';
import type { DeclaredKind } from './run-names';

/** What {@link removeRunNames} removed, to tell the reader. */
export interface Removed {
  readonly queues: number;
  readonly exchanges: number;
  readonly keys: number;
  readonly streams: number;
}

interface RedisLike {
  scan(cursor: string, ...args: unknown[]): Promise<[string, string[]]>;
  unlink(...keys: string[]): Promise<number>;
  quit(): Promise<unknown>;
}
interface AmqpChannelLike {
  deleteQueue(name: string): Promise<unknown>;
  deleteExchange(name: string): Promise<unknown>;
  on(event: string, listener: (error: unknown) => void): unknown;
  close(): Promise<void>;
}
interface AmqpConnectionLike {
  createChannel(): Promise<AmqpChannelLike>;
  on(event: string, listener: (error: unknown) => void): unknown;
  close(): Promise<void>;
}

interface NatsConnectionLike {
  close(): Promise<void>;
}
interface JetStreamManagerLike {
  streams: { names(): AsyncIterable<string>; delete(name: string): Promise<boolean> };
}

/**
 * Removes from the real broker everything one run made, with a fresh connection of the real
 * client (the services' own are gone by then): Redis keys under the run's tag (Pub/Sub
 * channels keep nothing), RabbitMQ queues and exchanges the services reported before declaring
 * them (AMQP cannot list them: that needs the management plugin), NATS JetStream streams named
with the tag (their consumers go with them; core subjects keep nothing). `load` is the real package
 * loader, so this file bundles none of them.
 */
export async function removeRunNames(
  model: string,
  address: string,
  tag: string,
  declared: ReadonlyMap<string, DeclaredKind>,
  load: (specifier: string) => unknown,
): Promise<Removed> {
  if (model === 'redis') {
    const module = load('ioredis') as { default: new (url: string, options: object) => RedisLike };
    const redis = new module.default(address, { lazyConnect: false, maxRetriesPerRequest: 1 });
    let keys = 0;
    let cursor = '0';
    try {
      do {
        const [next, found] = await redis.scan(
          cursor,
          'MATCH',
          `${tag}${redisSeparator}*`,
          'COUNT',
          500,
        );
        cursor = next;
        if (found.length > 0) keys += await redis.unlink(...found);
      } while (cursor !== '0');
    } finally {
      await redis.quit();
    }
    return { queues: 0, exchanges: 0, keys, streams: 0 };
  }
  if (model === 'amqp') {
    const amqplib = load('amqplib') as { connect(url: string): Promise<AmqpConnectionLike> };
    const connection = await amqplib.connect(address);
    connection.on('error', () => undefined);
    let queues = 0;
    let exchanges = 0;
    try {
      for (const [name, kind] of declared) {
        // A channel per deletion: a refused one closes its channel, not the others.
        const channel = await connection.createChannel();
        channel.on('error', () => undefined);
        try {
          if (kind === 'queue') {
            await channel.deleteQueue(name);
            queues += 1;
          } else if (kind === 'exchange') {
            await channel.deleteExchange(name);
            exchanges += 1;
          }
          await channel.close();
        } catch {
          // Already gone (an exclusive or auto-delete queue went with its connection).
        }
      }
    } finally {
      await connection.close();
    }
    return { queues, exchanges, keys: 0, streams: 0 };
  }
  if (model === 'nats') {
    const transport = load('@nats-io/transport-node') as {
      connect(options: object): Promise<NatsConnectionLike>;
    };
    const jetstream = load('@nats-io/jetstream') as {
      jetstreamManager(nc: NatsConnectionLike): Promise<JetStreamManagerLike>;
    };
    const nc = await transport.connect({ servers: address });
    let streams = 0;
    try {
      const jsm = await jetstream.jetstreamManager(nc);
      const names: string[] = [];
      for await (const name of jsm.streams.names()) {
        if (name.startsWith(`${tag}${natsStreamSeparator}`)) names.push(name);
      }
      for (const name of names) {
        await jsm.streams.delete(name);
        streams += 1;
      }
    } finally {
      await nc.close();
    }
    return { queues: 0, exchanges: 0, keys: 0, streams };
  }
  return { queues: 0, exchanges: 0, keys: 0, streams: 0 };
}
