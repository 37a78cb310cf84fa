import type { ModelContext } from '../core/model-context';
import type { CoreServer } from './core-server';
import { statusHeader } from './headers';
import { nsPerMs } from './stream-config';
import { emptyBytes } from './wire';

/** One pull request (`$JS.API.CONSUMER.MSG.NEXT…`) waiting for messages. */
export interface WaitingRequest {
  readonly reply: string;
  /** Messages it still wants. */
  n: number;
  /** Messages it got. */
  d: number;
  /** Bytes it may still take (0: no byte limit). */
  b: number;
  /** When it ends (ms), undefined: never. */
  readonly expires: number | undefined;
  readonly noWait: boolean;
  /** Idle heartbeat interval (ms; 0: none) and when the next is due. */
  readonly hb: number;
  hbt: number;
}

/** A pull request's options, as the client sends them (durations in nanoseconds). */
interface NextRequest {
  batch?: number;
  expires?: number;
  no_wait?: boolean;
  max_bytes?: number;
  idle_heartbeat?: number;
}

/** What a sweep of the queue found (processWaiting's results). */
export interface Sweep {
  readonly remaining: number;
  /** Messages the live requests still want. */
  readonly batchPending: number;
  /** When the next request expires (ms). */
  readonly nextExpiry: number | undefined;
}

/**
 * A pull consumer's waiting requests, as nats-server 2.9's waitQueue and `processNextMsgRequest`
 * / `processWaiting`: first come first served, a request that still wants more
 * after taking a message goes to the back (concurrent fetches share the messages round-robin),
 * an expired request gets `408 Request Timeout` with what it still wanted, one whose inbox has
 * no subscriber any more is forgotten, and a deleted consumer answers `409 Consumer Deleted`.
 */
export class PullRequests {
  private requests: WaitingRequest[] = [];
  /** When the last request arrived or a message was delivered (ms), for inactivity. */
  last: number;

  constructor(
    private readonly ctx: ModelContext,
    private readonly core: CoreServer,
    private readonly max: number,
    /** The consumer's last delivered sequences, for the heartbeat's headers. */
    private readonly lastSequences: () => { consumer: number; stream: number },
  ) {
    this.last = ctx.scheduler.now();
  }

  get length(): number {
    return this.requests.length;
  }

  /**
   * Queues a request from its JSON body; answers at once (404, 408, 409, 400) when the server
   * would. `available` counts the messages the consumer could deliver now. True when queued.
   */
  add(reply: string, body: string, available: () => number): boolean {
    let request: NextRequest;
    try {
      const trimmed = body.trim();
      request =
        trimmed === ''
          ? { batch: 1 }
          : trimmed.startsWith('{')
            ? (JSON.parse(trimmed) as NextRequest)
            : { batch: Number(trimmed) || 1 };
    } catch (error) {
      this.status(reply, 400, `Bad Request - ${(error as Error).message}`);
      return false;
    }
    const now = this.ctx.scheduler.now();
    const expires = request.expires ? now + Math.floor(request.expires / nsPerMs) : undefined;
    const hb = Math.floor((request.idle_heartbeat ?? 0) / nsPerMs);
    if (hb > 0 && (request.expires ?? 0) < 2 * (request.idle_heartbeat ?? 0)) {
      this.status(reply, 400, 'Bad Request - heartbeat value too large');
      return false;
    }
    if (this.requests.length >= this.max) this.sweep(false);
    if (request.no_wait) {
      const count = available();
      if (count === 0 && expires === undefined) {
        this.last = now;
        this.status(reply, 404, 'No Messages');
        return false;
      }
      if (count > 0 && count < this.sweep(false).batchPending) {
        this.last = now;
        this.status(reply, 408, 'Requests Pending');
        return false;
      }
    }
    if (this.requests.length >= this.max) {
      this.status(reply, 409, 'Exceeded MaxWaiting');
      return false;
    }
    this.requests.push({
      reply,
      n: request.batch ?? 1,
      d: 0,
      b: request.max_bytes ?? 0,
      expires,
      noWait: request.no_wait === true,
      hb,
      hbt: hb > 0 ? now + hb : 0,
    });
    this.last = now;
    return true;
  }

  /** The head request that still has time and a listener, charged one message; or undefined. */
  next(): WaitingRequest | undefined {
    const now = this.ctx.scheduler.now();
    for (let request = this.requests[0]; request; request = this.requests[0]) {
      const live = request.expires === undefined || now < request.expires;
      if (live && this.core.hasInterest(request.reply)) return this.pop(request);
      this.requests.shift();
    }
    return undefined;
  }

  /** processWaiting: ends what expired (and, at the end of the stream, no-wait requests served). */
  sweep(endOfStream: boolean): Sweep {
    const now = this.ctx.scheduler.now();
    let batchPending = 0;
    let nextExpiry: number | undefined;
    for (const request of [...this.requests]) {
      const expired = request.expires !== undefined && now >= request.expires;
      if ((endOfStream && request.noWait && request.d > 0) || expired) {
        this.status(request.reply, 408, 'Request Timeout', request);
        this.remove(request);
        continue;
      }
      if (!this.core.hasInterest(request.reply)) {
        this.remove(request);
        continue;
      }
      batchPending += request.n;
      if (request.hb > 0) {
        if (now >= request.hbt) {
          const { consumer, stream } = this.lastSequences();
          this.status(request.reply, 100, 'Idle Heartbeat', undefined, {
            'Nats-Last-Consumer': String(consumer),
            'Nats-Last-Stream': String(stream),
          });
          request.hbt = now + request.hb;
        }
        if (nextExpiry === undefined || request.hbt < nextExpiry) nextExpiry = request.hbt;
      }
      if (
        request.expires !== undefined &&
        (nextExpiry === undefined || request.expires < nextExpiry)
      ) {
        nextExpiry = request.expires;
      }
    }
    return { remaining: this.requests.length, batchPending, nextExpiry };
  }

  /** The consumer is gone: every waiting request hears 409 Consumer Deleted. */
  release(): void {
    const all = this.requests;
    this.requests = [];
    for (const request of all) this.status(request.reply, 409, 'Consumer Deleted');
  }

  private pop(request: WaitingRequest): WaitingRequest {
    request.d++;
    request.n--;
    if (request.hb > 0) request.hbt = this.ctx.scheduler.now() + request.hb;
    if (request.n > 0 && this.requests.length > 1) {
      this.requests.shift();
      this.requests.push(request);
    } else if (request.n <= 0) this.requests.shift();
    return request;
  }

  private remove(request: WaitingRequest): void {
    this.requests = this.requests.filter((r) => r !== request);
  }

  private status(
    reply: string,
    code: number,
    text: string,
    request?: WaitingRequest,
    headers?: Record<string, string>,
  ): void {
    const extra = request
      ? { 'Nats-Pending-Messages': String(request.n), 'Nats-Pending-Bytes': String(request.b) }
      : headers;
    this.core.publishInternal({
      subject: reply,
      reply: '',
      hdr: statusHeader(code, text, extra),
      data: emptyBytes,
      messageId: '',
    });
  }
}
