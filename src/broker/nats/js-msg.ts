import { brandSurfaceClass } from '../core/client-surface';
import type { NatsConnectionImpl } from './connection';
import type { MsgImpl } from './msg';

/** What the client reads from a delivery's `$JS.ACK…` reply subject (`parseInfo`). */
export interface DeliveryInfo {
  domain: string;
  account_hash: string;
  stream: string;
  consumer: string;
  deliveryCount: number;
  redelivered: boolean;
  streamSequence: number;
  deliverySequence: number;
  timestampNanos: number;
  pending: number;
}

export function parseInfo(reply: string): DeliveryInfo {
  const tokens = reply.split('.');
  if (tokens.length === 9) tokens.splice(2, 0, '_', '');
  if (tokens.length < 11 || tokens[0] !== '$JS' || tokens[1] !== 'ACK') {
    throw new Error('unable to parse delivery info - not a jetstream message');
  }
  const n = (i: number) => parseInt(tokens[i]!, 10);
  return {
    domain: tokens[2] === '_' ? '' : tokens[2]!,
    account_hash: tokens[3]!,
    stream: tokens[4]!,
    consumer: tokens[5]!,
    deliveryCount: n(6),
    redelivered: n(6) > 1,
    streamSequence: n(7),
    deliverySequence: n(8),
    timestampNanos: n(9),
    pending: n(10),
  };
}

/**
 * A JetStream message (`lib/jsmsg.js`): the stored message plus its delivery info, and the
 * acks, which the client publishes on the reply subject: `ack()` +ACK, `nak(ms)` -NAK with a
 * delay, `working()` +WPI (restarts the ack wait), `term()` +TERM, `ackAck()` +ACK as a request
 * the server confirms. Only the first ack counts (working() excepted), as in the real client.
 */
export class JsMsgImpl {
  private di: DeliveryInfo | undefined;
  private didAck = false;

  constructor(
    private readonly msg: MsgImpl,
    private readonly nc: NatsConnectionImpl,
    private readonly timeout: number,
  ) {}

  get subject(): string {
    return this.msg.subject;
  }
  get sid(): number {
    return this.msg.sid;
  }
  get data(): Uint8Array {
    return this.msg.data;
  }
  get headers() {
    return this.msg.headers;
  }
  get reply(): string {
    return this.msg.reply;
  }
  get info(): DeliveryInfo {
    this.di ??= parseInfo(this.reply);
    return this.di;
  }
  get redelivered(): boolean {
    return this.info.deliveryCount > 1;
  }
  get seq(): number {
    return this.info.streamSequence;
  }
  get time(): Date {
    return new Date(Math.floor(this.info.timestampNanos / 1_000_000));
  }
  get timestamp(): string {
    return this.time.toISOString();
  }
  get timestampNanos(): bigint {
    return BigInt(this.reply.split('.')[7] ?? '0');
  }

  ack(): void {
    this.doAck('+ACK');
  }

  nak(millis?: number): void {
    this.doAck(millis ? `-NAK ${JSON.stringify({ delay: millis * 1_000_000 })}` : '-NAK');
  }

  working(): void {
    this.doAck('+WPI');
  }

  term(reason = ''): void {
    this.doAck(reason ? `+TERM ${reason}` : '+TERM');
  }

  next(
    subject: string,
    opts: { batch?: number; no_wait?: boolean; expires?: number } = { batch: 1 },
  ): void {
    const args: Record<string, unknown> = {
      batch: opts.batch || 1,
      no_wait: opts.no_wait || false,
    };
    if (opts.expires && opts.expires > 0) args['expires'] = opts.expires * 1_000_000;
    this.msg.respond(`+NXT ${JSON.stringify(args)}`, subject ? { reply: subject } : undefined);
  }

  async ackAck(opts: { timeout?: number } = {}): Promise<boolean> {
    if (this.didAck) return false;
    this.didAck = true;
    if (!this.reply) return false;
    await this.nc.request(this.reply, '+ACK', { timeout: opts.timeout || this.timeout });
    return true;
  }

  json<T = unknown>(): T {
    return this.msg.json<T>();
  }

  string(): string {
    return this.msg.string();
  }

  /** The trace id of the stored message. */
  get messageId(): string {
    return this.msg.messageId;
  }

  private doAck(payload: string): void {
    if (this.didAck) return;
    this.didAck = payload !== '+WPI';
    this.msg.respond(payload);
  }
}

// Crosses to sandbox code with its fields copied (client-surface.ts `JsMsg`).
brandSurfaceClass(JsMsgImpl.prototype, 'JsMsg');
