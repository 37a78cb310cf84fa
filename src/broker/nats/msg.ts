import { brandSurfaceClass } from '../core/client-surface';
import { MsgHdrsImpl } from './headers';
import { decodeText, encodeText, type WireMessage } from './wire';

/** What a received message needs from its connection to answer. */
export interface Responder {
  respond(
    subject: string,
    data: unknown,
    options?: { headers?: MsgHdrsImpl; reply?: string },
  ): void;
}

/**
 * A received message as `@nats-io/nats-core`'s MsgImpl (`lib/msg.js`): `subject`, `reply`,
 * `sid`, `data` (a Uint8Array), `headers` (parsed on first use), `respond()`, `json()`,
 * `string()`. v3 has no codecs: text and JSON come from these two methods.
 */
export class MsgImpl {
  private parsedHeaders: MsgHdrsImpl | undefined;
  private bytes: Uint8Array | undefined;

  constructor(
    private readonly wire: WireMessage,
    readonly sid: number,
    private readonly responder: Responder,
  ) {}

  /** The payload: bytes of this receiver's own, made when first read. */
  get data(): Uint8Array {
    return (this.bytes ??=
      this.wire.text !== undefined ? encodeText(this.wire.text) : this.wire.data.slice());
  }

  get subject(): string {
    return this.wire.subject;
  }

  get reply(): string {
    return this.wire.reply;
  }

  get headers(): MsgHdrsImpl | undefined {
    if (this.wire.hdr && !this.parsedHeaders)
      this.parsedHeaders = MsgHdrsImpl.decode(this.wire.hdr);
    return this.parsedHeaders;
  }

  /** Publishes to the reply subject; false when the message has none. */
  respond(data?: unknown, options?: { headers?: MsgHdrsImpl; reply?: string }): boolean {
    if (!this.reply) return false;
    this.responder.respond(this.reply, data, options);
    return true;
  }

  size(): number {
    return (
      this.wire.subject.length + this.wire.reply.length + this.wire.hdr.length + this.data.length
    );
  }

  json<T = unknown>(reviver?: (key: string, value: unknown) => unknown): T {
    return JSON.parse(this.string(), reviver) as T;
  }

  string(): string {
    return this.wire.text ?? decodeText(this.data);
  }

  requestInfo(): null {
    return null;
  }

  /** The trace id, for the JetStream layer. */
  get messageId(): string {
    return this.wire.messageId;
  }
}

// Crosses to sandbox code with its fields copied (client-surface.ts `NatsMsg`).
brandSurfaceClass(MsgImpl.prototype, 'NatsMsg');
