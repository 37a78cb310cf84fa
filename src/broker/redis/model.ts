import type { BrokerModel } from '../core/broker-model';
import { redisSurface } from './client-surface';
import { refuseUnmodelledOptions } from './client-options';
import type { RedisClientOptions } from './redis-client';
import { RedisModel } from './redis-model';
import { StreamsClient } from './streams-client';

/** `import Redis from 'ioredis'` as a sandbox sees it. */
export interface IoredisModule {
  readonly default: RedisConstructor;
  readonly Redis: RedisConstructor;
}

/** `new Redis()`, `new Redis(port, host, options)`, `new Redis(url, options)`, `new Redis(options)`. */
export type RedisConstructor = new (...args: unknown[]) => StreamsClient;

/** Redis Pub/Sub, Streams and the key-value commands beside them, behind an ioredis-shaped client. */
export const redisModel: BrokerModel = {
  name: 'redis',
  title: 'Redis',
  modules: ['ioredis'],
  surfaces: [redisSurface],
  restartText:
    'Redis restarted: every connection dropped (ioredis reconnects and resubscribes on its own), and nothing published meanwhile reached anyone; without persistence, every key is gone.',
  create(ctx) {
    const model = new RedisModel(ctx);
    // A restart is traced only if the run used Redis: the flow view would show a Redis
    // restart in a RabbitMQ sandbox otherwise.
    let used = false;
    return {
      modulesFor(serviceName) {
        class Redis extends StreamsClient {
          constructor(...args: unknown[]) {
            super(model, ctx, serviceName, redisOptions(args));
            used = true;
          }
        }
        const ioredis: IoredisModule = { default: Redis, Redis };
        return { ioredis };
      },
      crash(clientName) {
        const connections = model.crash(clientName);
        if (connections > 0) {
          ctx.trace({ kind: 'crashed', from: clientName, to: 'redis', detail: { connections } });
        }
        return connections;
      },
      restart() {
        model.restart();
        if (used) ctx.trace({ kind: 'restarted', from: 'broker', to: 'redis' });
      },
    };
  },
};

/** Reads ioredis's constructor overloads down to the options object; refuses what is not modelled. */
function redisOptions(args: unknown[]): RedisClientOptions {
  const url = args.find((arg): arg is string => typeof arg === 'string' && arg.includes('://'));
  const options = (args.find((arg) => arg !== null && typeof arg === 'object') ??
    {}) as RedisClientOptions;
  refuseUnmodelledOptions(options, url);
  return options;
}
