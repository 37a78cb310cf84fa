import { deferred, type Deferred } from './deferred';
import type { MsgImpl } from './msg';
import { NoRespondersError, RequestError, TimeoutError } from './nats-errors';

/** One request waiting for its first answer on the shared inbox. */
interface PendingRequest {
  readonly token: string;
  readonly subject: string;
  readonly answer: Deferred<MsgImpl>;
  cancelTimer: () => void;
}

/**
 * nats-core's MuxSubscription and RequestOne (`lib/muxsubscription.js`, `lib/request.js`): every
 * `nc.request()` of a connection shares one inbox subscription `_INBOX.<nuid>.*`; each request
 * waits on its own token. An empty answer with status 503 is the server's "no responders";
 * the rejection is a RequestError whose cause is a NoRespondersError, as in the real client.
 */
export class RequestMux {
  readonly baseInbox: string;
  private readonly requests = new Map<string, PendingRequest>();

  constructor(inbox: string) {
    this.baseInbox = `${inbox}.`;
  }

  /** Registers a request; returns its reply subject and the promise of its answer. */
  add(
    token: string,
    subject: string,
    timeoutMs: number,
    startTimer: (task: () => void, ms: number) => () => void,
  ): { reply: string; answer: Promise<MsgImpl> } {
    const answer = deferred<MsgImpl>();
    const request: PendingRequest = { token, subject, answer, cancelTimer: () => undefined };
    request.cancelTimer = startTimer(() => {
      this.requests.delete(token);
      answer.reject(new TimeoutError());
    }, timeoutMs);
    this.requests.set(token, request);
    return { reply: `${this.baseInbox}${token}`, answer };
  }

  /** A message arrived on the shared inbox. */
  dispatch(msg: MsgImpl): void {
    if (!msg.subject.startsWith(this.baseInbox)) return;
    const request = this.requests.get(msg.subject.slice(this.baseInbox.length));
    if (!request) return;
    this.requests.delete(request.token);
    request.cancelTimer();
    if (msg.data.length === 0 && msg.headers?.code === 503) {
      const cause = new NoRespondersError(request.subject);
      request.answer.reject(new RequestError(cause.message, { cause }));
    } else request.answer.resolve(msg);
  }

  /** The publish of a request failed: it ends with that error. */
  fail(token: string, error: Error): void {
    const request = this.requests.get(token);
    if (!request) return;
    this.requests.delete(token);
    request.cancelTimer();
    request.answer.reject(error);
  }

  /** The connection closed: every waiting request fails with "connection closed". */
  close(): void {
    const error = new RequestError('connection closed');
    for (const request of this.requests.values()) {
      request.cancelTimer();
      request.answer.reject(error);
    }
    this.requests.clear();
  }
}
