import { deferred } from './deferred';
import type { MsgHdrsImpl } from './headers';
import type { MsgImpl } from './msg';
import { InvalidArgumentError, NoRespondersError, RequestError } from './nats-errors';
import { RequestMux } from './request-mux';
import type { SubOpts, SubscriptionImpl } from './subscription';

export interface RequestOptions {
  timeout?: number;
  headers?: MsgHdrsImpl;
  noMux?: boolean;
  reply?: string;
  traceDestination?: string;
  traceOnly?: boolean;
}

/** What a request needs from its connection. */
export interface RequestingConnection {
  subscribe(subject: string, opts: SubOpts): SubscriptionImpl;
  publish(subject: string, data: unknown, options: { reply: string; headers?: MsgHdrsImpl }): void;
  /** Publishes without the client's checks (nats-core publishes a noMux request that way). */
  respond(subject: string, data: unknown, options: { reply: string; headers?: MsgHdrsImpl }): void;
  createInbox(): string;
  startTimer(task: () => void, ms: number): () => void;
  /** Throws what the connection's checks throw (closed, draining, bad subject). */
  checkRequest(subject: string): void;
  token(): string;
}

/**
 * `nc.request()` as nats-core's NatsConnectionImpl does it (`lib/nats.js`): by default through
 * the connection's shared inbox (one subscription, a token per request); with `noMux` through
 * a one-message subscription of its own. A timeout rejects with TimeoutError; a 503 answer
 * with a RequestError caused by NoRespondersError.
 */
export class Requester {
  private mux: RequestMux | undefined;

  constructor(private readonly nc: RequestingConnection) {}

  request(subject: string, data: unknown, opts: RequestOptions): Promise<MsgImpl> {
    try {
      this.nc.checkRequest(subject);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const timeout = opts.timeout || 1000;
    if (timeout < 1) {
      return Promise.reject(InvalidArgumentError.format('timeout', 'must be greater than 0'));
    }
    if (!opts.noMux && opts.reply) {
      return Promise.reject(
        InvalidArgumentError.format(['reply', 'noMux'], 'are mutually exclusive'),
      );
    }
    if (opts.noMux) return this.ownInbox(subject, data, timeout, opts);
    const mux = this.initMux();
    const token = this.nc.token();
    const { reply, answer } = mux.add(token, subject, timeout, (task, ms) =>
      this.nc.startTimer(task, ms),
    );
    try {
      this.nc.publish(subject, data, { reply, ...(opts.headers ? { headers: opts.headers } : {}) });
    } catch (error) {
      mux.fail(token, error instanceof Error ? error : new Error(String(error)));
    }
    return answer;
  }

  /** The connection closed: waiting requests fail. */
  close(): void {
    this.mux?.close();
  }

  private initMux(): RequestMux {
    if (this.mux) return this.mux;
    const mux = new RequestMux(this.nc.createInbox());
    const sub = this.nc.subscribe(`${mux.baseInbox}*`, {
      callback: (_err, msg) => mux.dispatch(msg),
    });
    sub.requestSubject = mux.baseInbox;
    this.mux = mux;
    return mux;
  }

  private ownInbox(subject: string, data: unknown, timeout: number, opts: RequestOptions) {
    const inbox = opts.reply || this.nc.createInbox();
    const answer = deferred<MsgImpl>();
    const sub: SubscriptionImpl = this.nc.subscribe(inbox, {
      max: 1,
      timeout,
      callback: (err, msg) => {
        let error = err;
        if (!error && msg.data.length === 0 && msg.headers?.code === 503) {
          const cause = new NoRespondersError(subject);
          error = new RequestError(cause.message, { cause });
        }
        if (error) {
          answer.reject(error);
          sub.unsubscribe();
        } else answer.resolve(msg);
      },
    });
    sub.requestSubject = subject;
    this.nc.respond(subject, data, {
      reply: inbox,
      ...(opts.headers ? { headers: opts.headers } : {}),
    });
    return answer;
  }
}
