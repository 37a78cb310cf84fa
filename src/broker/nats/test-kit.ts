import { startVirtualBroker, type VirtualBroker } from '../core/virtual-run';
import type { TraceEvent } from '../core/trace-event';
import type { JetstreamModule } from './jetstream-module';
import type { TransportModule } from './transport-module';
import type { NatsConnectionImpl as NatsConnection } from './connection';

/** A virtual-time broker and a service's NATS modules, for the unit tests of this folder. */
export interface NatsTestKit extends VirtualBroker {
  /** The `@nats-io/transport-node` module of service `name`. */
  nats(name?: string): TransportModule;
  /** The `@nats-io/jetstream` module of service `name`. */
  js(name?: string): JetstreamModule;
  /** A connection of service `name`, once connected. */
  connect(name?: string, opts?: Record<string, unknown>): Promise<NatsConnection>;
  /** Runs virtual time until `work` settles; fails if it never does. */
  drive<T>(work: Promise<T>): Promise<T>;
  /** Trace events of the NATS model only, of the given kinds. */
  natsEvents(...kinds: TraceEvent['kind'][]): TraceEvent[];
}

export function natsTestKit(seed = 1): NatsTestKit {
  const run = startVirtualBroker({ seed });
  return {
    ...run,
    nats: (name = 'svc') =>
      run.broker.modulesFor(name)['@nats-io/transport-node'] as TransportModule,
    js: (name = 'svc') => run.broker.modulesFor(name)['@nats-io/jetstream'] as JetstreamModule,
    connect(name = 'svc', opts = {}) {
      return this.drive(
        (run.broker.modulesFor(name)['@nats-io/transport-node'] as TransportModule).connect(opts),
      );
    },
    async drive<T>(work: Promise<T>): Promise<T> {
      let settled = false;
      const watched = work.finally(() => (settled = true));
      watched.catch(() => undefined);
      for (let i = 0; i < 1000 && !settled; i++) await run.run(run.scheduler.now() + 1000);
      if (!settled) throw new Error('the scenario never finished in virtual time');
      return watched;
    },
    natsEvents: (...kinds) =>
      run.events.filter(
        (e) => e.model === 'nats' && (kinds.length === 0 || kinds.includes(e.kind)),
      ),
  };
}

/** A connected service with its JetStream manager and client, for JetStream tests. */
export async function jetStreamOf(kit: NatsTestKit, service = 'svc') {
  const nc = await kit.connect(service);
  const { jetstream, jetstreamManager } = kit.js(service);
  const jsm = await kit.drive(jetstreamManager(nc));
  return { nc, jsm, js: jetstream(nc) };
}

/** Collects what a callback subscription receives as `subject:text`. */
export function collector(): {
  got: string[];
  callback: (err: Error | null, m: { subject: string; string(): string }) => void;
} {
  const got: string[] = [];
  return {
    got,
    callback: (err, m) => {
      if (err) got.push(`error:${err.message}`);
      else got.push(`${m.subject}:${m.string()}`);
    },
  };
}
