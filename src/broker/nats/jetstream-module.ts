import { NatsConnectionImpl } from './connection';
import type { JetStreamOptions } from './js-api-client';
import { JetStreamClient } from './jetstream-client';
import { JetStreamManager } from './jetstream-manager';
import { JetStreamApiCodes, JetStreamApiError, JetStreamError } from './js-errors';
import * as types from './js-types';
import { PullConsumerImpl } from './pull-consumer';

/** `import { … } from '@nats-io/jetstream'` as a sandbox sees it. */
export type JetstreamModule = ReturnType<typeof jetstreamModule>;

function connectionOf(nc: unknown): NatsConnectionImpl {
  if (nc instanceof NatsConnectionImpl) return nc;
  throw new TypeError(
    'jetstream() needs a connection made with connect() from @nats-io/transport-node',
  );
}

/**
 * The `@nats-io/jetstream` module: `jetstream(nc)`, `await jetstreamManager(nc)` (which, as
 * the real one, first asks the server for account info), the policy enums and error classes.
 */
export function jetstreamModule() {
  const jetstream = (nc: unknown, opts: JetStreamOptions = {}) =>
    new JetStreamClient(connectionOf(nc), opts);
  const jetstreamManager = async (nc: unknown, opts: JetStreamOptions = {}) => {
    const connection = connectionOf(nc);
    const manager = new JetStreamManager(
      connection,
      opts,
      () => new JetStreamClient(connection, opts),
    );
    if (opts.checkAPI !== false) await manager.getAccountInfo();
    return manager;
  };
  return {
    jetstream,
    jetstreamManager,
    ...types,
    JetStreamApiCodes,
    JetStreamApiError,
    JetStreamError,
    // What the package's entry point exports, no more: its other error classes
    // (ConsumerNotFoundError, jserrors…) are internal to @nats-io/jetstream 3.
    isPullConsumer: (v: unknown) => v instanceof PullConsumerImpl,
    isPushConsumer: () => false,
  };
}
