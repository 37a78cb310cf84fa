import { NatsConnectionImpl } from './connection';
import type { ConnectOptions } from './connect-options';
import { deferred } from './deferred';
import { canonicalMIMEHeaderKey, headers, Match, MsgHdrsImpl } from './headers';
import type { NatsEnv } from './nats-env';
import * as natsErrors from './nats-errors';
import { refusing } from './not-modelled';

/** `import { … } from '@nats-io/transport-node'` as a sandbox sees it. */
export type TransportModule = ReturnType<typeof transportModule>;

const noAuth = 'the simulated server has no authentication: connect() without credentials';

/**
 * The `@nats-io/transport-node` module for one service: `connect()` (client name: the service,
 * unless `connect({ name })`), the `headers()` helper, `createInbox`, `nanos`/`millis`, the
 * error classes, and nats-core's small utilities, with every delay on the model's scheduler.
 * What the simulator does not model refuses when called.
 */
export function transportModule(env: NatsEnv, serviceName: string, onConnect: () => number) {
  const connect = (opts: ConnectOptions = {}): Promise<NatsConnectionImpl> => {
    try {
      const connection = new NatsConnectionImpl(env, serviceName, opts, onConnect());
      // The handshake (INFO, CONNECT, PING/PONG) completes on the scheduler.
      return new Promise((resolve) => env.ctx.soon(() => resolve(connection)));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };
  const delay = (ms = 0) => {
    let cancel = (): void => undefined;
    const promise = new Promise<void>((resolve) => {
      const stop = env.timer(resolve, ms);
      cancel = () => {
        stop();
        resolve();
      };
    });
    return Object.assign(promise, { cancel: () => cancel() });
  };
  const deadline = async <T>(p: Promise<T>, ms = 1000): Promise<T> => {
    const timedOut = deferred<never>();
    const stop = env.timer(() => timedOut.reject(new natsErrors.TimeoutError()), ms);
    try {
      return await Promise.race([p, timedOut]);
    } finally {
      stop();
    }
  };
  return {
    connect,
    headers,
    MsgHdrsImpl,
    Match,
    canonicalMIMEHeaderKey,
    createInbox: (prefix?: string) => env.createInbox(prefix),
    nuid: { next: () => env.nuid.next() },
    Empty: new Uint8Array(0),
    nanos: (millis: number) => millis * 1_000_000,
    millis: (ns: number) => Math.floor(ns / 1_000_000),
    deferred,
    delay,
    deadline,
    syncIterator<T>(src: AsyncIterable<T>) {
      const iterator = src[Symbol.asyncIterator]();
      return {
        async next(): Promise<T | null> {
          const m = await iterator.next();
          return m.done ? null : m.value;
        },
      };
    },
    errors: natsErrors.errors,
    ...natsErrors.errors,
    wsconnect: refusing('wsconnect()', "the simulator's connection is connect()"),
    credsAuthenticator: refusing('credsAuthenticator()', noAuth),
    jwtAuthenticator: refusing('jwtAuthenticator()', noAuth),
    nkeyAuthenticator: refusing('nkeyAuthenticator()', noAuth),
    tokenAuthenticator: refusing('tokenAuthenticator()', noAuth),
    usernamePasswordAuthenticator: refusing('usernamePasswordAuthenticator()', noAuth),
    buildAuthenticator: refusing('buildAuthenticator()', noAuth),
    Bench: refusing('Bench', 'measure with the broker trace and `npm run bench -- broker`'),
    backoff: refusing('backoff()', 'compute retry delays yourself and wait with delay(ms)'),
  };
}
