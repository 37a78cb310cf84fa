import type { ModelContext } from '../core/model-context';
import type { CoreServer } from './core-server';
import { InvalidArgumentError } from './nats-errors';
import type { Nuid } from './nuid';
import { startTimer } from './timers';

/** What every client object of the model shares: the context, the server, the id source. */
export interface NatsEnv {
  readonly ctx: ModelContext;
  readonly server: CoreServer;
  readonly nuid: Nuid;
  /** Starts a cancellable timer on the model's scheduler. */
  timer(task: () => void, ms: number): () => void;
  /** `createInbox(prefix)`: `_INBOX.<nuid>`. */
  createInbox(prefix?: string): string;
  /** Scheduler time in ms (the model's clock; never the wall clock). */
  now(): number;
}

export function natsEnv(ctx: ModelContext, server: CoreServer, nuid: Nuid): NatsEnv {
  return {
    ctx,
    server,
    nuid,
    timer: (task, ms) => startTimer(ctx, task, ms),
    createInbox(prefix = '') {
      const base = prefix || '_INBOX';
      for (const token of base.split('.')) {
        if (token === '*' || token === '>') {
          throw InvalidArgumentError.format('prefix', `cannot have wildcards ('${base}')`);
        }
      }
      return `${base}.${nuid.next()}`;
    },
    now: () => ctx.scheduler.now(),
  };
}
