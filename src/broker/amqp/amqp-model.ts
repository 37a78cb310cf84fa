import type { ModelContext } from '../core/model-context';
import { recover, settle } from './acknowledgements';
import {
  closeChannel,
  connect,
  crash,
  disconnect,
  processCrashed,
  restart,
} from './broker-lifecycle';
import { cancel, consume, get } from './consumers';
import {
  assertExchange,
  checkExchange,
  declareBuiltInExchanges,
  deleteExchange,
} from './exchange-declarations';
import { changeExchangeBinding, type ExchangeBindingRequest } from './exchange-bindings';
import { changeBinding, type BindingRequest } from './exchange-routing';
import { publish } from './publishing';
import { assertQueue, checkQueue, deleteQueue, purgeQueue } from './queue-declarations';
import type { ServerConnection } from './server-types';
import { Vhost } from './vhost';

/**
 * The RabbitMQ model: exchanges (direct, fanout, topic, headers, and the default one), queues
 * with TTL, max-length and dead-lettering, round-robin dispatch under prefetch, acks, requeues
 * with `redelivered`, returns of mandatory messages, durability across a restart. Every hop is
 * traced; every delivery waits for the scheduler.
 *
 * This is only the wiring: each job lives in its own file as functions over one {@link Vhost},
 * and the model hands the client side (`amqp-channel.ts`, `amqp-connection.ts`) those functions
 * with the vhost filled in, one per AMQP method or server event.
 */
export function createAmqpModel(ctx: ModelContext, queueCap?: number) {
  const vhost = new Vhost(ctx, queueCap);
  declareBuiltInExchanges(vhost);
  return {
    // Connections, crashes and restarts: broker-lifecycle.ts
    connect: connect.bind(undefined, vhost),
    disconnect: disconnect.bind(undefined, vhost),
    closeChannel: closeChannel.bind(undefined, vhost),
    processCrashed: processCrashed.bind(undefined, vhost),
    crash: crash.bind(undefined, vhost),
    restart: restart.bind(undefined, vhost),
    // Declarations: exchange-declarations.ts, queue-declarations.ts, exchange-routing.ts
    assertExchange: assertExchange.bind(undefined, vhost),
    checkExchange: checkExchange.bind(undefined, vhost),
    deleteExchange: deleteExchange.bind(undefined, vhost),
    assertQueue: assertQueue.bind(undefined, vhost),
    checkQueue: checkQueue.bind(undefined, vhost),
    deleteQueue: deleteQueue.bind(undefined, vhost),
    purgeQueue: purgeQueue.bind(undefined, vhost),
    bindQueue: (connection: ServerConnection, request: BindingRequest) =>
      changeBinding(vhost, connection, request, 'bind'),
    unbindQueue: (connection: ServerConnection, request: BindingRequest) =>
      changeBinding(vhost, connection, request, 'unbind'),
    bindExchange: (request: ExchangeBindingRequest) =>
      changeExchangeBinding(vhost, request, 'bind'),
    unbindExchange: (request: ExchangeBindingRequest) =>
      changeExchangeBinding(vhost, request, 'unbind'),
    // Messages: publishing.ts, consumers.ts (dispatch: consumer-dispatch.ts), acknowledgements.ts
    publish: publish.bind(undefined, vhost),
    consume: consume.bind(undefined, vhost),
    cancel: cancel.bind(undefined, vhost),
    get: get.bind(undefined, vhost),
    settle: settle.bind(undefined, vhost),
    recover: recover.bind(undefined, vhost),
  };
}

/** The RabbitMQ model as its client side sees it (see {@link createAmqpModel}). */
export type AmqpModel = ReturnType<typeof createAmqpModel>;
