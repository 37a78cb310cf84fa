import type { BrokerModel } from '../core/broker-model';
import { natsJetstreamSurface, natsTransportSurface } from './client-surface';
import { CoreServer } from './core-server';
import { JetStreamServer } from './jetstream-server';
import { jetstreamModule, type JetstreamModule } from './jetstream-module';
import { natsEnv } from './nats-env';
import { Nuid } from './nuid';
import { transportModule, type TransportModule } from './transport-module';

export type { JetstreamModule, TransportModule };

/** The import specifiers the model serves. */
export const transportSpecifier = '@nats-io/transport-node';
export const jetstreamSpecifier = '@nats-io/jetstream';

/**
 * NATS: core subjects, queue groups and request/reply, and JetStream streams with pull
 * consumers, behind the real v3 client's API (`@nats-io/transport-node`, `@nats-io/jetstream`).
 */
export const natsModel: BrokerModel = {
  name: 'nats',
  title: 'NATS',
  modules: [transportSpecifier, jetstreamSpecifier],
  surfaces: [natsTransportSurface, natsJetstreamSurface],
  restartText:
    'nats-server restarted: every connection dropped and each client reconnected on its own about 2 s later, sending its subscriptions again; core messages published meanwhile reached nobody. JetStream streams with file storage (the default) kept their messages and durable consumers, whose unacknowledged messages come back after ack_wait; memory-storage streams are gone entirely, as are ephemeral and ordered consumers.',
  create(ctx) {
    const server = new CoreServer(ctx);
    const nuid = new Nuid(() => ctx.random());
    const jetstream = new JetStreamServer(ctx, server, nuid);
    server.system = jetstream;
    const env = natsEnv(ctx, server, nuid);
    const js = jetstreamModule();
    let clients = 0;
    return {
      modulesFor(serviceName) {
        return {
          [transportSpecifier]: transportModule(env, serviceName, () => ++clients),
          [jetstreamSpecifier]: js,
        };
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
        jetstream.restart();
        if (clients > 0) ctx.trace({ kind: 'restarted', from: 'broker', to: 'nats' });
      },
    };
  },
};
