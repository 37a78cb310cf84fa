/** One message as the server routes it: what a PUB/HPUB carries, plus its trace id. */
export interface WireMessage {
  readonly subject: string;
  /** The reply subject, '' when none. */
  readonly reply: string;
  /** The encoded header block (`NATS/1.0\r\n…\r\n\r\n`), '' when none. */
  readonly hdr: string;
  readonly data: Uint8Array;
  /** The payload as the publisher's string, when it was one (see {@link Published}). */
  readonly text?: string | undefined;
  /** Follows the message through the trace. */
  readonly messageId: string;
  /** How the hand-over to a subscriber is traced; `undefined`: not traced (server internals). */
  readonly trace?: DeliveryTrace | undefined;
}

/** How a delivery shows in the trace (a JetStream delivery shows as coming from its consumer). */
export interface DeliveryTrace {
  readonly kind: 'delivered' | 'redelivered';
  /** `undefined`: from the subject (or queue group) it matched. */
  readonly from?: string | undefined;
  readonly payload?: string | undefined;
  readonly detail?: Readonly<Record<string, unknown>> | undefined;
}

/** What the server needs from a client connection. */
export interface ServerConnection {
  /** The client name in the trace: the service's name, or `connect({ name })`. */
  readonly name: string;
  /** False when the client connected with `noEcho`: it never receives its own publishes. */
  readonly echo: boolean;
  /** A message for the client's subscription `sid`. */
  deliver(sid: number, message: WireMessage): void;
  /** The server dropped the connection (crash or restart). */
  connectionLost(reason: string): void;
}

/** One subscription as the server holds it. */
export interface Interest {
  readonly connection: ServerConnection;
  readonly sid: number;
  readonly subject: string;
  readonly tokens: readonly string[];
  readonly literal: boolean;
  readonly queue: string | undefined;
  /** Auto-unsubscribe after this many messages (`UNSUB sid max`); 0: never. */
  max: number;
  delivered: number;
}

const utf8 = new TextEncoder();
const text = new TextDecoder();

/** UTF-8 bytes of a string. */
export function encodeText(value: string): Uint8Array {
  return utf8.encode(value);
}

/** The bytes as text (for traces and `msg.string()`). */
export function decodeText(bytes: Uint8Array): string {
  return bytes.length === 0 ? '' : text.decode(bytes);
}

/** UTF-8 length of a string, counted without encoding it. */
export function byteLength(value: string): number {
  let n = value.length;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x80) continue;
    // 2 bytes up to U+07FF, 3 up to U+FFFF; a surrogate pair (2 units) makes 4.
    n += c >= 0xd800 && c <= 0xdfff ? 1 : c > 0x7ff ? 2 : 1;
  }
  return n;
}

export const emptyBytes = new Uint8Array(0);

/**
 * A client's message as the server routes it. A string payload stays a string until someone
 * needs the bytes (a stream stores it, a subscriber reads `msg.data`): encoding every publish
 * up front was most of the cost of a core publish → deliver.
 */
export class Published implements WireMessage {
  private bytes: Uint8Array | undefined;

  constructor(
    readonly subject: string,
    readonly reply: string,
    readonly hdr: string,
    private readonly source: Uint8Array | string,
    readonly messageId: string,
    readonly trace: DeliveryTrace | undefined,
  ) {}

  get data(): Uint8Array {
    return (this.bytes ??= typeof this.source === 'string' ? encodeText(this.source) : this.source);
  }

  get text(): string | undefined {
    return typeof this.source === 'string' ? this.source : undefined;
  }
}

/** The payload as text. */
export function payloadText(message: WireMessage): string {
  return message.text ?? decodeText(message.data);
}

/** The payload's size in bytes. */
export function payloadLength(message: WireMessage): number {
  return message.text !== undefined ? byteLength(message.text) : message.data.length;
}
