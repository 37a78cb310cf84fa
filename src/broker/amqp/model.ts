import type { BrokerModel } from '../core/broker-model';
import { amqpSurface } from './client-surface';
import { AmqpConnection, type SocketOptions } from './amqp-connection';
import { createAmqpModel } from './amqp-model';
import { endpoint, rabbitmq } from './trace-endpoints';

/** `import amqp from 'amqplib'` as a sandbox sees it. */
export interface AmqplibModule {
  readonly default: { connect: AmqpConnect };
  readonly connect: AmqpConnect;
}

export type AmqpConnect = (url?: unknown, socketOptions?: SocketOptions) => Promise<AmqpConnection>;

/** RabbitMQ (AMQP 0-9-1: exchanges, queues, acks, prefetch, TTL, dead-lettering) behind amqplib. */
export const amqpModel: BrokerModel = {
  name: 'amqp',
  title: 'RabbitMQ',
  modules: ['amqplib'],
  surfaces: [amqpSurface],
  restartText:
    'RabbitMQ restarted: every connection closed (unacked messages went back to their queues first); durable queues kept their persistent messages, everything else is gone.',
  create(ctx, options) {
    const model = createAmqpModel(ctx, options.queueCap);
    let used = false;
    return {
      modulesFor(serviceName) {
        const connect: AmqpConnect = (url, socketOptions) => {
          // amqplib names a connection by `clientProperties.connection_name`, as the
          // management UI shows it; the service's name otherwise.
          const requested = socketOptions?.clientProperties?.connection_name;
          const name = typeof requested === 'string' ? requested : serviceName;
          used = true;
          const user = userOf(url);
          return Promise.resolve(new AmqpConnection(model, name, ctx, serviceName, user));
        };
        const amqplib: AmqplibModule = { default: { connect }, connect };
        return { amqplib };
      },
      crash(clientName) {
        const connections = model.crash(clientName);
        if (connections > 0) {
          ctx.trace({ kind: 'crashed', from: clientName, to: rabbitmq, detail: { connections } });
        }
        return connections;
      },
      restart() {
        model.restart();
        if (used) ctx.trace({ kind: 'restarted', from: endpoint.broker, to: rabbitmq });
      },
    };
  },
};

/** The user amqplib logs in as: the URL's (`amqp://user:pass@host`), else `guest`. */
function userOf(url: unknown): string {
  const given =
    typeof url === 'string'
      ? /^amqps?:\/\/([^:@/]*)(?::[^@/]*)?@/.exec(url)?.[1]
      : typeof url === 'object' && url !== null
        ? (url as { username?: unknown }).username
        : undefined;
  return typeof given === 'string' && given !== '' ? decodeURIComponent(given) : 'guest';
}
