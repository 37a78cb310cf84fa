import type { BrokerModel } from '../core/broker-model';
import { CoreServer } from './core-server';
import { natsEnv } from './nats-env';
import { Nuid } from './nuid';
import { transportModule, type TransportModule } from './transport-module';

export type { TransportModule };

/** The import specifiers the model serves. */
export const transportSpecifier = '@nats-io/transport-node';

/** NATS core (subjects, queue groups, request/reply) behind the real v3 client's API. */
export const natsModel: BrokerModel = {
  name: 'nats',
  title: 'NATS',
  modules: [transportSpecifier],
  restartText:
    'nats-server restarted: every connection dropped and each client reconnected on its own about 2 s later, sending its subscriptions again; core messages published meanwhile reached nobody.',
  create(ctx) {
    const server = new CoreServer(ctx);
    const env = natsEnv(ctx, server, new Nuid(() => ctx.random()));
    let clients = 0;
    return {
      modulesFor(serviceName) {
        return { [transportSpecifier]: transportModule(env, serviceName, () => ++clients) };
      },
      crash(clientName) {
        const connections = server.crash(clientName);
        if (connections > 0) {
          ctx.trace({ kind: 'crashed', from: clientName, to: 'nats', detail: { connections } });
        }
        return connections;
      },
      restart() {
        server.restart();
        if (clients > 0) ctx.trace({ kind: 'restarted', from: 'broker', to: 'nats' });
      },
    };
  },
};
