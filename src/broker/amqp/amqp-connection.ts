import { EventEmitter } from '../core/event-emitter';
import { reportUserError } from '../core/broker-core';
import { IllegalOperationError } from './amqp-errors';
import { AmqpChannel, AmqpConfirmChannel, type ChannelHost } from './amqp-channel';
import type { AmqpModel } from './amqp-model';

/** The socket options the simulator reads from `amqp.connect(url, socketOptions)`. */
export interface SocketOptions {
  readonly clientProperties?: {
    readonly connection_name?: string;
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

/**
 * An amqplib-shaped connection (the promise API's ChannelModel): createChannel,
 * createConfirmChannel, close, and 'error'/'close' events when the broker drops it.
 *
 * @example
 * const connection = await broker.amqp.connect('amqp://localhost', {
 *   clientProperties: { connection_name: 'billing' },
 * });
 * connection.on('close', () => console.log('gone'));
 */
export class AmqpConnection extends EventEmitter implements ChannelHost {
  readonly channels = new Set<AmqpChannel>();
  /** amqplib's underlying connection; only its serverProperties are meaningful here. */
  readonly connection = {
    serverProperties: {
      product: 'RabbitMQ',
      version: 'simulated',
      platform: 'event-driven-playground',
    },
  };
  private closedWith: Error | undefined;
  private closed = false;

  constructor(
    readonly model: AmqpModel,
    readonly clientName: string,
    /** The broker core: its "soon" queue, and where unheard 'error's go. */
    private readonly core: {
      soon(task: () => void): void;
      unhandledError(owner: string, error: Error): void;
    },
    /** The service whose `amqplib` made this connection (told of 'error's nobody hears). */
    private readonly owner = clientName,
    /** The user it authenticated as: the URL's, else amqplib's default, `guest`. */
    readonly user = 'guest',
  ) {
    super();
    model.connect(this);
  }

  soon(task: () => void): void {
    this.core.soon(task);
  }

  createChannel(): Promise<AmqpChannel> {
    return this.open(new AmqpChannel(this));
  }

  createConfirmChannel(): Promise<AmqpConfirmChannel> {
    return this.open(new AmqpConfirmChannel(this));
  }

  /** Closes the connection: its channels close, unacked messages are requeued. */
  close(): Promise<void> {
    if (this.closed) return Promise.reject(this.closedError());
    this.closed = true;
    this.model.disconnect(this, 'closed');
    for (const channel of [...this.channels]) channel.connectionClosed();
    this.channels.clear();
    return Promise.resolve().then(() => this.safeEmit('close'));
  }

  forgetChannel(channel: AmqpChannel): void {
    this.channels.delete(channel);
  }

  /** The broker dropped this connection (crash, restart): 'error' then 'close' with the error. */
  drop(error: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.closedWith = error;
    for (const channel of [...this.channels]) channel.connectionClosed();
    this.channels.clear();
    this.soon(() => {
      // amqplib's connection is a Node EventEmitter: an 'error' with no listener is thrown and
      // ends the process. The runtime turns that into the owning service's uncaught error.
      if (this.listenerCount('error') > 0) this.safeEmit('error', error);
      else this.core.unhandledError(this.owner, error);
      this.safeEmit('close', error);
    });
  }

  /**
   * The process this connection lived in died (the runtime calls this when a service's thread
   * ends): the broker sees the connection drop, and no 'error' or 'close' fires for anyone, as
   * nobody is left to hear it.
   */
  processCrashed(): void {
    if (!this.closed) {
      this.model.processCrashed(this);
      this.closed = true;
      this.closedWith = new Error('the process crashed');
      for (const channel of [...this.channels]) {
        channel.removeAllListeners();
        channel.connectionClosed();
      }
      this.channels.clear();
    }
    this.removeAllListeners();
  }

  failConnection(error: Error): void {
    if (this.closed) return;
    this.model.disconnect(this, 'connection-error');
    this.drop(error);
  }

  private open<C extends AmqpChannel>(channel: C): Promise<C> {
    if (this.closed) return Promise.reject(this.closedError());
    this.channels.add(channel);
    return Promise.resolve(channel);
  }

  private closedError(): IllegalOperationError {
    return new IllegalOperationError(
      this.closedWith ? `Connection closed (${String(this.closedWith)})` : 'Connection closed',
    );
  }

  private safeEmit(event: string, ...args: unknown[]): void {
    try {
      this.emit(event, ...args);
    } catch (error) {
      reportUserError(error);
    }
  }
}
